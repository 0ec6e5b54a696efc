/**
 * `-b` and `--json` of a capture go through the projection (its own reader
 * of rows); the dashboard, `record` and `serve` read the same capture as
 * Samples. These tests hold the two to each other, and `-b` to the capture's
 * own text: cell by cell on the real captures; the same samples, the same
 * warnings and the same JSON on damaged and re-saved captures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { writeBatch } from '../../../../src/output/batch';
import { jsonLine } from '../../../../src/output/json-lines';
import { CaptureSource } from '../../../../src/sources/capture/capture-source';
import { parseCsv } from '../../../../src/sources/capture/csv-scanner';
import { parseCounterPath } from '../../../../src/sources/capture/pdh-header';
import type { Sample } from '../../../../src/sample/sample';
import type { SourceWarning } from '../../../../src/sources/source';
import { capture } from '../../../support/paths';
import { runCli } from '../../../support/run-cli';
import { memoryCapture, path, quote, tempDir, toCsv, write } from '../synthetic';

const REAL = ['esxi65-ballooning-a.csv', 'esxi65-ballooning-b.csv', 'excel-resaved.csv'];

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void) {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** What the sample reader makes of a file. */
async function samplesOf(file: string): Promise<{ samples: Sample[]; warnings: SourceWarning[] }> {
  const src = await CaptureSource.open(file);
  const samples: Sample[] = [];
  try {
    for (let s; (s = await src.next()); ) samples.push(s);
  } finally {
    await src.close();
  }
  return { samples, warnings: src.warnings() };
}

/** What the projection writes for a file (in this process, through the same writeBatch the CLI uses). */
async function project(file: string, format: 'csv' | 'json'): Promise<{ text: string; err: string }> {
  const src = await CaptureSource.open(file);
  const out = new Collect();
  const err = new Collect();
  try {
    assert.equal(await writeBatch(src, { format, limit: null, out, err }), 0);
  } finally {
    await src.close();
  }
  return { text: out.text(), err: err.text() };
}

function memoryColumns(header: string[]): number[] {
  const keep: number[] = [];
  header.forEach((cell, i) => {
    const p = parseCounterPath(cell);
    if (p && ((p.object === 'Memory' && p.instance === null) || (p.object === 'Group Memory' && p.instance !== null && /^\d+:/.test(p.instance)))) keep.push(i);
  });
  return keep;
}

for (const name of REAL) {
  test(`${name}: replay -b is the capture's memory columns, cell by cell, as the capture has them`, async () => {
    const source = parseCsv(readFileSync(capture(name))).map((r) => r.cells as string[]);
    const r = await runCli(['replay', capture(name), '-b']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const out = parseCsv(r.stdout).map((row) => row.cells as string[]);
    const keep = memoryColumns(source[0]);
    assert.ok(keep.length > 0);
    assert.deepEqual(out[0], [source[0][0], ...keep.map((i) => source[0][i])], 'the header: the first cell, then the memory columns in the file order');
    const rows = source.slice(1).filter((row) => row.length > 1);
    assert.equal(out.length - 1, rows.length);
    let cells = 0;
    rows.forEach((row, k) => {
      assert.equal(out[k + 1][0], row[0], `row ${k + 1}: timestamp`);
      keep.forEach((i, n) => {
        assert.equal(out[k + 1][n + 1], row[i], `row ${k + 1}, ${source[0][i]}`);
        cells++;
      });
    });
    assert.ok(cells >= keep.length);
    // As esxtop writes it: every cell quoted, LF line ends.
    for (const line of r.stdout.split('\n').filter(Boolean)) assert.match(line, /^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$/);
  });

  test(`${name}: --json of the projection is the JSON of the samples the reader makes`, async () => {
    const { samples } = await samplesOf(capture(name));
    const { text } = await project(capture(name), 'json');
    assert.equal(text, samples.map(jsonLine).join(''), 'byte for byte');
  });
}

/** A small memory-only capture with every kind of damage the readers recover from. */
function damaged(): string {
  const rows = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }, { gid: 11, name: 'hostd.11' }], times: ['04/24/2018 10:49:12', '04/24/2018 10:49:17', '04/24/2018 10:49:22', '04/24/2018 10:49:27', '04/24/2018 10:49:32', '04/24/2018 10:49:29', '04/24/2018 10:49:37'] });
  rows[2][3] = 'n/a'; // a cell that is not a number
  rows[2][5] = ' 12.5 '; // spaces around a number
  rows[2][6] = '1e3';
  rows[3][0] = '02/30/2018 10:49:22'; // no such day
  rows[4].pop(); // a cell short
  rows[7][4] = ''; // a missing value (and row 6 goes back in time)
  const text = toCsv(rows);
  // A blank line, a null row, a CRLF, and a last line cut inside a cell.
  return `${text.replace('\n', '\n\n').replace(/\n(?=[^\n]*$)/, '\r\n')},,,,\n${quote('04/24/2018 10:49:42')},"12`;
}

