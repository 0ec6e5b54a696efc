/** Files named by options are read within a budget; an rc file's delay has bounds on both sides. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEsxtopRc } from '../../src/config/esxtoprc';
import { readSecretLine } from '../../src/config/option-file';
import { UserError } from '../../src/errors';

const dir = mkdtempSync(join(tmpdir(), 'balloontop-budgets-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a secret file may be a FIFO (read to its end); a device, a directory or an oversized file is one line', async (t) => {
  const fifo = join(dir, 'secret.fifo');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('mkfifo is not available');
  const writer = spawn('sh', ['-c', `printf 'pw-from-fifo\\nsecond line\\n' > '${fifo}'`]);
  const { secret, readableByOthers } = readSecretLine('--password-file', fifo);
  assert.equal(secret, 'pw-from-fifo');
  assert.equal(readableByOthers, false, 'a FIFO is not a file others could read later');
  await new Promise((resolve) => writer.on('exit', resolve));
  const big = join(dir, 'big');
  writeFileSync(big, 'x'.repeat((64 << 10) + 1));
  for (const [file, why] of [['/dev/zero', 'is a device, not a file'], [dir, 'is a directory, not a file'], [big, 'is larger than 64 KB: not a file with a secret on its first line']]) {
    assert.throws(() => readSecretLine('--token-file', file), (e: unknown) => e instanceof UserError && e.message === `--token-file ${file}: ${why}`);
  }
});

test("an rc file's delay is from 2 s to a day", () => {
  const lines = 'ABcDEFghij\naBcDefgHijKLmnOpq\nABCdEfGhijkl\n';
  assert.equal(parseEsxtopRc(`${lines}86400m\n`, 'x.rc').delaySeconds, 86400);
  assert.throws(() => parseEsxtopRc(`${lines}86401m\n`, 'x.rc'), /^UserError: x\.rc:4: delay 86401 s is above the longest, 86400 s$/);
  assert.throws(() => parseEsxtopRc(`${lines}${'9'.repeat(400)}m\n`, 'x.rc'), /x\.rc:4: delay 9{20} s is above the longest/);
});
