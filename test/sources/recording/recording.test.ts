import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UserError } from '../../../src/errors';
import { emptyHostValues, HOST_COUNTER_IDS } from '../../../src/fields/host-counters';
import { COUNTER_COLUMNS } from '../../../src/fields/registry';
import { RECORDING_FORMAT } from '../../../src/sources/recording/format';
import { RecordingSource } from '../../../src/sources/recording/recording-source';
import { RecordingWriter } from '../../../src/output/recording-writer';
import { checkAppendTarget } from '../../../src/output/append-check';
import type { Group, Sample } from '../../../src/sample/sample';
import { makeGroup } from '../../support/groups';

const dir = mkdtempSync(join(tmpdir(), 'balloontop-recording-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const tmp = (ext = 'jsonl') => join(dir, `r${++n}.${ext}`);

function group(gid: number, name: string, kind: Group['kind'], v: number): Group {
  return makeGroup(gid, name, kind, { MEMSZ: 2048 + v, MCTLSZ: v / 3, MCTLMAX: 1300.15 });
}

function sample(i: number): Sample {
  const values = emptyHostValues();
  values.free = 590 - i;
  values.minFree = 403;
  values.state = 1;
  values.memctlCurrent = 5154 + i * 0.1;
  return {
    time: Date.UTC(2026, 10, 26, 12, 0, 0) + i * 5000 + (i % 2) * 250,
    host: { hostname: 'esx01.lab', values, state: 'clear', extra: {} },
    groups: [group(1303673, 'portunus', 'vm', i), group(5481, 'hostd.66694', 'userworld', 0)],
  };
}

async function readAll(path: string): Promise<{ samples: Sample[]; src: RecordingSource }> {
  const src = await RecordingSource.open(path);
  const samples: Sample[] = [];
  for (let s; (s = await src.next()); ) samples.push(s);
  await src.close();
  return { samples, src };
}

function record(path: string, samples: Sample[], gzip = false): void {
  const w = RecordingWriter.open({ path, gzip, mode: 'create', source: { kind: 'simulation', label: 'test' } });
  for (const s of samples) w.write(s);
  w.close();
}

test('the header names the format, the version, the source and the registry fields', () => {
  const path = tmp();
  record(path, [sample(0)]);
  const [first, second] = readFileSync(path, 'utf8').split('\n');
  const h = JSON.parse(first);
  assert.equal(h.format, RECORDING_FORMAT);
  assert.equal(h.version, 1);
  assert.deepEqual(h.source, { kind: 'simulation', label: 'test' });
  assert.equal(h.hostname, 'esx01.lab');
  assert.deepEqual(h.fields.host, [...HOST_COUNTER_IDS]);
  assert.deepEqual(h.fields.group, COUNTER_COLUMNS.map((c) => c.id));
  const s = JSON.parse(second);
  assert.equal(s.h.length, HOST_COUNTER_IDS.length);
  assert.equal(s.g[0][3].length, COUNTER_COLUMNS.length);
});

test('notes, unknown counters, a state word and another host name are kept', async () => {
  const s = sample(3);
  s.notes = [{ text: 'The host enters soft state: ballooning starts', pause: true }];
  s.host.extra = { 'Memory Future MBytes': 12.5 };
  s.groups[0].extra = { 'Future Counter': 7 };
  s.host.state = 'soft';
  const t = sample(4);
  t.host.hostname = null;
  const path = tmp();
  record(path, [s, t]);
  const { samples } = await readAll(path);
  assert.deepEqual(samples, [s, t]);
});

test('a torn last line is reported with file and line, and skipped', async () => {
  const path = tmp();
  record(path, [sample(0), sample(1), sample(2)]);
  const size = statSync(path).size;
  truncateSync(path, size - 40);
  const { samples, src } = await readAll(path);
  assert.deepEqual(samples, [sample(0), sample(1)]);
  const w = src.warnings();
  assert.equal(w.length, 1);
  assert.match(w[0].message, new RegExp(`^${path.replace(/[.]/g, '\\.')}:4: the last line is torn`));
  assert.equal(src.tornLine, 4);
});

test('gzip: a recording cut off inside its last gzip member loses only that sample', async () => {
  const path = tmp('jsonl.gz');
  record(path, [sample(0), sample(1), sample(2)], true);
  const size = statSync(path).size;
  truncateSync(path, size - 30);
  const { samples, src } = await readAll(path);
  assert.deepEqual(samples, [sample(0), sample(1)]);
  assert.equal(src.gzip, true);
  assert.equal(src.warnings().length, 1);
  assert.match(src.warnings()[0].message, /:4: the last line is torn/);
});

test('appending (plain and gzip members) continues the same recording', async () => {
  for (const gzip of [false, true]) {
    const path = tmp(gzip ? 'jsonl.gz' : 'jsonl');
    record(path, [sample(0), sample(1)], gzip);
    const target = await checkAppendTarget(path);
    assert.equal(target.samples, 2);
    assert.equal(target.gzip, gzip);
    const w = RecordingWriter.open({ path, gzip: target.gzip, mode: 'append', source: { kind: 'simulation', label: 'again' }, existingHeader: target.header });
    w.write(sample(2));
    w.close();
    const { samples, src } = await readAll(path);
    assert.deepEqual(samples, [sample(0), sample(1), sample(2)]);
    assert.deepEqual(src.warnings(), []);
  }
});

test('appending to a torn recording is refused with a way out', async () => {
  const path = tmp();
  record(path, [sample(0), sample(1)]);
  truncateSync(path, statSync(path).size - 10);
  await assert.rejects(checkAppendTarget(path), (e: Error) => e instanceof UserError && /cannot append: .*:3: the last line is torn/.test(e.message));
});

test('a recording from another registry version loads: mapped by id, unknown ids kept as extra, missing ids null', async () => {
  const path = tmp();
  const header = { format: RECORDING_FORMAT, version: 7, source: { kind: 'live', label: 'https://esx01/sdk' }, hostname: 'esx01', created: '2030-01-01T00:00:00.000Z', fields: { host: ['hyperFree', 'free', 'state'], group: ['MCTLSZ', 'NEWCOL', 'SWCUR'] } };
  const line = { t: 1893456000000, h: [42, 590, 2], g: [[10, 'vm1', 'vm', [100.5, 3, null]]], future: 'ignored' };
  writeFileSync(path, `${JSON.stringify(header)}\n${JSON.stringify(line)}\n`);
  const { samples, src } = await readAll(path);
  assert.deepEqual(src.warnings(), []);
  const [s] = samples;
  assert.equal(s.time, 1893456000000);
  assert.equal(s.host.values.free, 590);
  assert.equal(s.host.values.minFree, null);
  assert.equal(s.host.state, 'soft');
  assert.deepEqual(s.host.extra, { hyperFree: 42 });
  assert.equal(s.host.hostname, 'esx01');
  const g = s.groups[0];
  assert.equal(g.values.MCTLSZ, 100.5);
  assert.equal(g.values.SWCUR, null);
  assert.equal(g.values.MEMSZ, null);
  assert.deepEqual(g.extra, { NEWCOL: 3 });
  await assert.rejects(checkAppendTarget(path), /other fields/);
});

test('a bad line in the middle is reported and skipped; the rest is read', async () => {
  const path = tmp();
  record(path, [sample(0), sample(1)]);
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.splice(2, 0, '{"t":"yesterday"}');
  writeFileSync(path, lines.join('\n'));
  const { samples, src } = await readAll(path);
  assert.deepEqual(samples, [sample(0), sample(1)]);
  assert.match(src.warnings()[0].message, /:3: not a sample \(no time "t"\); skipped/);
});

test('fatal: not a recording, header without samples, corrupt gzip', async () => {
  const notRec = tmp();
  writeFileSync(notRec, '{"hello":"world"}\n');
  await assert.rejects(RecordingSource.open(notRec), (e: Error) => e instanceof UserError && e.message === `${notRec}:1: not a balloontop recording (the first line has no "format":"${RECORDING_FORMAT}")`);
  const headerOnly = tmp();
  record(headerOnly, []);
  const src = await RecordingSource.open(headerOnly);
  await assert.rejects(src.next(), (e: Error) => e instanceof UserError && e.message === `${headerOnly}: has a header but no samples`);
  await src.close();
  const corrupt = tmp('jsonl.gz');
  const gz = gzipSync(readFileSync(headerOnly));
  gz.fill(0x55, 12, 30);
  writeFileSync(corrupt, gz);
  await assert.rejects(
    (async () => {
      const r = await RecordingSource.open(corrupt);
      try {
        await r.next();
      } finally {
        await r.close();
      }
    })(),
    (e: Error) => e instanceof UserError && e.message.startsWith(`${corrupt}: corrupt gzip data`),
  );
});

test('the writer refuses to overwrite unless told to', () => {
  const path = tmp();
  record(path, [sample(0)]);
  assert.throws(() => RecordingWriter.open({ path, gzip: false, mode: 'create', source: { kind: 'capture', label: 'x' } }), /already exists \(use --force/);
  const w = RecordingWriter.open({ path, gzip: false, mode: 'overwrite', source: { kind: 'capture', label: 'x' } });
  w.write(sample(5));
  w.close();
  assert.equal(readFileSync(path, 'utf8').split('\n').length, 3);
});

test('gzip: cut anywhere inside the last member, the earlier samples are read and the cut is reported', async () => {
  const path = tmp('jsonl.gz');
  record(path, [sample(0), sample(1)], true);
  const before = statSync(path).size;
  const w = RecordingWriter.open({ path, gzip: true, mode: 'append', source: { kind: 'simulation', label: 'x' }, existingHeader: (await checkAppendTarget(path)).header });
  w.write(sample(2));
  w.close();
  const full = readFileSync(path);
  for (let cut = before + 1; cut < full.length; cut += 7) {
    const p = tmp('jsonl.gz');
    writeFileSync(p, full.subarray(0, cut));
    const { samples, src } = await readAll(p);
    // Cut inside the member's trailer, the whole sample is there: it is kept, never half of it.
    assert.deepEqual(samples, samples.length === 3 ? [sample(0), sample(1), sample(2)] : [sample(0), sample(1)], `cut at ${cut}`);
    assert.equal(src.warnings().length, 1, `cut at ${cut}`);
    assert.match(src.warnings()[0].message, new RegExp(`:${samples.length + 2}: (the last line is torn|the recording ends inside a gzip member)`));
    await assert.rejects(checkAppendTarget(p), /cannot append/);
  }
});
