/**
 * Guest files as the kernel and open-vm-tools print them, for fixture roots
 * built in the tests. Each printer follows the format strings of its source
 * (named on each function), with the same widths.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Sample } from '../../../src/sample/sample';
import { GuestRoot } from '../../../src/sources/guest/guest-root';
import { GuestSource } from '../../../src/sources/guest/guest-source';

/** `%-Ns` */
const left = (s: string, n: number) => s.padEnd(n);
/** `%Nd`, `%Nlu`, `%Ns` */
const right = (s: string | number, n: number) => String(s).padStart(n);

/** drivers/misc/vmw_balloon.c `vmballoon_debug_show` since the 2018 rewrite (sizes in 4 KiB pages). */
export function modernVmmemctl(o: { targetPages: number; currentPages: number; resetting?: boolean }): string {
  const lines = [
    `${left('balloon capabilities', 22)}: ${right('0x3e', 16)}`,
    `${left('used capabilities', 22)}: ${right('0x3e', 16)}`,
    `${left('is resetting', 22)}: ${right(o.resetting ? 'y' : 'n', 16)}`,
    `${left('target', 22)}: ${right(o.targetPages, 16)}`,
    `${left('current', 22)}: ${right(o.currentPages, 16)}`,
  ];
  // vmballoon_cmd_names: the GET_TARGET command is called "target" too.
  const cmds: [string, number][] = [['start', 1], ['target', 9843], ['lock', 0], ['unlock', 0], ['guestType', 1], ['batchLock', 388], ['batchUnlock', 12], ['2m-lock', 1022], ['2m-unlock', 3], ['doorbellSet', 1]];
  for (const [name, n] of cmds) lines.push(`${left(name, 22)}: ${right(n, 16)} (0 failed)`);
  for (const name of ['timer', 'doorbell', 'reset', 'shrink', 'shrinkFree']) lines.push(`${left(name, 22)}: ${right(7, 16)}`);
  for (const name of ['alloc', 'allocFail', 'errAlloc', 'errFree', 'free']) for (const size of ['4k', '2M']) lines.push(`${left(name, 18)}(${size}): ${right(3, 16)}`);
  return `${lines.join('\n')}\n`;
}

/** drivers/misc/vmw_balloon.c `vmballoon_debug_show` in Linux 4.x (before the rewrite): `%8d pages`. */
export function pagesVmmemctl(o: { targetPages: number; currentPages: number; resetting?: boolean }): string {
  return (
    `balloon capabilities:   0x1e\n` +
    `used capabilities:      0x1e\n` +
    `is resetting:           ${o.resetting ? 'y' : 'n'}\n` +
    `target:             ${right(o.targetPages, 8)} pages\n` +
    `current:            ${right(o.currentPages, 8)} pages\n` +
    `rateSleepAlloc:     ${right(2048, 8)} pages/sec\n` +
    `\n` +
    `timer:              ${right(118, 8)}\n` +
    `doorbell:           ${right(0, 8)}\n` +
    `start:              ${right(1, 8)} (${right(0, 4)} failed)\n` +
    `guestType:          ${right(1, 8)} (${right(0, 4)} failed)\n` +
    `2m-lock:            ${right(0, 8)} (${right(0, 4)} failed)\n` +
    `lock:               ${right(10, 8)} (${right(0, 4)} failed)\n` +
    `2m-unlock:          ${right(0, 8)} (${right(0, 4)} failed)\n` +
    `unlock:             ${right(0, 8)} (${right(0, 4)} failed)\n` +
    `target:             ${right(118, 8)} (${right(0, 4)} failed)\n` +
    `prim2mAlloc:        ${right(0, 8)} (${right(0, 4)} failed)\n` +
    `primNoSleepAlloc:   ${right(10, 8)} (${right(0, 4)} failed)\n` +
    `primCanSleepAlloc:  ${right(0, 8)} (${right(0, 4)} failed)\n`
  );
}

/** open-vm-tools modules/linux/vmmemctl `BalloonProcRead` (/proc/vmmemctl of the out-of-tree module). */
export function outOfTreeVmmemctl(o: { targetPages: number; currentPages: number }): string {
  return (
    `target:             ${right(o.targetPages, 8)} pages\n` +
    `current:            ${right(o.currentPages, 8)} pages\n` +
    `rateNoSleepAlloc:   ${right(16384, 8)} pages/sec\n` +
    `rateSleepAlloc:     ${right(2048, 8)} pages/sec\n` +
    `rateFree:           ${right(16384, 8)} pages/sec\n`
  );
}

/** fs/proc/meminfo.c `show_val_kb`: the name padded to 16 columns, the value to 8, then ` kB`. */
export function meminfo(kb: Record<string, number>): string {
  return Object.entries(kb)
    .map(([name, v]) => (name.startsWith('HugePages_') ? `${left(`${name}:`, 16)}${right(v, 8)}` : `${left(`${name}:`, 16)}${right(v, 8)} kB`))
    .join('\n') + '\n';
}

/** mm/vmstat.c: `name value` lines. */
export function vmstat(values: Record<string, number>): string {
  return Object.entries({ nr_free_pages: 5000000, nr_zone_inactive_anon: 123, ...values })
    .map(([k, v]) => `${k} ${v}`)
    .join('\n') + '\n';
}

