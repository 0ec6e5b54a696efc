/**
 * The guest source on fixture roots laid out like the guests balloontop
 * meets: VMware with the modern and the Linux 4.x driver, Hyper-V, KVM with
 * and without the meminfo Balloon line, a root with nothing readable, and
 * files that are not what they should be. Every field is checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { GUEST_FIELD_IDS } from '../../../src/fields/guest-fields';
import { GuestRoot } from '../../../src/sources/guest/guest-root';
import { GuestSource } from '../../../src/sources/guest/guest-source';
import type { Sample } from '../../../src/sample/sample';
import { FIXTURE_BOOT_S, FixtureRoot, GIB_KB, hvBalloon, meminfo, modernVmmemctl, oomKilledLine, pagesVmmemctl, uptimeStamp, vmstat, vmwareGuestRoot } from './fixtures';

const BOOT_S = FIXTURE_BOOT_S;

async function sampleOf(root: FixtureRoot, now = Date.UTC(2026, 2, 1, 12)): Promise<{ sample: Sample; source: GuestSource }> {
  const source = new GuestSource(GuestRoot.at(root.dir), () => now);
  const sample = (await source.next()) as Sample;
  return { sample, source };
}

function vmwareRoot(): FixtureRoot {
  return vmwareGuestRoot({
    'sys/class/dmi/id/product_name': 'VMware Virtual Platform\n',
    'proc/meminfo': meminfo({ MemTotal: 8152340, MemFree: 1048576, MemAvailable: 2097152, Buffers: 2000, Cached: 500000, SwapTotal: 2097148, SwapFree: 1048572, HugePages_Total: 0 }),
    'proc/vmstat': vmstat({ balloon_inflate: 600000, balloon_deflate: 75712, balloon_migrate: 12, oom_kill: 2 }),
    'proc/stat': `cpu  17251 0 4474 71687 195 0 65 21 0 0\nbtime ${BOOT_S}\nprocesses 1234\n`,
    'proc/modules': 'vmw_balloon 24576 0 - Live 0xffffffffc0a1b000\nvmw_vmci 86016 2 vmw_balloon,vmw_vsock_vmci_transport, Live 0xffffffffc0a00000\n',
    'vmware-toolbox-cmd/stat-memres.txt': '1024 MB\n',
    'dmesg.txt': `${uptimeStamp(2.1)} vmw_balloon: started\n${uptimeStamp(3600.5)} ${oomKilledLine(4242, 'java')}\n`,
  });
}

test('VMware guest, modern vmw_balloon: every field', async () => {
  const root = vmwareRoot();
  try {
    const { sample, source } = await sampleOf(root);
    const g = sample.guest;
    assert.ok(g);
    assert.equal(sample.host.hostname, 'web01');
    assert.deepEqual(sample.groups, []);
    assert.ok(Object.values(sample.host.values).every((v) => v === null), 'the host header is empty');
    assert.equal(g.driver, 'vmw_balloon');
    assert.equal(g.driverStatus, 'active');
    assert.equal(g.balloonState, 'inflating');
    assert.equal(g.hypervisor, 'VMware');
    assert.deepEqual(g.values, {
      balloonMB: 2048,
      targetMB: 3072,
      guestMemoryMB: 7961.27,
      balloonPct: 25.72,
      targetPct: 38.59,
      balloonMaxMB: 5174.83,
      memTotalMB: 7961.27,
      memFreeMB: 1024,
      memAvailableMB: 2048,
      swapTotalMB: 2048,
      swapUsedMB: 1024,
      limitMB: 4096,
      reservationMB: 1024,
      hostSwappedMB: 0,
      toolsBalloonMB: 2048,
      balloonInflatePages: 600000,
      balloonDeflatePages: 75712,
      balloonMigratePages: 12,
      oomKillsSinceBoot: 2,
    });
    assert.deepEqual(g.missing, {});
    assert.equal(g.from.balloonMB, join(root.dir, 'sys/kernel/debug/vmmemctl'));
    assert.deepEqual(g.oomKills, [{ pid: 4242, process: 'java', uptimeS: 3600.5, cgroup: false, time: BOOT_S * 1000 + 3600500, clock: 'boot' }]);
    assert.deepEqual(source.warnings(), []);
    await source.close();
  } finally {
    root.remove();
  }
});

test('VMware guest, Linux 4.x driver resetting, no limit, a reservation the Guest API will not give', async () => {
  const root = vmwareRoot();
  try {
    root.write('sys/kernel/debug/vmmemctl', pagesVmmemctl({ targetPages: 0, currentPages: 0, resetting: true }));
    root.write('vmware-toolbox-cmd/stat-memlimit.txt', '4294967295 MB\n');
    root.write('vmware-toolbox-cmd/stat-memres.txt', 'OpenHandle failed: VMware Guest API is not enabled on the host\n');
    const { sample } = await sampleOf(root);
    const g = sample.guest!;
    assert.equal(g.balloonState, 'resetting');
    assert.equal(g.values.balloonMB, 0);
    assert.equal(g.values.targetMB, 0);
    assert.equal(g.values.limitMB, -1);
    assert.equal(g.values.reservationMB, null);
    assert.match(g.missing.reservationMB ?? '', /stat-memres\.txt: OpenHandle failed: VMware Guest API is not enabled on the host$/);
  } finally {
    root.remove();
  }
});

test('a vmw_balloon balloon larger than MemTotal (files that disagree) is a warning naming both, not taken at face value silently', async () => {
  const root = vmwareGuestRoot({ 'sys/kernel/debug/vmmemctl': modernVmmemctl({ targetPages: 3_000_000, currentPages: 3_000_000 }), 'vmware-toolbox-cmd/stat-balloon.txt': '11718 MB\n' });
  try {
    const { sample, source } = await sampleOf(root);
    assert.equal(sample.guest!.values.balloonMB, 11718.75);
    const warnings = source.warnings().map((w) => w.message).join('\n');
    assert.match(warnings, /vmmemctl: the balloon \(11718\.75 MB\) is larger than the guest's memory \(7961\.27 MB, MemTotal\): the inputs disagree/);
  } finally {
    root.remove();
  }
});

test('VMware guest without debugfs statistics: the balloon from vmware-toolbox-cmd, the target missing with how to get it', async () => {
  const root = vmwareRoot();
  try {
    root.write('sys/kernel/debug/vmmemctl', '');
    const { sample, source } = await sampleOf(root);
    const g = sample.guest!;
    assert.equal(g.values.balloonMB, 2048);
    assert.equal(g.from.balloonMB, 'vmware-toolbox-cmd stat balloon');
    assert.equal(g.values.targetMB, null);
    assert.match(g.missing.targetMB ?? '', /vmmemctl: no "current:" or "target:" balloon size/);
    assert.equal(g.values.targetPct, null);
    assert.ok(g.missing.targetPct);
    assert.match(source.warnings()[0].message, /vmmemctl: no "current:"/);
  } finally {
    root.remove();
  }
});

test('VMware guest without vmw_balloon loaded: the driver is named, "not loaded"', async () => {
  const root = vmwareRoot();
  try {
    root.write('proc/modules', 'vmw_vmci 86016 0 - Live 0xffffffffc0a00000\n');
    root.write('sys/kernel/debug/vmmemctl', '');
    execFileSync('rm', [join(root.dir, 'sys/kernel/debug/vmmemctl')]);
    const { sample } = await sampleOf(root);
    const g = sample.guest!;
    assert.equal(g.driver, 'vmw_balloon');
    assert.equal(g.driverStatus, 'not loaded');
    assert.match(g.missing.targetMB ?? '', /no .*vmmemctl/);
  } finally {
    root.remove();
  }
});

test('Hyper-V guest: hv-balloon debugfs, the balloon taken out of MemTotal', async () => {
  const root = new FixtureRoot();
  try {
    root.write('sys/class/dmi/id/sys_vendor', 'Microsoft Corporation\n');
    root.write('sys/class/dmi/id/product_name', 'Virtual Machine\n');
    root.write('proc/meminfo', meminfo({ MemTotal: 3 * GIB_KB, MemFree: GIB_KB, MemAvailable: 2 * GIB_KB, SwapTotal: 0, SwapFree: 0 }));
    root.write('sys/kernel/debug/hv-balloon', hvBalloon({ pagesBallooned: 262144, state: 'Balloon Up', stateNumber: 2 }));
    const { sample } = await sampleOf(root);
    const g = sample.guest!;
    assert.equal(g.driver, 'hv_balloon');
    assert.equal(g.driverStatus, 'active');
    assert.equal(g.hypervisor, 'Hyper-V');
    assert.equal(g.balloonState, 'inflating');
    assert.equal(g.values.balloonMB, 1024);
    assert.equal(g.values.guestMemoryMB, 4096);
    assert.equal(g.values.balloonPct, 25);
    assert.equal(g.values.swapUsedMB, 0);
    assert.equal(g.values.balloonMaxMB, null);
    assert.match(g.missing.targetMB ?? '', /hv_balloon has no target/);
    assert.match(g.missing.limitMB ?? '', /not a VMware VM \(Hyper-V\)/);
  } finally {
    root.remove();
  }
});

test('KVM guest: meminfo Balloon, the balloon taken out of MemTotal without deflate-on-OOM', async () => {
  const root = new FixtureRoot();
  try {
    root.write('sys/class/dmi/id/sys_vendor', 'QEMU\n');
    root.write('sys/class/dmi/id/product_name', 'Standard PC (Q35 + ICH9, 2009)\n');
    root.write('sys/bus/virtio/drivers/virtio_balloon/virtio3/features', '0100000000000000000000000000110010000000000000000000000000000000\n');
    root.write('proc/meminfo', meminfo({ MemTotal: 6 * GIB_KB, MemFree: GIB_KB, MemAvailable: 3 * GIB_KB, SwapTotal: 0, SwapFree: 0, Balloon: 2 * GIB_KB }));
    const { sample } = await sampleOf(root);
    const g = sample.guest!;
    assert.equal(g.driver, 'virtio_balloon');
    assert.equal(g.hypervisor, 'KVM');
    assert.equal(g.values.balloonMB, 2048);
    assert.equal(g.values.guestMemoryMB, 8192);
    assert.equal(g.values.balloonPct, 25);
    assert.equal(g.from.guestMemoryMB, 'MemTotal + balloon');
    assert.match(g.missing.targetMB ?? '', /virtio_balloon does not show its target/);
  } finally {
    root.remove();
  }
});

test('KVM guest before the meminfo Balloon line: the size from /proc/vmstat, and its trend between samples', async () => {
  const root = new FixtureRoot();
  try {
    root.write('sys/class/dmi/id/sys_vendor', 'QEMU\n');
    root.write('sys/bus/virtio/drivers/virtio_balloon/virtio0/features', '0110000000000000000000000000110010000000000000000000000000000000\n');
    root.write('proc/meminfo', meminfo({ MemTotal: 8 * GIB_KB, MemFree: GIB_KB, MemAvailable: 3 * GIB_KB, SwapTotal: 0, SwapFree: 0 }));
    root.write('proc/vmstat', vmstat({ balloon_inflate: 262144, balloon_deflate: 0, balloon_migrate: 0 }));
    const source = new GuestSource(GuestRoot.at(root.dir));
    const first = (await source.next())!.guest!;
    assert.equal(first.values.balloonMB, 1024);
    assert.equal(first.values.guestMemoryMB, 8192, 'deflate-on-OOM: the balloon counts as used, MemTotal is the guest memory');
    assert.equal(first.balloonState, null);
    assert.match(first.missing.balloonState ?? '', /second sample/);
    assert.match(first.missing.oomKillsSinceBoot ?? '', /no oom_kill in .*Linux before 4\.13/);
    root.write('proc/vmstat', vmstat({ balloon_inflate: 524288, balloon_deflate: 0, balloon_migrate: 0 }));
    const second = (await source.next())!.guest!;
    assert.equal(second.values.balloonMB, 2048);
    assert.equal(second.balloonState, 'inflating');
    await source.close();
  } finally {
    root.remove();
  }
});

test('files saved on Windows (a byte order mark, CRLF line ends) read the same', async () => {
  const root = vmwareRoot();
  try {
    for (const rel of ['proc/meminfo', 'sys/kernel/debug/vmmemctl', 'vmware-toolbox-cmd/stat-memlimit.txt', 'dmesg.txt']) {
      const text = (await import('node:fs')).readFileSync(join(root.dir, rel), 'utf8');
      root.write(rel, `\uFEFF${text.replace(/\n/g, '\r\n')}`);
    }
    const { sample, source } = await sampleOf(root);
    const g = sample.guest!;
    assert.equal(g.values.memTotalMB, 7961.27);
    assert.equal(g.values.balloonMB, 2048);
    assert.equal(g.values.targetMB, 3072);
    assert.equal(g.values.limitMB, 4096);
    assert.equal(g.oomKills?.[0].process, 'java');
    assert.deepEqual(source.warnings(), []);
  } finally {
    root.remove();
  }
});

test('a root with nothing readable: every value missing, each with its reason, never 0', async () => {
  const root = new FixtureRoot();
  try {
    const { sample } = await sampleOf(root);
    const g = sample.guest!;
    assert.equal(g.driver, null);
    assert.equal(g.hypervisor, null);
    assert.equal(g.oomKills, null);
    for (const id of GUEST_FIELD_IDS) {
      assert.equal(g.values[id], null, id);
      assert.ok(g.missing[id] && g.missing[id].length > 10, `${id} has a reason: ${g.missing[id]}`);
    }
    for (const key of ['driver', 'hypervisor', 'oomKills'] as const) assert.ok(g.missing[key], key);
    assert.match(g.missing.memTotalMB ?? '', /proc\/meminfo: no such file/);
    assert.match(g.missing.limitMB ?? '', /no saved output .*stat-memlimit\.txt/);
    assert.equal(sample.host.hostname, null);
  } finally {
    root.remove();
  }
});

test('files that are not what they should be: garbage, a device, a pipe, a huge file; the good part is kept', async () => {
  const root = vmwareRoot();
  try {
    root.write('proc/meminfo', Buffer.from([0, 1, 2, 255, 10, 0]).toString('latin1'));
    execFileSync('rm', [join(root.dir, 'sys/kernel/debug/vmmemctl')]);
    symlinkSync('/dev/zero', join(root.dir, 'sys/kernel/debug/vmmemctl'));
    execFileSync('rm', [join(root.dir, 'dmesg.txt')]);
    execFileSync('mkfifo', [join(root.dir, 'dmesg.txt')]);
    root.write('proc/vmstat', 'nr_free_pages 1\n'.repeat(200_000));
    const { sample, source } = await sampleOf(root);
    const g = sample.guest!;
    assert.equal(g.values.memTotalMB, null);
    assert.match(g.missing.memTotalMB ?? '', /proc\/meminfo: no "MemTotal:" line, not \/proc\/meminfo/);
    assert.match(g.missing.targetMB ?? '', /vmmemctl: is a device, not a file/);
    assert.match(g.missing.balloonInflatePages ?? '', /proc\/vmstat: larger than 1 MiB/);
    assert.equal(g.values.balloonMB, 2048, 'vmware-toolbox-cmd still gives the balloon');
    assert.equal(g.values.limitMB, 4096);
    const warnings = source.warnings().map((w) => w.message).join('\n');
    assert.match(warnings, /dmesg\.txt: is a pipe, not a file/);
    assert.match(warnings, /proc\/meminfo: no "MemTotal:" line/);
    await source.close();
  } finally {
    root.remove();
  }
});
