/** The guest's own memory figures (/proc/meminfo, /proc/vmstat) and what the host set (vmware-toolbox-cmd), into a section. */
import type { GuestRoot } from './guest-root';
import { kbToMb, type Meminfo } from './meminfo';
import { ok, type Parsed, type SectionBuilder } from './section-builder';
import type { ToolboxReading } from './toolbox';
import type { Vmstat } from './vmstat';

export function fillMeminfo(b: SectionBuilder, meminfo: Parsed<Meminfo>, root: GuestRoot): void {
  if (!ok(meminfo)) {
    for (const id of ['memTotalMB', 'memFreeMB', 'memAvailableMB', 'swapTotalMB', 'swapUsedMB'] as const) b.miss(id, meminfo.reason);
    return;
  }
  const m = meminfo.value;
  const mb = (k: string) => (m.has(k) ? kbToMb(m.get(k) as number) : null);
  b.set('memTotalMB', mb('MemTotal'));
  b.set('memFreeMB', mb('MemFree'));
  b.set('memAvailableMB', mb('MemAvailable'));
  b.set('swapTotalMB', mb('SwapTotal'));
  const total = m.get('SwapTotal');
  const free = m.get('SwapFree');
  if (total !== undefined && free !== undefined) b.set('swapUsedMB', kbToMb(Math.max(0, total - free)));
  const where = root.show('proc/meminfo');
  b.miss('memFreeMB', `no MemFree in ${where}`);
  b.miss('memAvailableMB', `no MemAvailable in ${where} (Linux before 3.14)`);
  b.miss('swapTotalMB', `no SwapTotal in ${where}`);
  b.miss('swapUsedMB', `no SwapTotal/SwapFree in ${where}`);
}

const VMSTAT_FIELDS = [
  ['balloonInflatePages', 'balloon_inflate', 'a kernel without CONFIG_MEMORY_BALLOON'],
  ['balloonDeflatePages', 'balloon_deflate', 'a kernel without CONFIG_MEMORY_BALLOON'],
  ['balloonMigratePages', 'balloon_migrate', 'a kernel without balloon compaction'],
  ['oomKillsSinceBoot', 'oom_kill', 'Linux before 4.13'],
] as const;

export function fillVmstat(b: SectionBuilder, vmstat: Parsed<Vmstat>, root: GuestRoot): void {
  for (const [id, name, why] of VMSTAT_FIELDS) {
    if (!ok(vmstat)) b.miss(id, vmstat.reason);
    else {
      b.set(id, vmstat.value.get(name));
      b.miss(id, `no ${name} in ${root.show('proc/vmstat')} (${why})`);
    }
  }
}

const TOOLBOX_FIELDS = [
  ['toolsBalloonMB', 'balloon'],
  ['hostSwappedMB', 'swap'],
  ['limitMB', 'memlimit'],
  ['reservationMB', 'memres'],
] as const;

export function fillToolbox(b: SectionBuilder, t: ToolboxReading): void {
  for (const [id, stat] of TOOLBOX_FIELDS) {
    b.set(id, t.values[stat]);
    b.miss(id, t.missing[stat] ?? `no ${stat}`);
  }
}
