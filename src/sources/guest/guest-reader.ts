/**
 * One reading of the guest: every input read once and turned into a
 * `GuestSection`. Each value says where it came from when several inputs
 * could give it; each missing value says why and how to get it.
 */
import { hostname as osHostname } from 'node:os';
import { GUEST_FIELD_IDS } from '../../fields/guest-fields';
import type { BalloonDriver, DriverStatus, GuestSection } from '../../sample/guest';
import type { WarningCounter } from '../warnings';
import { fillBalloon, fillDerived, HV_BALLOON, trendState, VIRTIO_BALLOON_DEBUGFS } from './balloon-figures';
import { isFailure, readBounded } from './bounded-read';
import type { GuestRoot } from './guest-root';
import { parseHvBalloon } from './hv-balloon';
import { KernelLog } from './kernel-log/kernel-log';
import { parseMeminfo } from './meminfo';
import { fillMeminfo, fillToolbox, fillVmstat } from './memory-figures';
import { debugfsMounted, driverEvidence, DRIVER_OF_HYPERVISOR, HYPERVISOR_OF_DRIVER, readHostname, readHypervisor, readModules } from './platform';
import { parseBootTime, parseUptime } from './proc-stat';
import { ok, SectionBuilder, type Parsed } from './section-builder';
import { readToolbox } from './toolbox';
import { parseInflated } from './virtio-balloon';
import { parseVmmemctl, type VmmemctlReading } from './vmmemctl';
import { parseVmstat } from './vmstat';

const PROC_FILE_MAX = 1024 * 1024;

const VMMEMCTL = 'sys/kernel/debug/vmmemctl';
const PROC_VMMEMCTL = 'proc/vmmemctl';

interface GuestReading {
  hostname: string | null;
  section: GuestSection;
}

interface DriverChoice {
  driver: BalloonDriver | null;
  /** A module, bound device or statistics file of the driver was seen. */
  found: boolean;
  driverStatus: DriverStatus | null;
  hypervisor: string | null;
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
      const reason = `${where}: ${(parsed).problem}`;
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

  /** Why /sys/kernel/debug/vmmemctl gives no balloon, and how to get it. */
  /** A balloon is part of the guest's memory: one larger than it means the inputs disagree (a warning; the values stay as read). */
  private checkBalloonFits(b: SectionBuilder): void {
    const balloon = b.values.balloonMB;
    const memory = b.values.guestMemoryMB;
    if (balloon === null || memory === null || balloon <= memory) return;
    this.warnings.add(
      'balloon-fits',
      `${b.from.balloonMB ?? 'the balloon'}: the balloon (${balloon} MB) is larger than the guest's memory (${memory} MB, ${b.from.guestMemoryMB ?? 'MemTotal'}): ` +
        'the inputs disagree (saved at different times, or from different machines?); its share of the guest and the 65% cap do not hold',
    );
  }

  private vmmemctlReason(p: Parsed<VmmemctlReading>): string {
    if (ok(p)) return `${this.root.show(p.rel)} has no balloon size`;
    const where = this.root.show(VMMEMCTL);
    if (p.failure === 'denied') return `${where}: permission denied (debugfs is readable by root only: run balloontop guest as root)`;
    if (p.failure !== 'absent') return p.reason;
    if (!this.root.live) return `no ${where} (collect it as root on the guest, with debugfs mounted; sos reports keep it)`;
    if (debugfsMounted(this.root) === false) return `${where}: debugfs is not mounted (as root: mount -t debugfs none /sys/kernel/debug)`;
    return `no ${where}: the vmw_balloon driver is not loaded (modprobe vmw_balloon), or this is not a VMware VM`;
  }

