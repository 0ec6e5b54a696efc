/**
 * Hostile captures must cost time in proportion to their bytes and memory
 * within a bound, whatever they hold. Each file is read in a child process
 * (read-child.ts) by the sample reader and by the `-b` projection (one thread
 * and two), which reports the CPU time of the reading and its peak RSS; the
 * children run with a 64 MB heap, so a reader that held what it reads would
 * crash. Time is never compared with a clock: only with itself, on inputs of
 * other sizes or other header widths (a cost per line and header column shows
 * as a ratio of 100 and more; a quadratic one as 16 for four times the bytes).
 * The big files are written piece by piece, never held.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { capture } from '../../support/paths';
import { runCli } from '../../support/run-cli';
import type { ChildResult } from './read-child';
import { tempDir } from './synthetic';

const CHILD = join(__dirname, 'read-child.js');
const MB = 1 << 20;

function readInChild(reader: 'samples' | 'b' | 'json' | 'b2', file: string): ChildResult {
  const r = spawnSync(process.execPath, ['--max-old-space-size=64', CHILD, reader, file], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(r.error, undefined, `${reader} ${file}: did not finish (${String(r.error)})`);
  assert.equal(r.status, 0, `${reader} ${file}: the child failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as ChildResult;
}

/** Writes `parts` in order; a part is text (one byte per character), or a piece repeated to a number of bytes. */
function writeFile(file: string, parts: (string | { piece: string; bytes: number })[]): string {
  const fd = openSync(file, 'w');
  try {
    for (const part of parts) {
      if (typeof part === 'string') {
        writeSync(fd, Buffer.from(part, 'latin1'));
        continue;
      }
      const block = Buffer.from(part.piece.repeat(Math.max(1, Math.floor(MB / part.piece.length))));
      let left = part.bytes;
      while (left > 0) {
        const n = Math.min(left, block.length);
        writeSync(fd, block, 0, n);
        left -= n;
      }
    }
  } finally {
    closeSync(fd);
  }
  return file;
}

/** The real capture's header (17,427 columns) and its first two rows. */
function wideCapture(): { header: string; rows: string[] } {
  const lines = readFileSync(capture('esxi65-ballooning-a.csv'), 'latin1').split('\n');
  return { header: `${lines[0]}\n`, rows: [`${lines[1]}\n`, `${lines[2]}\n`] };
}

const NARROW = {
  header: '"(PDH-CSV 4.0) (UTC)(0)","\\\\h\\Memory\\Free MBytes","\\\\h\\Physical Cpu(0)\\Note","\\\\h\\Group Memory(5:vm)\\Memctl MBytes"\n',
  rows: ['"04/24/2018 10:49:12","590","x","12.50"\n', '"04/24/2018 10:49:17","591","x","12.75"\n'],
};

/** Runs of blank lines, CR-only lines, whitespace lines and lines of empty cells, 64 KB each, as many as make `bytes`. */
function emptyLines(bytes: number): { piece: string; bytes: number } {
  const kinds = ['\n', '\r', '\r\n', ' \t \n', ',,,,\n', '"",,""\r\n', '  \r', ',\n'];
  const piece = kinds.map((k) => k.repeat(Math.floor((64 << 10) / k.length))).join('');
  return { piece, bytes: Math.floor(bytes / piece.length) * piece.length };
}

