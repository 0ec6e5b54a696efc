/**
 * One reading of the guest: every input read once and turned into a
 * `GuestSection`. Each value says where it came from when several inputs
 * could give it; each missing value says why and how to get it.
 */
import { hostname as osHostname } from 'node:os';
import { emptyGuestValues, GUEST_FIELD_IDS, type GuestFieldId } from '../../fields/guest-fields';
import type { BalloonDriver, BalloonState, DriverStatus, GuestSection, GuestTextKey } from '../../sample/guest';
import type { Value } from '../../sample/sample';
import type { WarningCounter } from '../warnings';
import { isFailure, readBounded, type ReadFailure } from './bounded-read';
import type { GuestRoot } from './guest-root';
import { parseHvBalloon, type HvBalloonReading } from './hv-balloon';
import { KernelLog } from './kernel-log/kernel-log';
import { kbToMb, parseMeminfo, type Meminfo } from './meminfo';
import { debugfsMounted, driverEvidence, DRIVER_OF_HYPERVISOR, HYPERVISOR_OF_DRIVER, readHostname, readHypervisor, readModules } from './platform';
import { parseBootTime, parseUptime } from './proc-stat';
import { readToolbox, type ToolboxReading } from './toolbox';
import { hasDeflateOnOom, parseInflated, type InflatedReading } from './virtio-balloon';
import { pagesToMb, parseVmmemctl, type VmmemctlReading } from './vmmemctl';
import { parseVmstat, type Vmstat } from './vmstat';

const PROC_FILE_MAX = 1024 * 1024;
/** VMware's default Mem.CtlMaxPercent: the balloon may take at most 65% of the guest's memory. */
export const VMW_MAX_BALLOON_SHARE = 0.65;
/** vmw_balloon deflates only when the balloon is 2 MB (512 pages) above its target (`vmballoon_change`). */
const VMW_DEFLATE_SLACK_PAGES = 512;

export const VMMEMCTL = 'sys/kernel/debug/vmmemctl';
export const PROC_VMMEMCTL = 'proc/vmmemctl';
export const HV_BALLOON = 'sys/kernel/debug/hv-balloon';
export const VIRTIO_BALLOON_DEBUGFS = 'sys/kernel/debug/virtio-balloon';

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

type Parsed<T> = { value: T; rel: string } | { failure: ReadFailure['failure'] | 'bad'; reason: string };

function ok<T>(p: Parsed<T>): p is { value: T; rel: string } {
  return (p as { value?: T }).value !== undefined;
}

class SectionBuilder {
  readonly values: Record<GuestFieldId, Value> = emptyGuestValues();
  readonly missing: GuestSection['missing'] = {};
  readonly from: GuestSection['from'] = {};

  set(id: GuestFieldId, value: number | null | undefined, from?: string): void {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    this.values[id] = value;
    if (from) this.from[id] = from;
  }

  /** `set` unless an earlier (better) input gave the value. */
  fill(id: GuestFieldId, value: number | null | undefined, from: string): void {
    if (this.values[id] === null) this.set(id, value, from);
  }

  miss(id: GuestFieldId | GuestTextKey, reason: string): void {
    if (id in this.values && this.values[id as GuestFieldId] !== null) return;
    this.missing[id] ??= reason;
  }
}

export interface GuestReading {
  hostname: string | null;
  section: GuestSection;
}

export class GuestReader {
  private readonly kernelLog: KernelLog;
  private previous: GuestSection | null = null;

  constructor(
    private readonly root: GuestRoot,
    private readonly warnings: WarningCounter,
  ) {
    this.kernelLog = new KernelLog(root);
  }

  close(): void {
    this.kernelLog.close();
  }

  /** A file parsed, or why not; a file that is there but malformed is also a warning. */
  private parse<T>(rel: string, parser: (text: string) => T | { problem: string }): Parsed<T> {
    const r = readBounded(this.root.path(rel), PROC_FILE_MAX);
    const where = this.root.show(rel);
    if (isFailure(r)) {
      if (r.failure !== 'absent') this.warnings.add(`read:${rel}`, `${where}: ${r.reason}; shown as missing`);
      return { failure: r.failure, reason: `${where}: ${r.reason}` };
    }
    const parsed = parser(r.text);
    if (typeof parsed === 'object' && parsed !== null && 'problem' in parsed && typeof (parsed as { problem: unknown }).problem === 'string') {
      const reason = `${where}: ${(parsed as { problem: string }).problem}`;
      this.warnings.add(`bad:${rel}`, `${reason}; shown as missing`);
      return { failure: 'bad', reason };
    }
    return { value: parsed as T, rel };
  }