  /**
   * The driver seen (statistics, module, bound device), else the one the
   * hypervisor uses, "not loaded" only where its absence could be seen.
   */
  private chooseDriver(b: SectionBuilder, seen: Record<BalloonDriver, boolean>, vmw: Parsed<VmmemctlReading>, modules: Set<string> | null): DriverChoice {
    const root = this.root;
    const hypervisorRead = readHypervisor(root);
    const seenDriver = (['vmw_balloon', 'hv_balloon', 'virtio_balloon'] as const).find((d) => seen[d]) ?? null;
    const hypervisor = 'name' in hypervisorRead ? hypervisorRead.name : seenDriver ? HYPERVISOR_OF_DRIVER[seenDriver] : null;
    if (hypervisor === null && 'problem' in hypervisorRead) b.miss('hypervisor', hypervisorRead.problem);
    if (seenDriver) return { driver: seenDriver, found: true, driverStatus: 'loaded', hypervisor };
    const expected = hypervisor ? (DRIVER_OF_HYPERVISOR[hypervisor] ?? null) : null;
    if (!expected) {
      b.miss('driver', hypervisor
        ? `no balloon driver found, and ${hypervisor} has none balloontop knows (vmw_balloon, virtio_balloon, hv_balloon)`
        : 'no balloon driver found (no vmw_balloon, virtio_balloon or hv_balloon module, device or statistics) and the hypervisor is unknown');
      return { driver: null, found: false, driverStatus: null, hypervisor };
    }
    const statsDenied = expected === 'vmw_balloon' && !ok(vmw) && vmw.failure === 'denied';
    if (modules || (root.live && !statsDenied)) return { driver: expected, found: false, driverStatus: 'not loaded', hypervisor };
    b.miss('driverStatus', statsDenied
      ? `${this.vmmemctlReason(vmw)}; no module list in ${root.show('proc/modules')}`
      : `cannot tell whether ${expected} is loaded: no module list (${root.show('proc/modules')} or lsmod output) and no driver statistics`);
    return { driver: expected, found: false, driverStatus: null, hypervisor };
  }

  async read(): Promise<GuestReading> {
    const root = this.root;
    const b = new SectionBuilder();
    const modules = readModules(root);

    // Balloon drivers' own statistics, and other signs of them.
    let vmw = this.parse(VMMEMCTL, parseVmmemctl);
    if (!ok(vmw)) {
      const old = this.parse(PROC_VMMEMCTL, parseVmmemctl);
      if (ok(old)) vmw = old;
    }
    const hv = this.parse(HV_BALLOON, parseHvBalloon);
    const inflated = this.parse(VIRTIO_BALLOON_DEBUGFS, parseInflated);
    const virtio = driverEvidence(root, 'virtio_balloon', modules);
    const seen = {
      vmw_balloon: ok(vmw) || driverEvidence(root, 'vmw_balloon', modules).present,
      hv_balloon: ok(hv) || driverEvidence(root, 'hv_balloon', modules).present,
      virtio_balloon: ok(inflated) || virtio.present,
    };
    const choice = this.chooseDriver(b, seen, vmw, modules);

    // What the host set on this VM, seen from inside (VMware Tools).
    const toolboxSkip = choice.hypervisor && choice.hypervisor !== 'VMware' ? `not a VMware VM (${choice.hypervisor}): these figures come from VMware Tools` : null;
    const toolbox = await readToolbox(root, toolboxSkip);
    fillToolbox(b, toolbox);

    // The guest's own memory figures.
    const meminfo = this.parse('proc/meminfo', parseMeminfo);
    if (!root.live && !ok(meminfo) && meminfo.failure === 'absent') {
      this.warnings.add('root', `${root.dir} has no proc/meminfo: is it the directory that stands for / (for an sos report, its top directory)?`);
    }
    const vmstat = this.parse('proc/vmstat', parseVmstat);
    fillMeminfo(b, meminfo, root);
    fillVmstat(b, vmstat, root);

    // The balloon, and what follows from it.
    const balloon = fillBalloon(b, {
      root,
      driver: choice.driver,
      driverStatus: choice.driverStatus,
      vmw,
      vmmemctlReason: this.vmmemctlReason(vmw),
      hv,
      inflated,
      virtioFeatures: virtio.virtioFeatures,
      meminfo,
      vmstat,
      toolbox,
    });
    const driverStatus = choice.found && b.values.balloonMB !== null ? 'active' : choice.driverStatus;
    fillDerived(b, choice.driver, balloon.takenFromMemTotal);
    this.checkBalloonFits(b);
    const state = balloon.state ?? trendState(b.values.balloonMB, this.previous?.values.balloonMB ?? null);
    if (state === null) b.miss('balloonState', b.values.balloonMB === null ? (b.missing.balloonMB ?? 'no balloon size') : 'no target: the trend shows from the second sample');

    // OOM kills.
    const log = this.kernelLog.read(this.bootTimeMs());
    for (const u of log.unreadable) this.warnings.add(`log:${u}`, `${u}; skipped`);
    for (const c of log.cut) this.warnings.add(`cut:${c}`, `${c}: only its last 8 MiB were read for OOM kills`);
    if (log.problem) b.miss('oomKills', log.problem);

    for (const id of GUEST_FIELD_IDS) if (b.values[id] !== null) delete b.missing[id];
    const section: GuestSection = {
      driver: choice.driver,
      driverStatus,
      balloonState: state,
      hypervisor: choice.hypervisor,
      values: b.values,
      missing: b.missing,
      from: b.from,
      oomKills: log.kills,
    };
    this.previous = section;
    return { hostname: root.live ? osHostname() : readHostname(root), section };
  }
}
