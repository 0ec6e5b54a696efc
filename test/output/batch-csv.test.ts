import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { runCli } from '../support/run-cli';
import { requireTool } from '../support/tools';
import { emptyHostValues, HOST_COUNTER_IDS, HOST_COUNTERS } from '../../src/fields/host-counters';
import type { CounterId } from '../../src/fields/group-fields';
import { COUNTER_COLUMNS, COUNTER_IDS } from '../../src/fields/registry';
import { BatchCsvWriter, formatCaptureTime, formatNumber, groupBatchFormat, hostBatchFormat } from '../../src/output/batch-csv';
import { writeBatch } from '../../src/output/batch';
import { sampleToJson } from '../../src/output/json-lines';
import { CaptureSource } from '../../src/sources/capture/capture-source';
import type { Group, Sample } from '../../src/sample/sample';
import type { SampleSource, SourceWarning } from '../../src/sources/source';
import { makeGroup } from '../support/groups';

const dir = mkdtempSync(join(tmpdir(), 'balloontop-csv-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function group(gid: number, name: string, v: number | null): Group {
  return makeGroup(gid, name, 'vm', { MCTLSZ: v, MCTLMAX: 1000 });
}

function sample(t: number, groups: Group[]): Sample {
  const values = emptyHostValues();
  values.free = 590;
  values.state = 2;
  return { time: t, host: { hostname: 'esx01', values, state: 'soft', extra: {} }, groups };
}

/** A source over samples in memory (for writer edge cases the real captures do not have). */
class ListSource implements SampleSource {
  readonly info = { kind: 'simulation' as const, label: 'list', realtime: false };
  private i = 0;
  constructor(private readonly list: Sample[]) {}
  async next() {
    return this.list[this.i++] ?? null;
  }
  warnings(): SourceWarning[] {
    return [{ message: 'list:7: something odd; skipped', count: 3 }];
  }
  async close() {}
}

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void) {
    this.text += chunk.toString('utf8');
    cb();
  }
}

async function readBack(text: string): Promise<Sample[]> {
  const file = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, text);
  const src = await CaptureSource.open(file);
  const out: Sample[] = [];
  for (let s; (s = await src.next()); ) out.push(s);
  await src.close();
  return out;
}

test('numbers as esxtop prints them: two decimals, integers, flags; missing is empty', () => {
  for (const v of [0, 1, -1, 0.1 + 0.2, 1e-7, 123456789.123, 2097.16, 0.125, -0.004, 196.5, 1302, 99999.994, 4e12]) {
    assert.equal(formatNumber(v, 'fixed2'), (Object.is(Math.round(v * 100), -0) || Math.round(Math.abs(v) * 100) === 0 ? 0 : v).toFixed(2), String(v));
  }
  assert.equal(formatNumber(1302, 'fixed2'), '1302.00');
  assert.equal(formatNumber(0.4, 'fixed2'), '0.40');
  assert.equal(formatNumber(8083.4, 'int'), '8083');
  assert.equal(formatNumber(-3, 'int'), '-3');
  assert.equal(formatNumber(-0.2, 'int'), '0');
  assert.equal(formatNumber(1, 'flag'), '1');
  assert.equal(formatNumber(0, 'flag'), '0');
  assert.equal(formatNumber(1.5e20, 'fixed2'), (1.5e20).toFixed(2));
  assert.equal(formatNumber(2.5e-7, 'shortest'), '2.5e-7');
  assert.equal(formatNumber(null, 'fixed2'), '');
});

test('timestamps are MM/dd/yyyy HH:mm:ss in UTC, whole seconds', () => {
  assert.equal(formatCaptureTime(Date.UTC(2018, 3, 4, 9, 5, 2)), '04/04/2018 09:05:02');
  assert.equal(formatCaptureTime(Date.UTC(2018, 3, 4, 9, 5, 2, 750)), '04/04/2018 09:05:02');
});