test('blank, CR-only, whitespace and separator-only lines cost time in proportion to their bytes, not to the header\'s width: both readers, one thread and two', (t) => {
  const dir = tempDir(t);
  const wide = wideCapture();
  const files = {
    wide0: writeFile(join(dir, 'wide0.csv'), [wide.header, ...wide.rows]),
    wide4: writeFile(join(dir, 'wide4.csv'), [wide.header, wide.rows[0], emptyLines(4 * MB), wide.rows[1]]),
    wide16: writeFile(join(dir, 'wide16.csv'), [wide.header, wide.rows[0], emptyLines(16 * MB), wide.rows[1]]),
    narrow0: writeFile(join(dir, 'narrow0.csv'), [NARROW.header, ...NARROW.rows]),
    narrow16: writeFile(join(dir, 'narrow16.csv'), [NARROW.header, NARROW.rows[0], emptyLines(16 * MB), NARROW.rows[1]]),
  };
  for (const reader of ['samples', 'b', 'b2'] as const) {
    const cpu: Record<string, number> = {};
    for (const [name, file] of Object.entries(files)) {
      const r = readInChild(reader, file);
      assert.equal(r.error, null, `${reader} ${name}`);
      assert.deepEqual(r.warnings, [], `${reader} ${name}: empty lines are passed over without a word`);
      assert.equal(r.delivered, reader === 'samples' ? 2 : 3, `${reader} ${name}: both samples`);
      cpu[name] = r.cpuMs;
    }
    // What the empty lines cost, without the header and the two rows.
    const lines4 = Math.max(1, cpu.wide4 - cpu.wide0);
    const lines16 = Math.max(1, cpu.wide16 - cpu.wide0);
    const narrow16 = Math.max(1, cpu.narrow16 - cpu.narrow0);
    t.diagnostic(`${reader}: CPU ms ${JSON.stringify(cpu)}; 16 MB / 4 MB of empty lines ${(lines16 / lines4).toFixed(2)}; 17,427 / 4 header columns ${(lines16 / narrow16).toFixed(2)}`);
    assert.ok(lines16 / lines4 < 8, `${reader}: four times the empty lines cost ${(lines16 / lines4).toFixed(1)} times as much (linear: 4)`);
    assert.ok(lines16 / narrow16 < 4, `${reader}: under the wide header the empty lines cost ${(lines16 / narrow16).toFixed(1)} times as much as under a narrow one (independent of the width: 1)`);
  }
});

test('the CLI reads 16 MB of empty lines under the real 17,427-column header, both samples out, nothing to say', async (t) => {
  const dir = tempDir(t);
  const wide = wideCapture();
  const file = writeFile(join(dir, 'wide16.csv'), [wide.header, wide.rows[0], emptyLines(16 * MB), wide.rows[1]]);
  for (const format of ['-b', '--json']) {
    const r = await runCli(['replay', file, format], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout.split('\n').length - 1, format === '-b' ? 3 : 2);
  }
});

/** Two good rows, a row of `bytes` with a line break, two good rows, then a last row of `bytes` with none. */
function longRowParts(bytes: number): (string | { piece: string; bytes: number })[] {
  return [
    NARROW.header,
    ...NARROW.rows,
    '"04/24/2018 10:49:22","592","',
    { piece: 'y', bytes },
    '","13.00"\n',
    '"04/24/2018 10:49:27","593","x","13.25"\n',
    '"04/24/2018 10:49:32","594","x","13.50"\n',
    '"04/24/2018 10:49:37","595",',
    { piece: '"z",', bytes },
  ];
}

function gzipFile(file: string, parts: (string | { piece: string; bytes: number })[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const gz = createGzip({ level: 1 });
    const out = createWriteStream(file);
    gz.pipe(out);
    out.on('finish', () => resolve(file));
    out.on('error', reject);
    // One piece at a time, made as the gzip wants it.
    function* pieces(): Generator<Buffer> {
      for (const p of parts) {
        if (typeof p === 'string') {
          yield Buffer.from(p, 'latin1');
          continue;
        }
        const block = Buffer.from(p.piece.repeat(MB / p.piece.length));
        for (let left = p.bytes; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
      }
    }
    const it = pieces();
    const next = () => {
      for (let r = it.next(); !r.done; r = it.next()) {
        if (!gz.write(r.value)) return void gz.once('drain', next);
      }
      gz.end();
    };
    next();
  });
}

test('rows of 256 MB (one with a line break, one at the end without): skipped and reported, the rows around them kept; bounded memory, plain and gzip', async (t) => {
  const dir = tempDir(t);
  const plain = writeFile(join(dir, 'long-rows.csv'), longRowParts(256 * MB));
  const gz = await gzipFile(join(dir, 'long-rows.csv.gz'), longRowParts(256 * MB));
  for (const [file, readers] of [[plain, ['samples', 'b', 'b2']], [gz, ['samples', 'json']]] as const) {
    for (const reader of readers) {
      const r = readInChild(reader, file);
      t.diagnostic(`${reader} ${file}: ${r.cpuMs.toFixed(0)} ms CPU, peak RSS ${r.maxRssMB.toFixed(0)} MB`);
      assert.equal(r.error, null);
      assert.equal(r.delivered, reader === 'samples' || reader === 'json' ? 4 : 5, `${reader}: the four good rows`);
      const w = r.warnings.map((l) => l.replace(/^balloontop: /, ''));
      assert.deepEqual(w, [`${file}:4: a row longer than 64 MB; skipped (and 1 more like it)`]);
      assert.ok(r.maxRssMB < 250, `${reader}: peak RSS ${r.maxRssMB.toFixed(0)} MB for 512 MB of rows (one held would be 300 MB)`);
    }
  }
  const r = await runCli(['replay', plain, '-b'], { timeoutMs: 120_000 });
  assert.equal(r.code, 0);
  assert.equal(r.stderr, `balloontop: ${plain}:4: a row longer than 64 MB; skipped (and 1 more like it)\n`);
  assert.equal(r.stdout.split('\n').length - 1, 5);
});

