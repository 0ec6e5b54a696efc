/**
 * What the rules share: the past they may ask about, the finding constructor,
 * and the swap and compression consequences every kind of group can have.
 * The rules (host-rules.ts, vm-rules.ts) take one sample and what the history
 * says about the past, and give findings without words. Pure; O(groups).
 *
 * The facts the rules stand on:
 * - ESXi reclaims from VMs when the host is in soft state or worse (free
 *   memory below minFree): the balloon in soft, compression and swap in hard
 *   and low, where the balloon stops inflating. Who gives is decided by shares
 *   and the idle-memory tax (idle memory counts more).
 * - A limit below the VM's size is enforced in any state: the host balloons,
 *   then compresses and swaps that VM even with plenty of free memory.
 * - Without a running balloon driver (MCTL? N), or with MCTLMAX 0
 *   (sched.mem.maxmemctl = 0), or once the balloon is at MCTLMAX, the host
 *   can only compress and swap.
 * - A reservation is never reclaimed; it lowers MCTLMAX (the balloon may not
 *   reach into it), so a fully reserved VM has MCTLMAX 0 without any setting.
 * - A balloon deflates only as the host's target for it falls: after the
 *   pressure ends it stays inflated until the guest needs the memory back.
 */
import type { MemState } from '../sample/mem-state';
import { isUnderPressure } from '../sample/mem-state';
import type { FindingCode } from './codes';
import { addColumns } from './evidence';
import type { Evidence, Finding, FindingFacts, PastCause } from './finding';
import { targetMargin, type GroupReadings, type HostReadings } from './readings';

/** What the rules need to know about the past (the engine answers from its episode history). */
export interface RuleContext {
  /** The host's last pressure episode before this sample: when it was last seen and its worst state; null if none. */
  pressureEnded(): { at: number; state: MemState } | null;
  /** When this group's limit was last seen before this sample (it has been removed since), or null. */
  limitEnded(gid: number): number | null;
  /** The first sample time of this group if its balloon has held since then (its cause is before the data), else null. */
  ballooningSinceFirstSample(gid: number): number | null;
  /** The first sample time of the host if the host-wide balloon has held since then, else null. */
  hostBallooningSinceFirstSample(): number | null;
}

export const pos = (x: number | null) => (x !== null && x > 0 ? x : 0);

/** In the weight of swap and compression the size decides; a rate (MB/s) only tips samples of about the same size. */
export const RATE_WEIGHT = 0.01;

/** A finding of this sample; the engine fills in since when from its history. */
export function facts(code: FindingCode, gid: number | null, variant: string, evidence: Evidence[], weight: number, extra: Partial<FindingFacts> = {}): Finding {
  return { code, gid, variant, evidence, causes: [], inferred: false, weight, since: NaN, sinceFirstSample: false, ...extra };
}

/** Whether the balloon grows, shrinks or is held where it is (MCTLTGT against MCTLSZ). */
export function balloonTrend(r: GroupReadings): 'inflating' | 'deflating' | 'held' | 'unknown' {
  if (r.mctlsz === null || r.mctltgt === null) return 'unknown';
  const m = targetMargin(r.mctlsz);
  if (r.mctltgt > r.mctlsz + m) return 'inflating';
  if (r.mctltgt < r.mctlsz - m) return 'deflating';
  return 'held';
}

/** What the rules derive once per host and sample. */
export interface HostView {
  readings: HostReadings;
  pressure: boolean;
}

export function hostView(readings: HostReadings): HostView {
  return { readings, pressure: isUnderPressure(readings.state) };
}

/** The latest of: the host's pressure, this VM's removed limit (not one it still has); or else a balloon held since the first sample. */
export function pastCause(gid: number, ctx: RuleContext, limitedNow: boolean): PastCause | null {
  const pressure = ctx.pressureEnded();
  const limit = limitedNow ? null : ctx.limitEnded(gid);
  if (limit !== null && (pressure === null || limit >= pressure.at)) return { kind: 'limit', at: limit };
  if (pressure !== null) return { kind: 'pressure', at: pressure.at, state: pressure.state };
  const first = ctx.ballooningSinceFirstSample(gid);
  return first === null ? null : { kind: 'before-data', at: first };
}

export function swapFacts(gid: number | null, r: GroupReadings, causes: FindingCode[]): Finding {
  const e: Evidence[] = [];
  addColumns(e, r, ['SWCUR', 'SWTGT', 'SWW/s', 'SWR/s']);
  const variant = pos(r.sww) > 0 ? 'swapping-out' : pos(r.swr) > 0 ? 'reading-back' : 'held';
  return facts('hypervisor-swap', gid, variant, e, pos(r.swcur) + RATE_WEIGHT * (pos(r.sww) + pos(r.swr)), { causes, inferred: causes.length === 0 });
}

export function compressionFacts(gid: number | null, r: GroupReadings, causes: FindingCode[]): Finding {
  const e: Evidence[] = [];
  addColumns(e, r, ['CACHEUSD', 'ZIP/s', 'UNZIP/s']);
  const variant = pos(r.zip) > 0 ? 'compressing' : pos(r.unzip) > 0 ? 'decompressing' : 'held';
  return facts('compression', gid, variant, e, pos(r.cacheusd) + RATE_WEIGHT * (pos(r.zip) + pos(r.unzip)), { causes, inferred: causes.length === 0 });
}

