/** Where tests find the project and the shared real captures. */
import { join, resolve } from 'node:path';

/** The project root (tests run from `dist/test/...`). */
export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');
export const SHARED = resolve(PROJECT_ROOT, '..', 'shared');
export const CAPTURES = join(SHARED, 'captures');
export const CLI = join(PROJECT_ROOT, 'bin', 'balloontop');
/** The flags the first line of bin/balloontop gives node: a test that starts the CLI with `node` passes them, to run it as users do. */
export const NODE_FLAGS: readonly string[] = ['--no-concurrent-recompilation'];

export function capture(name: string): string {
  return join(CAPTURES, name);
}
