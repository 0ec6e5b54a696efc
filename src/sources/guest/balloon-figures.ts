/**
 * The balloon's size, target and state by driver, from the best input each
 * driver has, and the figures derived from them (the guest's memory counting
 * the balloon, the shares of it, VMware's 65% cap).
 */
import type { BalloonDriver, BalloonState, DriverStatus } from '../../sample/guest';
import type { Value } from '../../sample/sample';
import type { GuestRoot } from './guest-root';
import type { HvBalloonReading } from './hv-balloon';
import { kbToMb, type Meminfo } from './meminfo';
import { ok, round2, type Parsed, type SectionBuilder } from './section-builder';
import type { ToolboxReading } from './toolbox';
import { hasDeflateOnOom, type InflatedReading } from './virtio-balloon';
import { pagesToMb, type VmmemctlReading } from './vmmemctl';
import type { Vmstat } from './vmstat';

/** VMware's default Mem.CtlMaxPercent: the balloon may take at most 65% of the guest's memory. */
const VMW_MAX_BALLOON_SHARE = 0.65;
/** vmw_balloon deflates only when the balloon is 2 MB (512 pages) above its target (`vmballoon_change`). */
const VMW_DEFLATE_SLACK_PAGES = 512;

export const HV_BALLOON = 'sys/kernel/debug/hv-balloon';
export const VIRTIO_BALLOON_DEBUGFS = 'sys/kernel/debug/virtio-balloon';

interface BalloonInputs {
  root: GuestRoot;
  driver: BalloonDriver | null;
  driverStatus: DriverStatus | null;
  vmw: Parsed<VmmemctlReading>;
  /** Why vmmemctl gives no size or target, and how to get it. */
  vmmemctlReason: string;
  hv: Parsed<HvBalloonReading>;
  inflated: Parsed<InflatedReading>;
  virtioFeatures: string | null;
  meminfo: Parsed<Meminfo>;
  vmstat: Parsed<Vmstat>;
  toolbox: ToolboxReading;
}

interface BalloonOutcome {
  /** From the driver's own statistics; null when they have no state (the trend is worked out later). */
  state: BalloonState | null;
  /** The driver takes the balloon out of MemTotal (true), leaves it counted as used (false), or unknown (null). */
  takenFromMemTotal: boolean | null;
}