test('names with quotes, commas, parentheses and unicode, and unknown counters read back identically', async () => {
  const a = group(10, 'web (prod), "blue" – ü', 1.5);
  a.extra = { 'Future MBytes': 4.25 };
  const b = group(11, 'db:1', null);
  const s1 = sample(Date.UTC(2026, 0, 1, 0, 0, 0), [a, b]);
  s1.host.extra = { 'Hyper Free MBytes': 77 };
  const s2 = sample(Date.UTC(2026, 0, 1, 0, 0, 5), [group(10, a.name, 2.5), group(11, 'db:1', 3)]);
  s2.groups[0].extra = { 'Future MBytes': 5 };
  s2.host.extra = { 'Hyper Free MBytes': 78 };
  const w = new BatchCsvWriter();
  const text = w.header(s1) + w.row(s1).toString('utf8') + w.row(s2).toString('utf8');
  assert.ok(text.includes('"\\\\esx01\\Group Memory(10:web (prod), ""blue"" – ü)\\Future MBytes"'));
  const back = await readBack(text);
  assert.deepEqual(back, [s1, s2]);
});

test('a group that disappears gets empty cells; one that appears later is reported once (suggesting --json)', async () => {
  const s1 = sample(Date.UTC(2026, 0, 1), [group(10, 'a', 1), group(11, 'b', 2)]);
  const s2 = sample(Date.UTC(2026, 0, 1, 0, 0, 5), [group(10, 'a', 3), group(12, 'c', 4)]);
  const s3 = sample(Date.UTC(2026, 0, 1, 0, 0, 10), [group(12, 'c', 5), group(13, 'd', 6)]);
  const out = new Collect();
  const err = new Collect();
  assert.equal(await writeBatch(new ListSource([s1, s2, s3]), { format: 'csv', limit: null, out, err }), 0);
  const errLines = err.text.trim().split('\n');
  assert.equal(errLines.length, 2, err.text);
  assert.match(errLines[0], /^balloontop: list: group 12:c appeared after the first sample .*use --json/);
  assert.equal(errLines[1], 'balloontop: list:7: something odd; skipped (and 2 more like it)');
  const back = await readBack(out.text);
  assert.deepEqual(back[1].groups.map((g) => g.name), ['a', 'b']);
  const b = back[1].groups[1];
  assert.ok(Object.values(b.values).every((v) => v === null), 'b is gone: every cell empty');
  assert.deepEqual(back[2].groups.map((g) => g.values.MCTLSZ), [null, null]);
});

test('-n limits the samples', async () => {
  const list = [0, 1, 2, 3].map((i) => sample(Date.UTC(2026, 0, 1, 0, 0, i * 5), [group(10, 'a', i)]));
  const out = new Collect();
  await writeBatch(new ListSource(list), { format: 'json', limit: 2, out, err: new Collect() });
  assert.equal(out.text.split('\n').filter(Boolean).length, 2);
});

test('JSON lines: ISO UTC time, host values by registry id and the state word, groups with every column id', async () => {
  const s = sample(Date.UTC(2026, 0, 1, 12, 0, 0), [group(10, 'a', 1.25)]);
  s.notes = [{ text: 'soft state', pause: false }];
  const out = new Collect();
  await writeBatch(new ListSource([s]), { format: 'json', limit: null, out, err: new Collect() });
  const o = JSON.parse(out.text.trim());
  assert.deepEqual(o, JSON.parse(JSON.stringify(sampleToJson(s))));
  assert.equal(o.time, '2026-01-01T12:00:00.000Z');
  assert.equal(o.host.state, 'soft');
  assert.deepEqual(Object.keys(o.host.values), [...HOST_COUNTER_IDS]);
  assert.equal(o.host.values.free, 590);
  assert.equal(o.host.values.minFree, null);
  assert.deepEqual(Object.keys(o.groups[0].values), COUNTER_COLUMNS.map((c) => c.id));
  assert.deepEqual({ gid: o.groups[0].gid, name: o.groups[0].name, kind: o.groups[0].kind, MCTLSZ: o.groups[0].values.MCTLSZ }, { gid: 10, name: 'a', kind: 'vm', MCTLSZ: 1.25 });
  assert.deepEqual(o.notes, [{ text: 'soft state', pause: false }]);
});

test('a realtime source: paced by -d, and Ctrl-C ends the output between samples with exit 0', async () => {
  const list = [0, 1].map((i) => sample(Date.UTC(2026, 0, 1, 0, 0, i * 5), [group(10, 'a', i)]));
  let calls = 0;
  const live: SampleSource = {
    info: { kind: 'live', label: 'https://esx01/sdk', realtime: true },
    // Two answers, then a host that never answers again.
    next: () => (calls++ < list.length ? Promise.resolve(list[calls - 1]) : new Promise(() => {})),
    warnings: () => [],
    close: async () => {},
  };
  const out = new Collect();
  const done = writeBatch(live, { format: 'json', limit: null, out, err: new Collect(), delaySeconds: 0.02 });
  while (calls < 3) await new Promise((r) => setTimeout(r, 5));
  assert.equal(out.text.split('\n').filter(Boolean).length, 2, 'two samples out, waiting for the third answer');
  process.emit('SIGINT', 'SIGINT');
  assert.equal(await done, 0);
  assert.equal(out.text.split('\n').filter(Boolean).length, 2);
  assert.equal(process.listenerCount('SIGINT'), 0, 'handlers removed');
});

