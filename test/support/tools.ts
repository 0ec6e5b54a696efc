/**
 * Tests that need an outside tool (tmux, go) skip when it is missing on a
 * developer's machine, but fail under CI=true: CI must never pass by skipping.
 */
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Returns true when the test may go on; otherwise skips it (or throws under CI). */
export function requireTool(t: TestContext, name: string, hint: string): boolean {
  if (hasTool(name)) return true;
  if (process.env.CI === 'true') throw new Error(`${name} is required under CI=true but is not installed (${hint})`);
  t.skip(`${name} is not installed (${hint})`);
  return false;
}
