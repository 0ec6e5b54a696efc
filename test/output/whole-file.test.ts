/** A whole file the user named: through symbolic links, into devices and pipes, never leaving a temporary file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFailureText, writeWholeFile } from '../../src/output/whole-file';

const dir = mkdtempSync(join(tmpdir(), 'balloontop-whole-file-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = join(dir, `case${++n}`);
  mkdirSync(d);
  return d;
};

test('a new file, and an existing one replaced whole with its permissions kept', () => {
  const d = fresh();
  const f = join(d, 'report.html');
  writeWholeFile(f, 'one');
  assert.equal(readFileSync(f, 'utf8'), 'one');
  chmodSync(f, 0o600);
  writeWholeFile(f, 'two');
  assert.equal(readFileSync(f, 'utf8'), 'two');
  assert.equal(statSync(f).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(d), ['report.html']);
});

test('a symbolic link is written through: the link stays, the file it points at gets the text', () => {
  const d = fresh();
  const real = join(d, 'dotfiles-esxtop60rc');
  writeFileSync(real, 'old');
  const link = join(d, '.esxtop60rc');
  symlinkSync(real, link);
  writeWholeFile(link, 'new');
  assert.ok(lstatSync(link).isSymbolicLink(), 'still a link');
  assert.equal(readlinkSync(link), real);
  assert.equal(readFileSync(real, 'utf8'), 'new');
  assert.deepEqual(readdirSync(d).sort(), ['.esxtop60rc', 'dotfiles-esxtop60rc']);
});

test('a device is written into, never replaced: /dev/full fails with ENOSPC and stays a device; /dev/null takes it', (t) => {
  if (!existsSync('/dev/full')) return t.skip('no /dev/full on this system');
  const d = fresh();
  // Through a link of this test's own, so that a regression replaces the link, not the machine's /dev/full.
  const full = join(d, 'full');
  symlinkSync('/dev/full', full);
  assert.throws(() => writeWholeFile(full, 'x'.repeat(1000)), (e: NodeJS.ErrnoException) => e.code === 'ENOSPC');
  assert.ok(lstatSync(full).isSymbolicLink());
  assert.ok(statSync('/dev/full').isCharacterDevice());
  assert.equal(writeFailureText(Object.assign(new Error('write'), { code: 'ENOSPC' })), 'no space left on the device');
  const devNull = join(d, 'null');
  symlinkSync('/dev/null', devNull);
  writeWholeFile(devNull, 'gone');
  assert.ok(lstatSync(devNull).isSymbolicLink());
  assert.deepEqual(readdirSync(d).sort(), ['full', 'null'], 'no temporary file left');
});

test('a directory, or a missing one: the error, and no temporary file left', () => {
  const d = fresh();
  mkdirSync(join(d, 'sub'));
  assert.throws(() => writeWholeFile(join(d, 'sub'), 'x'), (e: NodeJS.ErrnoException) => writeFailureText(e) === 'is a directory');
  assert.throws(() => writeWholeFile(join(d, 'missing', 'f.html'), 'x'), (e: NodeJS.ErrnoException) => writeFailureText(e) === 'no such directory');
  assert.deepEqual(readdirSync(d), ['sub']);
  assert.deepEqual(readdirSync(join(d, 'sub')), []);
});