for (const via of ['simulation', 'recording of a simulation']) {
test(`${via}: -b is written with esxtop's conventions and reads back in balloontop and in Python's csv module`, async (t) => {
  const sim = ['sim', '--scenario', 'overcommit', '--seed', '3', '-n', '12'];
  let args = [...sim, '-b'];
  if (via !== 'simulation') {
    const rec = join(dir, 'sim.jsonl.gz');
    const recorded = await runCli(['record', ...sim, '-o', rec, '--force']);
    assert.equal(recorded.code, 0, recorded.stderr);
    args = ['replay', rec, '-b'];
  }
  const r = await runCli(args);
  assert.equal(r.code, 0, r.stderr);
  const file = join(dir, 'sim.csv');
  writeFileSync(file, r.stdout);
  const rows = r.stdout.trimEnd().split('\n');
  const header = rows[0].slice(1, -1).split('","');
  const decimals = new Map<string, RegExp>([
    ['Memctl?', /^[01]$/],
    ['Members', /^\d+$/],
    ['Alloc Shares', /^-?\d+$/],
    ['Memctl MBytes', /^\d+\.\d\d$/],
    ['Swap Read MBytes/sec', /^\d+\.\d\d$/],
    ['Memory Size MBytes', /^\d+\.\d\d$/],
    ['Free MBytes', /^\d+$/],
    ['Memory Overcommit (1 Minute Avg)', /^\d+\.\d\d$/],
  ]);
  let checked = 0;
  for (const line of rows.slice(1)) {
    const cells = line.slice(1, -1).split('","');
    assert.equal(cells.length, header.length);
    assert.match(cells[0], /^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/, 'whole seconds');
    cells.forEach((cell, i) => {
      const form = decimals.get(header[i].slice(header[i].lastIndexOf('\\') + 1));
      if (form && cell !== '') {
        assert.match(cell, form, header[i]);
        checked++;
      }
    });
  }
  assert.ok(checked > 100);
  const back = await readBack(r.stdout);
  assert.equal(back.length, 12);
  assert.ok(back[0].groups.length > 0);
  if (!requireTool(t, 'python3', 'apt-get install python3')) return;
  const py = spawnSync('python3', ['-c', 'import csv,sys\nrows=list(csv.reader(open(sys.argv[1],newline="")))\nprint(len(rows), len({len(r) for r in rows}), rows[1][0])', file], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const [count, widths, first] = py.stdout.trim().split(' ');
  assert.equal(Number(count), 13);
  assert.equal(Number(widths), 1, 'every row as wide as the header');
  assert.match(first, /^\d\d\/\d\d\/\d{4}$/);
});
}

test('every cell of a row is the value as formatNumber writes it, for random values of every magnitude and sign', () => {
  const random = (k: number) => (k % 5 === 0 ? -1 : 1) * Math.random() * 10 ** ((k % 11) - 2);
  const values = emptyHostValues();
  HOST_COUNTER_IDS.forEach((id, k) => (values[id] = random(k)));
  const groups = [0, 1, 2].map((n) => {
    const g = group(100 + n, `vm${n}`, null);
    COUNTER_IDS.forEach((id, k) => (g.values[id] = k === 3 && n === 1 ? null : random(k + n * 7)));
    return g;
  });
  const s: Sample = { time: Date.UTC(2026, 0, 1), host: { hostname: 'esx01', values, state: 'soft', extra: {} }, groups };
  const w = new BatchCsvWriter();
  w.header(s);
  const cells = w.row(s).toString('utf8').trim().slice(1, -1).split('","');
  const expected = [
    formatCaptureTime(s.time),
    ...HOST_COUNTERS.map((c) => formatNumber(values[c.id], hostBatchFormat(c.unit))),
    ...groups.flatMap((g) => COUNTER_COLUMNS.map((c) => formatNumber(g.values[c.id as CounterId], groupBatchFormat(c)))),
  ];
  assert.deepEqual(cells, expected);
});