/** drivers/hv/hv_balloon.c `hv_balloon_debug_show` (Linux 6.0 and later). */
export function hvBalloon(o: { pagesBallooned: number; state?: string; stateNumber?: number }): string {
  return (
    `${left('host_version', 22)}: 2.0\n` +
    `${left('capabilities', 22)}: enabled hot_add\n` +
    `${left('state', 22)}: ${o.stateNumber ?? 1} (${o.state ?? 'Initialized'})\n` +
    `${left('page_size', 22)}: 4096\n` +
    `${left('pages_added', 22)}: 0\n` +
    `${left('pages_onlined', 22)}: 0\n` +
    `${left('pages_ballooned', 22)}: ${o.pagesBallooned}\n` +
    `${left('total_pages_committed', 22)}: 977790\n` +
    `${left('max_dynamic_page_count', 22)}: 268435456\n`
  );
}

/** mm/oom_kill.c `__oom_kill_process` since Linux 4.19. */
export function oomKilledLine(pid: number, comm: string, prefix = 'Out of memory'): string {
  return `${prefix}: Killed process ${pid} (${comm}) total-vm:4321000kB, anon-rss:2100000kB, file-rss:1200kB, shmem-rss:0kB, UID:1000 pgtables:4400kB oom_score_adj:0`;
}

/** The dmesg time stamp `[%5lu.%06lu]`. */
export function uptimeStamp(seconds: number): string {
  const whole = Math.floor(seconds);
  const micros = Math.round((seconds - whole) * 1e6);
  return `[${right(whole, 5)}.${String(micros).padStart(6, '0')}]`;
}

/** A temporary directory laid out like `/`. */
export class FixtureRoot {
  readonly dir: string;

  constructor(prefix = 'balloontop-guest-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  write(rel: string, text: string, mtime?: Date): string {
    const path = join(this.dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    if (mtime) utimesSync(path, mtime, mtime);
    return path;
  }

  mkdir(rel: string): string {
    const path = join(this.dir, rel);
    mkdirSync(path, { recursive: true });
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const GIB_KB = 1024 * 1024;

/** 2026-03-01T07:00:00Z: the boot time of the VMware fixture guest (`btime` in /proc/stat). */
export const FIXTURE_BOOT_S = 1772348400;

/**
 * The files of a VMware guest with the modern vmw_balloon driver: 8 GB,
 * limited to 4 GB, its balloon at 2 GB of a 3 GB target, java killed by the
 * OOM killer an hour after boot, its reservation unreadable.
 */
const VMWARE_GUEST_FILES: Readonly<Record<string, string>> = {
  'proc/sys/kernel/hostname': 'web01\n',
  'sys/class/dmi/id/sys_vendor': 'VMware, Inc.\n',
  'proc/meminfo': meminfo({ MemTotal: 8152340, MemFree: 1048576, MemAvailable: 2097152, SwapTotal: 2097148, SwapFree: 1048572 }),
  'proc/vmstat': vmstat({ balloon_inflate: 600000, balloon_deflate: 75712, balloon_migrate: 12, oom_kill: 1 }),
  'proc/stat': `btime ${FIXTURE_BOOT_S}\n`,
  'proc/modules': 'vmw_balloon 24576 0 - Live 0xffffffffc0a1b000\n',
  'sys/kernel/debug/vmmemctl': modernVmmemctl({ targetPages: 786432, currentPages: 524288 }),
  'vmware-toolbox-cmd/stat-balloon.txt': '2048 MB\n',
  'vmware-toolbox-cmd/stat-swap.txt': '0 MB\n',
  'vmware-toolbox-cmd/stat-memlimit.txt': '4096 MB\n',
  'vmware-toolbox-cmd/stat-memres.txt': 'OpenHandle failed: VMware Guest API is not enabled on the host\n',
  'dmesg.txt': `${uptimeStamp(3600.5)} ${oomKilledLine(4242, 'java')}\n`,
};

/**
 * A fixture root holding the VMware guest's files; `changes` replaces files
 * by their path under the root (null leaves a file out).
 */
export function vmwareGuestRoot(changes: Readonly<Record<string, string | null>> = {}, prefix?: string): FixtureRoot {
  const root = new FixtureRoot(prefix);
  for (const [rel, text] of Object.entries({ ...VMWARE_GUEST_FILES, ...changes })) if (text !== null) root.write(rel, text);
  return root;
}

/** 2026-03-01T12:00:00Z: the clock of the first sample of guestSamples. */
export const FIXTURE_NOW = Date.UTC(2026, 2, 1, 12);

/** n samples of the guest source on the root, 5 s apart from FIXTURE_NOW; `change` edits the files before sample i. */
export async function guestSamples(root: FixtureRoot, n: number, change?: (i: number) => void): Promise<Sample[]> {
  let i = 0;
  const src = new GuestSource(GuestRoot.at(root.dir), () => FIXTURE_NOW + i * 5000);
  const out: Sample[] = [];
  for (; i < n; i++) {
    change?.(i);
    out.push((await src.next()) as Sample);
  }
  await src.close();
  return out;
}