/** Fills balloonMB and targetMB (or their reasons). */
export function fillBalloon(b: SectionBuilder, i: BalloonInputs): BalloonOutcome {
  const { root, driver } = i;
  const meminfoBalloon = ok(i.meminfo) ? i.meminfo.value.get('Balloon') : undefined;
  const fillFromMeminfo = () => b.fill('balloonMB', meminfoBalloon === undefined ? null : kbToMb(meminfoBalloon), `${root.show('proc/meminfo')} Balloon`);
  const notLoaded = i.driverStatus === 'not loaded' ? `the ${driver} driver is not loaded` : null;
  if (driver === 'vmw_balloon') {
    let state: BalloonState | null = null;
    if (ok(i.vmw)) {
      const r = i.vmw.value;
      b.set('balloonMB', r.currentPages === null ? null : pagesToMb(r.currentPages), root.show(i.vmw.rel));
      b.set('targetMB', r.targetPages === null ? null : pagesToMb(r.targetPages), root.show(i.vmw.rel));
      state = vmwState(r);
    }
    fillFromMeminfo();
    b.fill('balloonMB', i.toolbox.values.balloon, 'vmware-toolbox-cmd stat balloon');
    b.miss('targetMB', i.vmmemctlReason);
    b.miss('balloonMB', notLoaded ?? `${i.vmmemctlReason}; ${i.toolbox.missing.balloon ?? 'no vmware-toolbox-cmd stat balloon'}`);
    return { state, takenFromMemTotal: false };
  }
  if (driver === 'hv_balloon') {
    let state: BalloonState | null = null;
    if (ok(i.hv)) {
      b.set('balloonMB', pagesToMb(i.hv.value.pagesBallooned, i.hv.value.pageBytes), root.show(HV_BALLOON));
      state = hvState(i.hv.value);
    }
    fillFromMeminfo();
    const where = root.show(HV_BALLOON);
    const why = ok(i.hv)
      ? `${where} has no balloon size`
      : i.hv.failure === 'denied'
        ? `${where}: permission denied (debugfs is readable by root only: run balloontop guest as root)`
        : `${i.hv.reason} (hv_balloon shows its size in debugfs since Linux 6.0, in /proc/meminfo Balloon since 6.15)`;
    b.miss('balloonMB', notLoaded ?? why);
    b.miss('targetMB', 'hv_balloon has no target to show: the host sends each balloon request');
    return { state, takenFromMemTotal: true };
  }
  if (driver === 'virtio_balloon') {
    const deflateOnOom = i.virtioFeatures === null ? null : hasDeflateOnOom(i.virtioFeatures);
    let takenFromMemTotal = deflateOnOom === null ? null : !deflateOnOom;
    if (ok(i.inflated)) {
      const r = i.inflated.value;
      b.set('balloonMB', kbToMb(r.totalKb + r.freeKb), root.show(VIRTIO_BALLOON_DEBUGFS));
      takenFromMemTotal = r.totalKb > 0 ? true : r.freeKb > 0 ? false : takenFromMemTotal;
    }
    fillFromMeminfo();
    if (ok(i.vmstat)) {
      const inflate = i.vmstat.value.get('balloon_inflate');
      const deflate = i.vmstat.value.get('balloon_deflate');
      if (inflate !== undefined && deflate !== undefined) b.fill('balloonMB', pagesToMb(Math.max(0, inflate - deflate)), `${root.show('proc/vmstat')} balloon_inflate - balloon_deflate`);
    }
    b.miss('balloonMB', notLoaded ?? `no balloon size: ${root.show('proc/meminfo')} has no Balloon line (Linux 6.15 and later) and ${root.show('proc/vmstat')} no balloon_inflate`);
    b.miss('targetMB', 'virtio_balloon does not show its target inside the guest (the host sets it: virsh dommemstat, QEMU info balloon)');
    return { state: null, takenFromMemTotal };
  }
  fillFromMeminfo();
  b.miss('balloonMB', b.missing.driver ?? 'no balloon driver');
  b.miss('targetMB', b.missing.driver ?? 'no balloon driver');
  return { state: null, takenFromMemTotal: false };
}

/** guestMemoryMB, balloonPct, targetPct and balloonMaxMB from the values already in `b`. */
export function fillDerived(b: SectionBuilder, driver: BalloonDriver | null, takenFromMemTotal: boolean | null): void {
  const memTotal = b.values.memTotalMB;
  const balloon = b.values.balloonMB;
  if (memTotal !== null) {
    const adds = takenFromMemTotal === true && balloon !== null;
    const note = takenFromMemTotal === null ? 'MemTotal (whether the balloon is taken out of MemTotal is unknown: the virtio device\'s features were not read)' : adds ? 'MemTotal + balloon' : 'MemTotal';
    b.set('guestMemoryMB', adds ? round2(memTotal + (balloon)) : memTotal, note);
  } else b.miss('guestMemoryMB', b.missing.memTotalMB ?? 'no MemTotal');
  const guestMemory = b.values.guestMemoryMB;
  for (const [pct, mb] of [['balloonPct', 'balloonMB'], ['targetPct', 'targetMB']] as const) {
    const v = b.values[mb];
    if (v !== null && guestMemory !== null && guestMemory > 0) b.set(pct, round2((v / guestMemory) * 100));
    else b.miss(pct, v === null ? (b.missing[mb] ?? `no ${mb}`) : (b.missing.guestMemoryMB ?? 'no guest memory'));
  }
  if (driver === 'vmw_balloon' && guestMemory !== null) b.set('balloonMaxMB', round2(guestMemory * VMW_MAX_BALLOON_SHARE), 'the default 65% of guest memory (Mem.CtlMaxPercent); the host may set less (sched.mem.maxmemctl)');
  else b.miss('balloonMaxMB', driver === 'vmw_balloon' ? (b.missing.guestMemoryMB ?? 'no guest memory') : 'only VMware caps the balloon at a share of the guest (65% by default)');
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
export function trendState(balloon: Value, previous: Value): BalloonState | null {
  if (balloon === null) return null;
  if (balloon === 0) return 'empty';
  if (previous === null) return null;
  return balloon > previous ? 'inflating' : balloon < previous ? 'deflating' : 'steady';
}