  private bootTimeMs(): number | null {
    const stat = this.parse('proc/stat', (t) => parseBootTime(t) ?? { problem: 'no "btime" line' });
    if (ok(stat)) return stat.value;
    const uptimeRead = readBounded(this.root.path('proc/uptime'), PROC_FILE_MAX);
    if (isFailure(uptimeRead)) return null;
    const uptime = parseUptime(uptimeRead.text);
    if (uptime === null) return null;
    // Without btime: the boot was `uptime` seconds before the file was read (live: now; saved: its date).
    return (this.root.live ? Date.now() : uptimeRead.mtimeMs) - uptime * 1000;
  }

  /** Why /sys/kernel/debug/vmmemctl is missing, and how to get it. */
  private vmmemctlReason(p: Parsed<VmmemctlReading>): string {
    if (ok(p)) return `${this.root.show(p.rel)} has no balloon size`;
    const where = this.root.show(VMMEMCTL);
    if (p.failure === 'denied') return `${where}: permission denied (debugfs is readable by root only: run balloontop guest as root)`;
    if (p.failure !== 'absent') return p.reason;
    if (!this.root.live) return `no ${where} (collect it as root on the guest, with debugfs mounted; sos reports keep it)`;
    if (debugfsMounted(this.root) === false) return `${where}: debugfs is not mounted (as root: mount -t debugfs none /sys/kernel/debug)`;
    return `no ${where}: the vmw_balloon driver is not loaded (modprobe vmw_balloon), or this is not a VMware VM`;
  }