test('damaged captures: the projection reads the same samples and reports the same problems as the sample reader', async (t) => {
  const dir = tempDir(t);
  const variants: Record<string, string> = {
    damaged: damaged(),
    unquoted: toCsv(memoryCapture({ groups: [{ gid: 10, name: 'vm1' }] }), { quoted: false }),
    'crlf-bom-no-final-eol': toCsv(memoryCapture({ groups: [{ gid: 10, name: 'vm, "one"' }] }), { eol: '\r\n', bom: true, noFinalEol: true }),
    'lone-cr': toCsv(memoryCapture({ groups: [{ gid: 10, name: 'vm1' }] }), { eol: '\r' }),
    'quoted-line-break-in-another-column': toCsv([
      ['(PDH-CSV 4.0) (UTC)(0)', path('Physical Cpu', '0', 'Note'), path('Memory', null, 'Free MBytes'), path('Group Memory', '7:vm', 'Memctl MBytes')],
      ['04/24/2018 10:49:12', 'two\nlines, "quoted"', '590', '1302.00'],
      ['04/24/2018 10:49:17', 'x', '591', 'bad'],
    ]),
  };
  for (const [name, content] of Object.entries(variants)) {
    const file = write(dir, `${name}.csv`, content);
    const want = await samplesOf(file);
    const csv = await project(file, 'csv');
    const expectedErr = want.warnings.map((w) => `balloontop: ${w.count > 1 ? `${w.message} (and ${w.count - 1} more like it)` : w.message}\n`).join('');
    assert.equal(csv.err, expectedErr, `${name}: the same warnings`);
    if (name === 'damaged') assert.equal(want.warnings.length, 5, `every kind of damage is there: ${expectedErr}`);
    const back = write(dir, `${name}.b.csv`, csv.text);
    const again = await samplesOf(back);
    // Rows out of time order are kept, so they are still out of order in the output.
    assert.deepEqual(again.warnings.filter((w) => !/goes back in time/.test(w.message)), [], `${name}: the -b output is clean`);
    assert.deepEqual(
      again.samples.map((s) => ({ ...s, groups: s.groups.map((g) => ({ ...g, kind: null })) })),
      want.samples.map((s) => ({ ...s, groups: s.groups.map((g) => ({ ...g, kind: null })) })),
      `${name}: -b reads back to the same samples`,
    );
    const json = await project(file, 'json');
    assert.equal(json.text, want.samples.map(jsonLine).join(''), `${name}: --json`);
  }
});

test('a cell that is not a number is written empty, a number with spaces as it is', async (t) => {
  const dir = tempDir(t);
  const file = write(dir, 'd.csv', damaged());
  const { text, err } = await project(file, 'csv');
  const rows = parseCsv(text).map((r) => r.cells as string[]);
  assert.equal(rows[1 + 1][3], '', 'n/a is missing');
  assert.equal(rows[1 + 1][5], ' 12.5 ');
  assert.match(err, /d\.csv:4: column 4 \(.*\) is "n\/a", not a number; shown as missing/);
});

