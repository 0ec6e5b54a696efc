/**
 * Pathological files: 50 MB without a line break (a header that never ends,
 * a data row that never ends, one endless cell). Each is read in a child
 * process that reports its peak RSS: reading must fail (or finish) with one
 * clear line, never hang, and memory must stay bounded (not follow the file).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { memoryCapture, quote, tempDir, toCsv } from './synthetic';

const SIZE = 50 << 20;
/** Node itself takes ~40-60 MB; a reader that held the 50 MB line would be far above this. */
const RSS_LIMIT_MB = 150;

const SCRIPT = `
const { CaptureSource } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'src', 'sources', 'capture', 'capture-source.js'))});
(async () => {
  let message = null, samples = 0, warnings = [];
  try {
    const src = await CaptureSource.open(process.argv[1]);
    try { for (let s; (s = await src.next()); ) samples++; } finally { warnings = src.warnings(); await src.close(); }
  } catch (e) { message = e.name + ': ' + e.message; }
  process.stdout.write(JSON.stringify({ message, samples, warnings, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
})();
`;

/** Write `head`, then `piece` repeated up to SIZE bytes, then `tail`. */
function bigFile(path: string, head: string, piece: string, tail = ''): string {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    const block = piece.repeat(Math.ceil((1 << 20) / piece.length));
    for (let n = Buffer.byteLength(head); n < SIZE; n += Buffer.byteLength(block)) writeSync(fd, block);
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
  return path;
}

function read(path: string): { message: string | null; samples: number; warnings: { message: string; count: number }[]; maxRssMB: number } {
  const r = spawnSync(process.execPath, ['-e', SCRIPT, path], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.error, undefined, `the reader did not finish: ${String(r.error)}`);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('50 MB header line that never ends: one clear error, bounded memory', (t) => {
  const dir = tempDir(t);
  const file = bigFile(join(dir, 'endless-header.csv'), quote('(PDH-CSV 4.0) (UTC)(0)'), `,${quote('\\\\h\\Physical Cpu(0)\\% Processor Time')}`);
  const r = read(file);
  assert.match(r.message ?? '', new RegExp(`^UserError: ${file.replace(/[.\\]/g, '\\$&')}:1: no memory counters in the header \\(no "Memory" or "Group Memory\\(\\.\\.\\.\\)" columns among \\d+\\); capture with esxtop -b -a$`));
  t.diagnostic(`peak RSS ${r.maxRssMB.toFixed(0)} MB`);
  assert.ok(r.maxRssMB < RSS_LIMIT_MB, `peak RSS ${r.maxRssMB.toFixed(0)} MB`);
});

test('a 50 MB data row that never ends: skipped as truncated, reported, bounded memory', (t) => {
  const dir = tempDir(t);
  const rows = memoryCapture({ groups: [{ gid: 1, name: 'vm' }] });
  const file = bigFile(join(dir, 'endless-row.csv'), `${toCsv([rows[0], rows[1]])}${quote('04/24/2018 10:49:17')}`, `,${quote('1.00')}`);
  const r = read(file);
  assert.equal(r.message, null);
  assert.equal(r.samples, 1);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0].message, new RegExp(`^${file.replace(/[.\\]/g, '\\$&')}:3: \\d+ cells where the header has 9; row skipped$`));
  t.diagnostic(`peak RSS ${r.maxRssMB.toFixed(0)} MB`);
  assert.ok(r.maxRssMB < RSS_LIMIT_MB, `peak RSS ${r.maxRssMB.toFixed(0)} MB`);
});

test('one endless 50 MB cell: refused at the cell length limit, early', (t) => {
  const dir = tempDir(t);
  const file = bigFile(join(dir, 'endless-cell.csv'), '"(PDH-CSV 4.0) (UTC)(0)","\\\\h\\Memory\\', 'x');
  const r = read(file);
  assert.equal(r.message, `UserError: ${file}:1: cell 2 is longer than 64 KB, not an esxtop batch capture`);
  t.diagnostic(`peak RSS ${r.maxRssMB.toFixed(0)} MB`);
  assert.ok(r.maxRssMB < RSS_LIMIT_MB, `peak RSS ${r.maxRssMB.toFixed(0)} MB`);
});
