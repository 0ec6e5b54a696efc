/**
 * bin/balloontop as the system runs it (its first line, through
 * /usr/bin/env -S): it starts, and its node flags are the ones the tests
 * pass when they start it with `node` themselves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CLI, NODE_FLAGS } from '../support/paths';

test('bin/balloontop runs as a program, node given --no-concurrent-recompilation by its first line (the exit hang of nodejs/node#54918)', () => {
  const first = readFileSync(CLI, 'utf8').split('\n')[0];
  assert.equal(first, `#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`);
  const r = spawnSync(CLI, ['--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^balloontop \d+\.\d+\.\d+\n$/);
});