/** esxi65-ballooning-a.csv as a spreadsheet in a decimal-comma locale saves it: `;` between cells, `,` in numbers. */
function europeanCopy(quoted: boolean, separator = ';'): string {
  const rows = parseCsv(readFileSync(capture('esxi65-ballooning-a.csv'))).map((r) => r.cells as string[]);
  const cell = (c: string) => (/^-?\d+\.\d+$/.test(c) ? c.replace('.', ',') : c);
  return rows.map((r) => r.map((c) => (quoted ? quote(cell(c)) : cell(c))).join(separator)).join('\n') + '\n';
}

test('a capture re-saved with ; separators and decimal commas reads to the same samples, and -b gives back esxtop\'s own text', async (t) => {
  const dir = tempDir(t);
  const original = await samplesOf(capture('esxi65-ballooning-a.csv'));
  const b = await project(capture('esxi65-ballooning-a.csv'), 'csv');
  for (const [quoted, separator] of [[true, ';'], [false, ';'], [true, ','], [false, '\t']] as const) {
    const file = write(dir, `eu-${quoted}-${separator === '\t' ? 'tab' : separator}.csv`, europeanCopy(quoted, separator));
    const eu = await samplesOf(file);
    assert.deepEqual(eu.warnings, []);
    assert.deepEqual(eu.samples, original.samples, `quoted ${quoted}, separator ${JSON.stringify(separator)}`);
    const euB = await project(file, 'csv');
    assert.equal(euB.err, '');
    assert.equal(euB.text, b.text, `quoted ${quoted}: the same -b`);
  }
});

test('a header whose cells are separated by neither , nor ; is refused with one line naming the file', async (t) => {
  const dir = tempDir(t);
  const file = write(dir, 'pipes.csv', '"(PDH-CSV 4.0) (UTC)(0)"|"\\\\h\\Memory\\Free MBytes"\n"04/24/2018 10:49:12"|"590"\n');
  const r = await runCli(['replay', file, '-b']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `balloontop: ${file}:1: cells separated by neither "," nor ";" (the first header cell is followed by "|"), not an esxtop batch capture\n`);
});

test('-n and gzip work the same through the projection', async (t) => {
  const dir = tempDir(t);
  const { gzipSync } = await import('node:zlib');
  const file = write(dir, 'a.csv.gz', gzipSync(readFileSync(capture('esxi65-ballooning-a.csv'))));
  const r = await runCli(['replay', file, '-b', '-n', '2']);
  assert.equal(r.code, 0, r.stderr);
  const plain = await runCli(['replay', capture('esxi65-ballooning-a.csv'), '-b']);
  assert.equal(r.stdout, plain.stdout.split('\n').slice(0, 3).join('\n') + '\n');
});

/** Through the projection with a given number of threads and tiny blocks (so that every kind of row meets a block border). */
async function projectWith(file: string, format: 'csv' | 'json', threads: number): Promise<{ text: string; err: string }> {
  const { writeCaptureProjection } = await import('../../../../src/sources/capture/projection/capture-projection');
  const src = await CaptureSource.open(file);
  const out = new Collect();
  const err = new Collect();
  await writeCaptureProjection(src.takeAfterHeader(), { format, limit: null, out, err, threads, parallelMinBytes: 0, blockBytes: 1024 });
  return { text: out.text(), err: err.text() };
}

