/**
 * The rules: one sample (and what the history says about the past) in,
 * findings without words out. Pure; O(groups).
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
import type { Group } from '../sample/sample';
import type { FindingCode } from './codes';
import { add, addHostState } from './evidence';
import type { Evidence, Finding, FindingFacts, PastCause } from './finding';
import {
  BALLOON_MAX_MARGIN_MB, EQUAL_MB, SIZE_MB, readGroup, targetMargin, type GroupReadings, type HostReadings,
} from './readings';

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

const pos = (x: number | null) => (x !== null && x > 0 ? x : 0);

/** In the weight of swap and compression the size decides; a rate (MB/s) only tips samples of about the same size. */
const RATE_WEIGHT = 0.01;

/** A finding of this sample; the engine fills in since when from its history. */
function facts(code: FindingCode, gid: number | null, variant: string, evidence: Evidence[], weight: number, extra: Partial<FindingFacts> = {}): Finding {
  return { code, gid, variant, evidence, causes: [], inferred: false, weight, since: NaN, sinceFirstSample: false, ...extra };
}

/** Whether the balloon grows, shrinks or is held where it is (MCTLTGT against MCTLSZ). */
function balloonTrend(r: GroupReadings): 'inflating' | 'deflating' | 'held' | 'unknown' {
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

/** The host is in soft, hard or low state. */
export function hostPressure(v: HostView): Finding | null {
  const h = v.readings;
  if (!v.pressure || h.state === null) return null;
  const evidence: Evidence[] = [];
  addHostState(evidence, h);
  add(evidence, 'memctlCurrent', h.memctlCurrent, 'MB');
  add(evidence, 'memctlTarget', h.memctlTarget, 'MB');
  add(evidence, 'swapUsed', h.swapUsed, 'MB');
  add(evidence, 'swapWriteRate', h.swapWriteRate, 'MB/s');
  add(evidence, 'zipped', h.zipped, 'MB');
  // The worst moment is the least free memory (or, without free/minFree, the worst state).
  const weight = h.freeRatio !== null ? 10 - h.freeRatio : ['soft', 'hard', 'low'].indexOf(h.state);
  return facts('host-pressure', null, h.state, evidence, weight, { inferred: h.stateInferred });
}

export interface VmFacts {
  list: Finding[];
  /** MB of this VM's balloon that is residual (for the host's residual finding). */
  residualMB: number;
  /** The VM reported its balloon size (MCTLSZ not missing). */
  balloonKnown: boolean;
  /** Other causes of its balloon the host's own balloon finding names. */
  balloonCauses: FindingCode[];
}

/** Causes and consequences for one VM. */
export function vmFindings(g: Group, host: HostView, ctx: RuleContext): VmFacts {
  const r = readGroup(g);
  const gid = g.gid;
  const list: Finding[] = [];
  const h = host.readings;
  const ballooned = r.mctlsz !== null && r.mctlsz >= SIZE_MB;
  const swapped = pos(r.swcur) >= SIZE_MB || pos(r.sww) > 0 || pos(r.swr) > 0;
  const compressed = pos(r.cacheusd) >= SIZE_MB || pos(r.zip) > 0 || pos(r.unzip) > 0;
  const targeted = pos(r.mctltgt) >= SIZE_MB || pos(r.swtgt) >= SIZE_MB;
  const reclaimed = ballooned || swapped || compressed || targeted;
  const takenMB = pos(r.mctlsz) + pos(r.swcur) + pos(r.cacheusd);
  const fullyReserved = r.amin !== null && r.memsz !== null && r.amin >= r.memsz - EQUAL_MB;

  // A limit: AMAX > 0 (-1 is unlimited) and below MEMSZ (AMAX = MEMSZ limits nothing).
  const limited = r.amax !== null && r.amax > 0 && r.memsz !== null && r.amax < r.memsz - EQUAL_MB;
  // The limit is what is reclaiming this VM, unless the host is short and the VM holds well under its limit.
  const limitBinds = limited && reclaimed && !(host.pressure && r.grant !== null && r.grant < 0.9 * (r.amax as number));
  if (limited) {
    const e: Evidence[] = [];
    add(e, 'AMAX', r.amax, 'MB');
    add(e, 'MEMSZ', r.memsz, 'MB');
    add(e, 'GRANT', r.grant, 'MB');
    add(e, 'MCTLSZ', r.mctlsz, 'MB');
    add(e, 'MCTLTGT', r.mctltgt, 'MB');
    add(e, 'SWCUR', r.swcur, 'MB');
    add(e, 'SWTGT', r.swtgt, 'MB');
    add(e, 'CACHEUSD', r.cacheusd, 'MB');
    if (limitBinds) addHostState(e, h);
    list.push(facts('limit', gid, limitBinds ? 'reclaiming' : 'latent', e, limitBinds ? takenMB + 1 : 0));
  }

  if (r.amin !== null && r.amin >= SIZE_MB) {
    const e: Evidence[] = [];
    add(e, 'AMIN', r.amin, 'MB');
    add(e, 'MEMSZ', r.memsz, 'MB');
    add(e, 'MCTLMAX', r.mctlmax, 'MB');
    add(e, 'MCTLSZ', r.mctlsz, 'MB');
    add(e, 'SWCUR', r.swcur, 'MB');
    list.push(facts('reservation', gid, fullyReserved ? 'full' : 'partial', e, r.amin));
  }

  const driverVariant = swapped || compressed ? 'reclaimed' : host.pressure || targeted ? 'exposed' : 'latent';
  const noDriver = r.mctl === 0;
  if (noDriver) {
    const e: Evidence[] = [];
    add(e, 'MCTL?', 0, 'flag');
    add(e, 'MCTLMAX', r.mctlmax, 'MB');
    add(e, 'MCTLSZ', r.mctlsz, 'MB');
    add(e, 'SWCUR', r.swcur, 'MB');
    add(e, 'SWTGT', r.swtgt, 'MB');
    add(e, 'SWW/s', r.sww, 'MB/s');
    add(e, 'SWR/s', r.swr, 'MB/s');
    add(e, 'CACHEUSD', r.cacheusd, 'MB');
    if (host.pressure) addHostState(e, h);
    list.push(facts('no-balloon-driver', gid, driverVariant, e, pos(r.swcur) + pos(r.cacheusd) + 1));
  }

  // MCTLMAX 0 with a running (or unreported) driver: sched.mem.maxmemctl = 0, unless a full reservation explains it.
  const disabled = !noDriver && r.mctlmax !== null && r.mctlmax >= 0 && r.mctlmax < EQUAL_MB && !fullyReserved;
  if (disabled) {
    const e: Evidence[] = [];
    add(e, 'MCTLMAX', r.mctlmax, 'MB');
    add(e, 'MCTL?', r.mctl, 'flag');
    add(e, 'MEMSZ', r.memsz, 'MB');
    add(e, 'AMIN', r.amin, 'MB');
    add(e, 'MCTLSZ', r.mctlsz, 'MB');
    add(e, 'SWCUR', r.swcur, 'MB');
    add(e, 'SWTGT', r.swtgt, 'MB');
    add(e, 'SWW/s', r.sww, 'MB/s');
    add(e, 'CACHEUSD', r.cacheusd, 'MB');
    if (host.pressure) addHostState(e, h);
    // Without MCTL? the driver may be missing instead; without AMIN a full reservation cannot be ruled out.
    list.push(facts('balloon-disabled', gid, driverVariant, e, pos(r.swcur) + pos(r.cacheusd) + 1, { inferred: r.mctl === null || r.amin === null }));
  }

  const atMax = r.mctlmax !== null && r.mctlmax >= EQUAL_MB && ballooned && (r.mctlsz as number) >= r.mctlmax - BALLOON_MAX_MARGIN_MB;
  if (atMax) {
    const e: Evidence[] = [];
    add(e, 'MCTLSZ', r.mctlsz, 'MB');
    add(e, 'MCTLMAX', r.mctlmax, 'MB');
    add(e, 'MCTLTGT', r.mctltgt, 'MB');
    add(e, 'MEMSZ', r.memsz, 'MB');
    if (r.amin !== null && r.amin >= SIZE_MB) add(e, 'AMIN', r.amin, 'MB');
    if (limited) add(e, 'AMAX', r.amax, 'MB');
    add(e, 'SWTGT', r.swtgt, 'MB');
    add(e, 'SWCUR', r.swcur, 'MB');
    add(e, 'CACHEUSD', r.cacheusd, 'MB');
    // A limit that asks for more than the balloon may hold leaves the rest to compression and swap.
    const beyond = limited && (r.memsz as number) - (r.amax as number) > (r.mctlmax as number) + EQUAL_MB;
    list.push(facts('balloon-max', gid, beyond ? 'limit-beyond' : 'at-max', e, pos(r.swcur) + pos(r.cacheusd) + (r.mctlsz as number)));
  }

  if (host.pressure && reclaimed) {
    const e: Evidence[] = [];
    addHostState(e, h);
    add(e, 'MEMSZ', r.memsz, 'MB');
    add(e, 'TCHD', r.tchd, 'MB');
    add(e, '%ACTV', r.actv, '%');
    add(e, 'ASHRS', r.ashrs, 'shares');
    add(e, 'MCTLSZ', r.mctlsz, 'MB');
    add(e, 'MCTLTGT', r.mctltgt, 'MB');
    add(e, 'SWTGT', r.swtgt, 'MB');
    add(e, 'SWCUR', r.swcur, 'MB');
    list.push(facts('host-pressure', gid, h.state as string, e, takenMB + pos(r.mctltgt) + pos(r.swtgt)));
  }

  // Why the balloon is there when neither the host nor a limit asks for it now.
  let balloonCause: FindingCode | null = null;
  let residualMB = 0;
  if (ballooned && h.state !== null && !host.pressure && !limitBinds) {
    const trend = balloonTrend(r);
    const past = pastCause(gid, ctx, limited);
    const e: Evidence[] = [];
    add(e, 'MCTLSZ', r.mctlsz, 'MB');
    add(e, 'MCTLTGT', r.mctltgt, 'MB');
    add(e, 'MCTLMAX', r.mctlmax, 'MB');
    add(e, 'MEMSZ', r.memsz, 'MB');
    add(e, 'TCHD', r.tchd, 'MB');
    addHostState(e, h);
    if (limited) add(e, 'AMAX', r.amax, 'MB');
    if (past) {
      balloonCause = 'residual-balloon';
      residualMB = r.mctlsz as number;
      list.push(facts('residual-balloon', gid, trend, e, r.mctlsz as number, { past, inferred: past.kind === 'before-data' }));
    } else {
      balloonCause = 'unexplained-balloon';
      list.push(facts('unexplained-balloon', gid, trend, e, r.mctlsz as number, { inferred: true }));
    }
  }

  const has = (code: FindingCode) => list.some((f) => f.code === code);
  if (ballooned) {
    const e: Evidence[] = [];
    add(e, 'MCTLSZ', r.mctlsz, 'MB');
    add(e, 'MCTLTGT', r.mctltgt, 'MB');
    add(e, 'MCTLMAX', r.mctlmax, 'MB');
    add(e, 'MEMSZ', r.memsz, 'MB');
    const causes: FindingCode[] = [];
    if (limitBinds) causes.push('limit');
    if (host.pressure) causes.push('host-pressure');
    if (balloonCause) causes.push(balloonCause);
    list.push(facts('ballooning', gid, balloonTrend(r), e, r.mctlsz as number, { causes }));
  }

  const takeCauses = (): FindingCode[] => {
    const causes: FindingCode[] = [];
    for (const c of ['no-balloon-driver', 'balloon-disabled', 'balloon-max'] as const) if (has(c)) causes.push(c);
    if (limitBinds) causes.push('limit');
    if (host.pressure) causes.push('host-pressure');
    return causes;
  };
  // Without the balloon counters, whether the balloon could have taken this memory instead cannot be told.
  const missing: string[] = [];
  if (r.mctl === null) missing.push('MCTL?');
  if (r.mctlsz === null) missing.push('MCTLSZ');
  if (r.mctlmax === null) missing.push('MCTLMAX');
  const withMissing = (f: Finding): Finding => (missing.length > 0 && f.causes.length === 0 ? { ...f, missing } : f);
  if (swapped) list.push(withMissing(swapFacts(gid, r, takeCauses())));
  if (compressed) list.push(withMissing(compressionFacts(gid, r, takeCauses())));
  const balloonCauses: FindingCode[] = [];
  if (ballooned && limitBinds) balloonCauses.push('limit');
  if (balloonCause === 'unexplained-balloon') balloonCauses.push(balloonCause);
  return { list, residualMB, balloonKnown: r.mctlsz !== null, balloonCauses };
}

/** The latest of: the host's pressure, this VM's removed limit (not one it still has); or else a balloon held since the first sample. */
function pastCause(gid: number, ctx: RuleContext, limitedNow: boolean): PastCause | null {
  const pressure = ctx.pressureEnded();
  const limit = limitedNow ? null : ctx.limitEnded(gid);
  if (limit !== null && (pressure === null || limit >= pressure.at)) return { kind: 'limit', at: limit };
  if (pressure !== null) return { kind: 'pressure', at: pressure.at, state: pressure.state };
  const first = ctx.ballooningSinceFirstSample(gid);
  return first === null ? null : { kind: 'before-data', at: first };
}

function swapFacts(gid: number | null, r: GroupReadings, causes: FindingCode[]): Finding {
  const e: Evidence[] = [];
  add(e, 'SWCUR', r.swcur, 'MB');
  add(e, 'SWTGT', r.swtgt, 'MB');
  add(e, 'SWW/s', r.sww, 'MB/s');
  add(e, 'SWR/s', r.swr, 'MB/s');
  const variant = pos(r.sww) > 0 ? 'swapping-out' : pos(r.swr) > 0 ? 'reading-back' : 'held';
  return facts('hypervisor-swap', gid, variant, e, pos(r.swcur) + RATE_WEIGHT * (pos(r.sww) + pos(r.swr)), { causes, inferred: causes.length === 0 });
}

function compressionFacts(gid: number | null, r: GroupReadings, causes: FindingCode[]): Finding {
  const e: Evidence[] = [];
  add(e, 'CACHEUSD', r.cacheusd, 'MB');
  add(e, 'ZIP/s', r.zip, 'MB/s');
  add(e, 'UNZIP/s', r.unzip, 'MB/s');
  const variant = pos(r.zip) > 0 ? 'compressing' : pos(r.unzip) > 0 ? 'decompressing' : 'held';
  return facts('compression', gid, variant, e, pos(r.cacheusd) + RATE_WEIGHT * (pos(r.zip) + pos(r.unzip)), { causes, inferred: causes.length === 0 });
}

/** A user world or system group: never balloon findings; it can still be swapped and compressed. */
export function otherGroupFindings(g: Group, host: HostView): Finding[] {
  const r = readGroup(g);
  const list: Finding[] = [];
  const causes: FindingCode[] = host.pressure ? ['host-pressure'] : [];
  if (pos(r.swcur) >= SIZE_MB || pos(r.sww) > 0 || pos(r.swr) > 0) list.push(swapFacts(g.gid, r, causes));
  if (pos(r.cacheusd) >= SIZE_MB || pos(r.zip) > 0 || pos(r.unzip) > 0) list.push(compressionFacts(g.gid, r, [...causes]));
  return list;
}

/** What the VMs' findings add up to, for the host's own. */
export interface VmSummary {
  /** MB of balloon that is residual on the VMs. */
  residualMB: number;
  /** Some VM reported MCTLSZ (otherwise only the host counter tells the balloon). */
  balloonKnown: boolean;
  /** Causes of VM balloons other than host pressure and residual (a limit, unexplained). */
  balloonCauses: Set<FindingCode>;
  /** Causes the VMs' swap and compression findings name. */
  swapCauses: Set<FindingCode>;
  compressionCauses: Set<FindingCode>;
}

/** A new VmSummary with nothing in it. */
export function emptySummary(): VmSummary {
  return { residualMB: 0, balloonKnown: false, balloonCauses: new Set(), swapCauses: new Set(), compressionCauses: new Set() };
}

/** Adds one VM's findings to the summary. */
export function addToSummary(s: VmSummary, vm: VmFacts): void {
  s.residualMB += vm.residualMB;
  s.balloonKnown ||= vm.balloonKnown;
  for (const c of vm.balloonCauses) s.balloonCauses.add(c);
  for (const f of vm.list) {
    const into = f.code === 'hypervisor-swap' ? s.swapCauses : f.code === 'compression' ? s.compressionCauses : null;
    if (into) for (const c of f.causes) into.add(c);
  }
}

function withVmCauses(own: readonly FindingCode[], fromVms: Set<FindingCode>): FindingCode[] {
  const all = [...own];
  for (const c of fromVms) if (!all.includes(c)) all.push(c);
  return all;
}

/** Host findings that sum up the VMs: the host-wide balloon (and whether it is residual), swap and compression. */
export function hostConsequences(v: HostView, ctx: RuleContext, vms: VmSummary): Finding[] {
  const { residualMB, balloonKnown } = vms;
  const h = v.readings;
  const list: Finding[] = [];
  const causes: FindingCode[] = v.pressure ? ['host-pressure'] : [];
  const memctl = pos(h.memctlCurrent);
  if (memctl >= SIZE_MB) {
    const balloonCauses = [...causes];
    if (!v.pressure && h.state !== null) {
      // Host-wide residual: from the VMs' own findings, or from the host counter when the VMs' balloon counters are missing.
      const first = ctx.hostBallooningSinceFirstSample();
      const ended = ctx.pressureEnded();
      const past: PastCause | null = ended ? { kind: 'pressure', at: ended.at, state: ended.state } : first !== null ? { kind: 'before-data', at: first } : null;
      const mb = balloonKnown ? residualMB : memctl;
      if (past && mb >= SIZE_MB) {
        const e: Evidence[] = [];
        add(e, 'memctlCurrent', h.memctlCurrent, 'MB');
        add(e, 'memctlTarget', h.memctlTarget, 'MB');
        addHostState(e, h);
        if (balloonKnown) add(e, 'residualMB', Math.round(mb * 100) / 100, 'MB');
        list.push(facts('residual-balloon', null, balloonKnown ? 'per-vm' : 'host-only', e, mb, { past, inferred: past.kind === 'before-data' }));
        balloonCauses.push('residual-balloon');
      }
    }
    for (const c of vms.balloonCauses) if (!balloonCauses.includes(c)) balloonCauses.push(c);
    const e: Evidence[] = [];
    add(e, 'memctlCurrent', h.memctlCurrent, 'MB');
    add(e, 'memctlTarget', h.memctlTarget, 'MB');
    list.push(facts('ballooning', null, 'host', e, memctl, { causes: balloonCauses }));
  }
  if (pos(h.swapUsed) >= SIZE_MB || pos(h.swapReadRate) > 0 || pos(h.swapWriteRate) > 0) {
    const e: Evidence[] = [];
    add(e, 'swapUsed', h.swapUsed, 'MB');
    add(e, 'swapTarget', h.swapTarget, 'MB');
    add(e, 'swapWriteRate', h.swapWriteRate, 'MB/s');
    add(e, 'swapReadRate', h.swapReadRate, 'MB/s');
    const variant = pos(h.swapWriteRate) > 0 ? 'swapping-out' : pos(h.swapReadRate) > 0 ? 'reading-back' : 'held';
    const swapCauses = withVmCauses(causes, vms.swapCauses);
    list.push(facts('hypervisor-swap', null, variant, e, pos(h.swapUsed) + RATE_WEIGHT * (pos(h.swapWriteRate) + pos(h.swapReadRate)), { causes: swapCauses, inferred: swapCauses.length === 0 }));
  }
  if (pos(h.zipped) >= SIZE_MB) {
    const e: Evidence[] = [];
    add(e, 'zipped', h.zipped, 'MB');
    const zipCauses = withVmCauses(causes, vms.compressionCauses);
    list.push(facts('compression', null, 'held', e, pos(h.zipped), { causes: zipCauses, inferred: zipCauses.length === 0 }));
  }
  return list;
}
