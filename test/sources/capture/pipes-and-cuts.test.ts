/**
 * Captures that do not come from a plain file (a FIFO, as in
 * `balloontop replay <(ssh esx01 esxtop -b ...)`), and last lines cut where
 * the cell count still looks complete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { capture } from '../../support/paths';
import { readCapture } from './read';

const dir = mkdtempSync(join(tmpdir(), 'balloontop-pipes-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function viaFifo(name: string, data: Buffer) {
  const fifo = join(dir, name);
  execFileSync('mkfifo', [fifo]);
  // A writer in another process, as a shell's process substitution would be.
  const writer = spawn('sh', ['-c', `cat > '${fifo}'`], { stdio: ['pipe', 'ignore', 'inherit'] });
  writer.stdin.end(data);
  try {
    return await readCapture(fifo);
  } finally {
    writer.kill();
  }
}

test('a capture read from a FIFO, plain and gzip, gives the same samples as the file', async () => {
  const file = capture('esxi65-ballooning-a.csv');
  const direct = await readCapture(file);
  const plain = await viaFifo('plain.fifo', readFileSync(file));
  const gz = await viaFifo('gzip.fifo', gzipSync(readFileSync(file)));
  assert.equal(direct.samples.length, 3);
  assert.deepEqual(plain.samples, direct.samples);
  assert.deepEqual(gz.samples, direct.samples);
});

test('an empty FIFO is reported as empty', async () => {
  await assert.rejects(viaFifo('empty.fifo', Buffer.alloc(0)), /empty\.fifo: is empty/);
});

const HEADER = '"(PDH-CSV 4.0) (UTC)(0)","\\\\h\\Memory\\Free MBytes","\\\\h\\Memory\\Kernel State"\n';

test('a last line cut inside a quoted cell or right after a comma is truncated, even with every cell present', async () => {
  const whole = `${HEADER}"04/24/2018 10:49:12","590","1"\n"04/24/2018 10:49:17","13.5","1"`;
  const cases: [string, string][] = [
    ['open-quote.csv', whole.slice(0, -2)], // ..."13.5","1  (inside the last quote)
    ['after-comma.csv', whole.slice(0, -3)], // ..."13.5",    (an empty last cell that was not written yet)
  ];
  for (const [name, text] of cases) {
    const p = join(dir, name);
    writeFileSync(p, text);
    const r = await readCapture(p);
    assert.equal(r.samples.length, 1, name);
    assert.deepEqual(r.warnings, [{ message: `${p}:3: the last line is truncated (it ends inside a cell); skipped`, count: 1 }], name);
  }
  // Complete but without a final line break: kept.
  const p = join(dir, 'no-final-newline.csv');
  writeFileSync(p, whole);
  const r = await readCapture(p);
  assert.deepEqual(r.samples.map((s) => s.host.values.free), [590, 13.5]);
  assert.deepEqual(r.warnings, []);
});