test('threads: a capture read by two threads in small blocks gives the same output and the same problems as one thread', async (t) => {
  const dir = tempDir(t);
  const rows = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }, { gid: 11, name: 'hostd.11' }], times: Array.from({ length: 400 }, (_, i) => `04/24/2018 ${String(10 + Math.floor(i / 720)).padStart(2, '0')}:${String(Math.floor(i / 12) % 60).padStart(2, '0')}:${String((i * 5) % 60).padStart(2, '0')}`) });
  const header = [...rows[0], path('Physical Cpu', '0', 'Note')];
  // With line breaks inside quotes, some blocks start inside a cell: the rest is then read by one thread.
  for (const note of ['x', 'two\nlines']) {
    const body = rows.slice(1).map((r, i) => [...r, i % 7 === 0 ? note : 'x']);
    body[30][3] = 'n/a';
    body[61].pop();
    body[90][0] = '13/45/2018 10:00:00';
    body[120][0] = '04/24/2018 09:00:00'; // back in time
    body[333][5] = '';
    const file = write(dir, 'threads.csv', `${toCsv([header, ...body], { eol: '\r\n' })}${quote('04/24/2018 11:00:00')},"1`);
    for (const format of ['csv', 'json'] as const) {
      const one = await projectWith(file, format, 1);
      const two = await projectWith(file, format, 2);
      assert.ok(one.err.includes('timestamp goes back') && one.err.includes('not a number') && one.err.includes('truncated'), one.err);
      assert.equal(two.err, one.err, `${format}: the same problems, on the same lines`);
      assert.equal(two.text, one.text, `${format}: the same output`);
    }
  }
});

test('threads: the real wide capture, repeated, gives the same -b and --json from two threads as from one', async (t) => {
  const dir = tempDir(t);
  const text = readFileSync(capture('esxi65-ballooning-a.csv'), 'latin1');
  const headerEnd = text.indexOf('\n') + 1;
  const rows = text.slice(headerEnd).split('\n').filter(Boolean);
  const body: string[] = [];
  for (let k = 0; k < 20; k++) for (const row of rows) body.push(row.replace(/^"04\/24\/2018 10:49:(\d\d)"/, (_, s: string) => `"04/24/2018 11:${String(k).padStart(2, '0')}:${s}"`));
  const file = write(dir, 'wide.csv', Buffer.from(`${text.slice(0, headerEnd)}${body.join('\n')}\n`, 'latin1'));
  for (const format of ['csv', 'json'] as const) {
    const one = await projectWith(file, format, 1);
    const two = await projectWith(file, format, 2);
    assert.equal(one.err, '');
    assert.equal(two.err, '');
    assert.equal(two.text.length, one.text.length, format);
    assert.ok(two.text === one.text, `${format}: the same output`);
  }
});

test('a memory cell over the data-cell limit is missing and reported by both readers, the rest of the capture is kept', async (t) => {
  const dir = tempDir(t);
  const rows = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }], times: ['04/24/2018 10:49:12', '04/24/2018 10:49:17', '04/24/2018 10:49:22'] });
  rows[2][2] = 'x'.repeat(70 << 10);
  const file = write(dir, 'long-cell.csv', toCsv(rows));
  const want = await samplesOf(file);
  assert.equal(want.samples.length, 3);
  assert.equal(want.samples[1].host.values.state, null);
  assert.deepEqual(want.warnings, [{ message: `${file}:3: column 3 (state) is longer than 1024 bytes, not a number; shown as missing`, count: 1 }]);
  const r = await runCli(['replay', file, '-b']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, `balloontop: ${want.warnings[0].message}\n`);
  const out = parseCsv(r.stdout).map((row) => row.cells as string[]);
  assert.equal(out.length, 4);
  assert.equal(out[2][2], '', 'written empty, as missing');
  assert.equal(out[3][2], rows[3][2], 'the rows after it are whole');
});

test('--json: a group whose kind only its values tell, empty in the first samples, gets the kind the sample reader gives it, row by row', async (t) => {
  const { assertReadersAgree } = await import('../both-readers');
  const dir = tempDir(t);
  const rows = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }, { gid: 11, name: 'hostd.11' }], times: ['04/24/2018 10:49:12', '04/24/2018 10:49:17', '04/24/2018 10:49:22'] });
  // vm1's Memctl Max and Overhead Max (columns 7 and 9) are empty until the third sample.
  for (const r of [rows[1], rows[2]]) r[6] = r[8] = '';
  const file = write(dir, 'late-values.csv', toCsv(rows));
  const got = await assertReadersAgree(file, 'kinds decided late');
  assert.deepEqual(got.samples.map((s) => s.groups[0].kind), ['system', 'system', 'vm']);
});