  async read(): Promise<GuestReading> {
    const root = this.root;
    const b = new SectionBuilder();
    const hypervisorRead = readHypervisor(root);
    const modules = readModules(root);

    // Balloon drivers' own statistics.
    let vmw = this.parse(VMMEMCTL, parseVmmemctl);
    if (!ok(vmw)) {
      const old = this.parse(PROC_VMMEMCTL, parseVmmemctl);
      if (ok(old)) vmw = old;
    }
    const hv = this.parse(HV_BALLOON, parseHvBalloon);
    const inflated = this.parse(VIRTIO_BALLOON_DEBUGFS, parseInflated);
    const evidence = {
      vmw_balloon: driverEvidence(root, 'vmw_balloon', modules),
      hv_balloon: driverEvidence(root, 'hv_balloon', modules),
      virtio_balloon: driverEvidence(root, 'virtio_balloon', modules),
    };

    let driver: BalloonDriver | null = null;
    if (ok(vmw) || evidence.vmw_balloon.present) driver = 'vmw_balloon';
    else if (ok(hv) || evidence.hv_balloon.present) driver = 'hv_balloon';
    else if (ok(inflated) || evidence.virtio_balloon.present) driver = 'virtio_balloon';
    const hypervisor = 'name' in hypervisorRead ? hypervisorRead.name : driver ? HYPERVISOR_OF_DRIVER[driver] : null;
    if (hypervisor === null && 'problem' in hypervisorRead) b.miss('hypervisor', hypervisorRead.problem);
    let driverStatus: DriverStatus | null = null;
    const found = driver !== null;
    if (found) {
      driverStatus = 'loaded'; // 'active' once its balloon is read, below
    } else if (hypervisor && DRIVER_OF_HYPERVISOR[hypervisor]) {
      driver = DRIVER_OF_HYPERVISOR[hypervisor];
      // Absence tells only where every sign could have been seen: live with the statistics readable, or a saved module list.
      const statsDenied = driver === 'vmw_balloon' && !ok(vmw) && vmw.failure === 'denied';
      if (modules || (root.live && !statsDenied)) driverStatus = 'not loaded';
      else if (statsDenied) b.miss('driverStatus', `${this.vmmemctlReason(vmw)}; no module list in ${root.show('proc/modules')}`);
      else b.miss('driverStatus', `cannot tell whether ${driver} is loaded: no module list (${root.show('proc/modules')} or lsmod output) and no driver statistics`);
    } else {
      b.miss('driver', hypervisor
        ? `no balloon driver found, and ${hypervisor} has none balloontop knows (vmw_balloon, virtio_balloon, hv_balloon)`
        : `no balloon driver found (no vmw_balloon, virtio_balloon or hv_balloon module, device or statistics) and the hypervisor is unknown`);
    }

    // What the host set on this VM, seen from inside (VMware Tools).
    const toolboxSkip = hypervisor && hypervisor !== 'VMware' ? `not a VMware VM (${hypervisor}): these figures come from VMware Tools` : null;
    const toolbox = await readToolbox(root, toolboxSkip);
    this.readToolboxValues(b, toolbox);

    // The guest's own memory figures.
    const meminfo = this.parse('proc/meminfo', parseMeminfo);
    if (!root.live && !ok(meminfo) && meminfo.failure === 'absent') {
      this.warnings.add('root', `${root.dir} has no proc/meminfo: is it the directory that stands for / (for an sos report, its top directory)?`);
    }
    const vmstat = this.parse('proc/vmstat', parseVmstat);
    this.readMeminfo(b, meminfo);
    this.readVmstat(b, vmstat);

    // The balloon's size and target, by driver.
    let takenFromMemTotal: boolean | null = false;
    let state: BalloonState | null = null;
    const meminfoBalloon = ok(meminfo) ? meminfo.value.get('Balloon') : undefined;
    const fillFromMeminfo = () => b.fill('balloonMB', meminfoBalloon === undefined ? null : kbToMb(meminfoBalloon), `${root.show('proc/meminfo')} Balloon`);
    const notLoaded = driverStatus === 'not loaded' ? `the ${driver} driver is not loaded` : null;
    if (driver === 'vmw_balloon') {
      if (ok(vmw)) {
        const r = vmw.value;
        b.set('balloonMB', r.currentPages === null ? null : pagesToMb(r.currentPages), root.show(vmw.rel));
        b.set('targetMB', r.targetPages === null ? null : pagesToMb(r.targetPages), root.show(vmw.rel));
        state = vmwState(r);
      }
      fillFromMeminfo();
      b.fill('balloonMB', toolbox.values.balloon, 'vmware-toolbox-cmd stat balloon');
      b.miss('targetMB', this.vmmemctlReason(vmw));
      b.miss('balloonMB', notLoaded ?? `${this.vmmemctlReason(vmw)}; ${toolbox.missing.balloon ?? 'no vmware-toolbox-cmd stat balloon'}`);
    } else if (driver === 'hv_balloon') {
      takenFromMemTotal = true;
      if (ok(hv)) {
        b.set('balloonMB', pagesToMb(hv.value.pagesBallooned, hv.value.pageBytes), root.show(HV_BALLOON));
        state = hvState(hv.value);
      }
      fillFromMeminfo();
      b.miss('balloonMB', notLoaded ?? (ok(hv) ? `${root.show(HV_BALLOON)} has no balloon size` : hv.failure === 'denied' ? `${root.show(HV_BALLOON)}: permission denied (debugfs is readable by root only: run balloontop guest as root)` : `${hv.reason} (hv_balloon shows its size in debugfs since Linux 6.0, in /proc/meminfo Balloon since 6.15)`));
      b.miss('targetMB', 'hv_balloon has no target to show: the host sends each balloon request');
    } else if (driver === 'virtio_balloon') {
      const deflateOnOom = evidence.virtio_balloon.virtioFeatures === null ? null : hasDeflateOnOom(evidence.virtio_balloon.virtioFeatures);
      takenFromMemTotal = deflateOnOom === null ? null : !deflateOnOom;
      if (ok(inflated)) {
        const r: InflatedReading = inflated.value;
        b.set('balloonMB', kbToMb(r.totalKb + r.freeKb), root.show(VIRTIO_BALLOON_DEBUGFS));
        takenFromMemTotal = r.totalKb > 0 ? true : r.freeKb > 0 ? false : takenFromMemTotal;
      }
      fillFromMeminfo();
      if (ok(vmstat)) {
        const inflate = vmstat.value.get('balloon_inflate');
        const deflate = vmstat.value.get('balloon_deflate');
        if (inflate !== undefined && deflate !== undefined) b.fill('balloonMB', pagesToMb(Math.max(0, inflate - deflate)), `${root.show('proc/vmstat')} balloon_inflate - balloon_deflate`);
      }
      b.miss('balloonMB', notLoaded ?? `no balloon size: ${root.show('proc/meminfo')} has no Balloon line (Linux 6.15 and later) and ${root.show('proc/vmstat')} no balloon_inflate`);
      b.miss('targetMB', 'virtio_balloon does not show its target inside the guest (the host sets it: virsh dommemstat, QEMU info balloon)');
    } else {
      fillFromMeminfo();
      b.miss('balloonMB', b.missing.driver ?? 'no balloon driver');
      b.miss('targetMB', b.missing.driver ?? 'no balloon driver');
    }

    if (found && b.values.balloonMB !== null) driverStatus = 'active';

    // Derived figures.
    const memTotal = b.values.memTotalMB;
    const balloon = b.values.balloonMB;
    if (memTotal !== null) {
      const adds = takenFromMemTotal === true && balloon !== null;
      const note = takenFromMemTotal === null ? 'MemTotal (whether the balloon is taken out of MemTotal is unknown: the virtio device\'s features were not read)' : adds ? 'MemTotal + balloon' : 'MemTotal';
      b.set('guestMemoryMB', adds ? round2(memTotal + (balloon as number)) : memTotal, note);
    } else b.miss('guestMemoryMB', b.missing.memTotalMB ?? 'no MemTotal');
    const guestMemory = b.values.guestMemoryMB;
    for (const [pct, mb] of [['balloonPct', 'balloonMB'], ['targetPct', 'targetMB']] as const) {
      const v = b.values[mb];
      if (v !== null && guestMemory !== null && guestMemory > 0) b.set(pct, round2((v / guestMemory) * 100));
      else b.miss(pct, v === null ? (b.missing[mb] ?? `no ${mb}`) : (b.missing.guestMemoryMB ?? 'no guest memory'));
    }
    if (driver === 'vmw_balloon' && guestMemory !== null) b.set('balloonMaxMB', round2(guestMemory * VMW_MAX_BALLOON_SHARE), 'the default 65% of guest memory (Mem.CtlMaxPercent); the host may set less (sched.mem.maxmemctl)');
    else b.miss('balloonMaxMB', driver === 'vmw_balloon' ? (b.missing.guestMemoryMB ?? 'no guest memory') : 'only VMware caps the balloon at a share of the guest (65% by default)');

    // OOM kills.
    const log = this.kernelLog.read(this.bootTimeMs());
    for (const u of log.unreadable) this.warnings.add(`log:${u}`, `${u}; skipped`);
    for (const c of log.cut) this.warnings.add(`cut:${c}`, `${c}: only its last 8 MiB were read for OOM kills`);
    if (log.problem) b.miss('oomKills', log.problem);

    if (state === null) state = trendState(balloon, this.previous?.values.balloonMB ?? null);
    if (state === null) b.miss('balloonState', balloon === null ? (b.missing.balloonMB ?? 'no balloon size') : 'no target: the trend shows from the second sample');

    for (const id of GUEST_FIELD_IDS) if (b.values[id] !== null) delete b.missing[id];
    const section: GuestSection = {
      driver,
      driverStatus,
      balloonState: state,
      hypervisor,
      values: b.values,
      missing: b.missing,
      from: b.from,
      oomKills: log.kills,
    };
    this.previous = section;
    return { hostname: root.live ? osHostname() : readHostname(root), section };
  }

