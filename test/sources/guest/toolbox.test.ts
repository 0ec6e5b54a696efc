import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolboxStat, readToolbox } from '../../../src/sources/guest/toolbox';
import { GuestRoot } from '../../../src/sources/guest/guest-root';
import { FixtureRoot } from './fixtures';

test('vmware-toolbox-cmd stat prints "%u MB"', () => {
  assert.deepEqual(parseToolboxStat('balloon', '2048 MB\n'), { mb: 2048 });
  assert.deepEqual(parseToolboxStat('memres', '0 MB\n'), { mb: 0 });
  assert.deepEqual(parseToolboxStat('swap', '\n17 MB\n'), { mb: 17 });
});

test('an unlimited memory limit (0xFFFFFFFF printed by %u) is -1, as AMAX', () => {
  assert.deepEqual(parseToolboxStat('memlimit', '4294967295 MB\n'), { mb: -1 });
  assert.deepEqual(parseToolboxStat('memlimit', '4096 MB\n'), { mb: 4096 });
});

test('OpenHandle and UpdateInfo failures become the reason, never a value', () => {
  assert.deepEqual(parseToolboxStat('balloon', 'OpenHandle failed: VMware Guest API is not enabled on the host\n'), { problem: 'OpenHandle failed: VMware Guest API is not enabled on the host' });
  assert.deepEqual(parseToolboxStat('memlimit', 'UpdateInfo failed: VMware Guest API is not running in a Virtual Machine\n'), { problem: 'UpdateInfo failed: VMware Guest API is not running in a Virtual Machine' });
  assert.deepEqual(parseToolboxStat('swap', 'Failed to get swapped memory: This value is not available on this host\n'), { problem: 'Failed to get swapped memory: This value is not available on this host' });
});

test('other output is reported as unexpected, with control characters removed', () => {
  assert.deepEqual(parseToolboxStat('balloon', ''), { problem: 'no output' });
  assert.deepEqual(parseToolboxStat('balloon', 'Segmentation fault\x1b[31m\n'), { problem: 'unexpected output "Segmentation fault [31m"' });
});

test('saved output under --root: stat-NAME.txt, or other names for it; absent ones say where to save them', async () => {
  const root = new FixtureRoot();
  try {
    root.write('vmware-toolbox-cmd/stat-balloon.txt', '512 MB\n');
    root.write('vmware-toolbox-cmd/stat_swap', '3 MB\n');
    root.write('sos_commands/vmware/vmware-toolbox-cmd_stat_memlimit', '4294967295 MB\n');
    const r = await readToolbox(GuestRoot.at(root.dir), null);
    assert.deepEqual(r.values, { balloon: 512, swap: 3, memlimit: -1 });
    assert.match(r.missing.memres ?? '', /no saved output .*vmware-toolbox-cmd\/stat-memres\.txt \(save "vmware-toolbox-cmd stat memres 2>&1" there\)/);
  } finally {
    root.remove();
  }
});
