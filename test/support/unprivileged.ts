/**
 * Runs a command where file permissions apply. Root reads any file, so a
 * test that checks "permission denied" runs its child as root without the
 * capabilities that override file permissions (CAP_DAC_OVERRIDE,
 * CAP_DAC_READ_SEARCH), through util-linux's `setpriv`. Unlike switching to
 * the user `nobody`, the child can still reach the checkout wherever it is,
 * even inside a private (0700) directory.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import type { TestContext } from 'node:test';
import { requireTool } from './tools';

const DROP = ['--bounding-set=-dac_override,-dac_read_search', '--inh-caps=-dac_override,-dac_read_search'];

/** `command args...` with file permissions enforced, or null when that cannot be arranged (the test is then skipped or fails under CI). */
export function runWithFilePermissions(t: TestContext, command: string, args: string[]): SpawnSyncReturns<string> | null {
  if (process.getuid?.() !== 0) return spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (!requireTool(t, 'setpriv', 'apt-get install util-linux')) return null;
  return spawnSync('setpriv', [...DROP, command, ...args], { encoding: 'utf8', timeout: 30_000 });
}