  private readMeminfo(b: SectionBuilder, meminfo: Parsed<Meminfo>): void {
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
    const where = this.root.show('proc/meminfo');
    b.miss('memFreeMB', `no MemFree in ${where}`);
    b.miss('memAvailableMB', `no MemAvailable in ${where} (Linux before 3.14)`);
    b.miss('swapTotalMB', `no SwapTotal in ${where}`);
    b.miss('swapUsedMB', `no SwapTotal/SwapFree in ${where}`);
  }

  private readVmstat(b: SectionBuilder, vmstat: Parsed<Vmstat>): void {
    const ids = [
      ['balloonInflatePages', 'balloon_inflate', 'a kernel without CONFIG_MEMORY_BALLOON'],
      ['balloonDeflatePages', 'balloon_deflate', 'a kernel without CONFIG_MEMORY_BALLOON'],
      ['balloonMigratePages', 'balloon_migrate', 'a kernel without balloon compaction'],
      ['oomKillsSinceBoot', 'oom_kill', 'Linux before 4.13'],
    ] as const;
    for (const [id, name, why] of ids) {
      if (!ok(vmstat)) b.miss(id, vmstat.reason);
      else {
        b.set(id, vmstat.value.get(name));
        b.miss(id, `no ${name} in ${this.root.show('proc/vmstat')} (${why})`);
      }
    }
  }

  private readToolboxValues(b: SectionBuilder, t: ToolboxReading): void {
    const map = [
      ['toolsBalloonMB', 'balloon'],
      ['hostSwappedMB', 'swap'],
      ['limitMB', 'memlimit'],
      ['reservationMB', 'memres'],
    ] as const;
    for (const [id, stat] of map) {
      b.set(id, t.values[stat]);
      b.miss(id, t.missing[stat] ?? `no ${stat}`);
    }
  }
}

function vmwState(r: VmmemctlReading): BalloonState | null {
  if (r.resetting) return 'resetting';
  if (r.currentPages === null || r.targetPages === null) return null;
  if (r.currentPages === 0 && r.targetPages === 0) return 'empty';
  if (r.targetPages > r.currentPages) return 'inflating';
  if (r.currentPages > r.targetPages + VMW_DEFLATE_SLACK_PAGES || (r.targetPages === 0 && r.currentPages > 0)) return 'deflating';
  return 'steady';
}

function hvState(r: HvBalloonReading): BalloonState {
  if (r.state === 'Balloon Up') return 'inflating';
  if (r.state === 'Balloon Down') return 'deflating';
  return r.pagesBallooned === 0 ? 'empty' : 'steady';
}

/** Without a target: the balloon against the previous sample. */
function trendState(balloon: Value, previous: Value): BalloonState | null {
  if (balloon === null) return null;
  if (balloon === 0) return 'empty';
  if (previous === null) return null;
  return balloon > previous ? 'inflating' : balloon < previous ? 'deflating' : 'steady';
}