test('deeply quoted cells (30 million quoted line breaks, 20 million doubled quotes) and a long run of doubled quotes in a memory cell: linear, bounded, the lines counted right', (t) => {
  const dir = tempDir(t);
  const file = writeFile(join(dir, 'quoted.csv'), [
    NARROW.header,
    NARROW.rows[0],
    '"04/24/2018 10:49:17","591","',
    { piece: '""\n', bytes: 90 * MB },
    '","12.00"\n',
    '"04/24/2018 10:49:22","592","x","12.25"\n',
    '"04/24/2018 10:49:27","593","',
    { piece: '""', bytes: 40 * MB },
    '","12.50"\n',
    '"04/24/2018 10:49:32","594","x","',
    { piece: '""', bytes: 2 * MB },
    '"\n',
    '"04/24/2018 10:49:37","595","x","12.75"\n',
  ]);
  const quotedLines = (90 * MB) / 3;
  const expected = [
    `${file}:3: a row longer than 64 MB; skipped`,
    `${file}:${6 + quotedLines}: column 4 (MCTLSZ) is longer than 1024 bytes, not a number; shown as missing`,
  ];
  for (const reader of ['samples', 'b', 'b2'] as const) {
    const r = readInChild(reader, file);
    t.diagnostic(`${reader}: ${r.cpuMs.toFixed(0)} ms CPU, peak RSS ${r.maxRssMB.toFixed(0)} MB`);
    assert.equal(r.error, null);
    assert.equal(r.delivered, reader === 'samples' ? 5 : 6);
    assert.deepEqual(r.warnings.map((l) => l.replace(/^balloontop: /, '')), expected, reader);
    assert.ok(r.maxRssMB < 200, `${reader}: peak RSS ${r.maxRssMB.toFixed(0)} MB`);
  }
});

test('hostile headers fail early with one line and bounded memory: millions of tiny cells, huge names, a header line that never ends', (t) => {
  const dir = tempDir(t);
  const path = (i: number, name: string) => `"\\\\h\\Group Memory(${i}:${name})\\Memctl MBytes"`;
  const cases: [string, (string | { piece: string; bytes: number })[], string][] = [
    ['tiny-cells.csv', ['"(PDH-CSV 4.0) (UTC)(0)"', { piece: ',', bytes: 30 * MB }, `${path(1, 'vm')}\n"04/24/2018 10:49:12","1"\n`], ':1: more than 2000000 columns in the header, not an esxtop batch capture'],
    ['huge-names.csv', ['"(PDH-CSV 4.0) (UTC)(0)"', ...Array.from({ length: 300 }, (_, i) => `,${path(i, 'v'.repeat(60_000))}`), '\n'], ':1: the names of the memory columns and worlds in the header take more than 16 MB, not an esxtop batch capture'],
    ['endless-header.csv', ['"(PDH-CSV 4.0) (UTC)(0)"', { piece: ',"\\\\h\\Physical Cpu(0)\\% Processor Time"', bytes: 100 * MB }], ': no complete header line in the first 64 MB, not an esxtop batch capture'],
    ['many-groups.csv', ['"(PDH-CSV 4.0) (UTC)(0)"', ...Array.from({ length: 10_001 }, (_, i) => `,${path(i, 'vm')}`), '\n'], ':1: more than 10000 groups in the header, not an esxtop batch capture'],
    ['open-quote.csv', ['"(PDH-CSV 4.0) (UTC)(0)', { piece: 'q', bytes: 20 * MB }], ':1: cell 1 is longer than 64 KB, not an esxtop batch capture'],
  ];
  for (const [name, parts, message] of cases) {
    const file = writeFile(join(dir, name), parts);
    for (const reader of ['samples', 'b'] as const) {
      const r = readInChild(reader, file);
      t.diagnostic(`${name} ${reader}: ${r.cpuMs.toFixed(0)} ms CPU, peak RSS ${r.maxRssMB.toFixed(0)} MB`);
      assert.equal(r.error, `${file}${message}`, `${name} ${reader}`);
      assert.ok(r.maxRssMB < 200, `${name} ${reader}: peak RSS ${r.maxRssMB.toFixed(0)} MB`);
    }
  }
});
