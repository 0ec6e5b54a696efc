import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../support/run-cli';
import { capture, CAPTURES } from '../support/paths';

test('replay without a terminal: one clear line, exit 2, no stack and no escape codes', async () => {
  const r = await runCli(['replay', capture('esxi65-ballooning-a.csv')]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'balloontop: the dashboard needs a terminal; for output to a file or pipe use -b (CSV) or --json\n');
});

test('replay -c with a missing or broken rc file names the file (and line) on one line', async () => {
  const missing = await runCli(['replay', capture('esxi65-ballooning-a.csv'), '-c', '/nonexistent/.esxtop60rc']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'balloontop: /nonexistent/.esxtop60rc: cannot read the config file (no such file)\n');
  const notRc = await runCli(['replay', capture('esxi65-ballooning-a.csv'), '-c', join(CAPTURES, 'PROVENANCE.md')]);
  assert.equal(notRc.code, 2);
  assert.match(notRc.stderr, /^balloontop: .*PROVENANCE\.md:1: expected field letters, found "# Real esxtop captures"\n$/);
});
