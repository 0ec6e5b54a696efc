/** A VM's findings: its causes (limit, driver, MCTLMAX, reservation, host pressure, a residual balloon) and their consequences. */
import type { Group } from '../sample/sample';
import type { FindingCode } from './codes';
import { add, addColumns, addHostState } from './evidence';
import type { Evidence, Finding } from './finding';
import { BALLOON_MAX_MARGIN_MB, EQUAL_MB, readGroup, SIZE_MB, type GroupReadings } from './readings';
import { balloonTrend, compressionFacts, facts, pastCause, pos, swapFacts, type HostView, type RuleContext } from './rule-kit';

export interface VmFacts {
  list: Finding[];
  /** MB of this VM's balloon that is residual (for the host's residual finding). */
  residualMB: number;
  /** The VM reported its balloon size (MCTLSZ not missing). */
  balloonKnown: boolean;
  /** Other causes of its balloon the host's own balloon finding names. */
  balloonCauses: FindingCode[];
}

/** What the rules derive once per VM and sample. */
interface Vm {
  gid: number;
  r: GroupReadings;
  host: HostView;
  ballooned: boolean;
  swapped: boolean;
  compressed: boolean;
  /** The host has a balloon or swap target for it. */
  targeted: boolean;
  /** Anything is taken from it, or about to be. */
  reclaimed: boolean;
  /** MCTLSZ + SWCUR + CACHEUSD. */
  takenMB: number;
  fullyReserved: boolean;
  /** AMAX > 0 (-1 is unlimited) and below MEMSZ (AMAX = MEMSZ limits nothing). */
  limited: boolean;
  /** The limit is what reclaims it: unless the host is short and the VM holds well under its limit. */
  limitBinds: boolean;
  /** For a VM the balloon cannot reach: 'reclaimed' (swapped or compressed), 'exposed' (the host is short), 'latent'. */
  exposure: 'reclaimed' | 'exposed' | 'latent';
}

function vmOf(g: Group, host: HostView): Vm {
  const r = readGroup(g);
  const ballooned = r.mctlsz !== null && r.mctlsz >= SIZE_MB;
  const swapped = pos(r.swcur) >= SIZE_MB || pos(r.sww) > 0 || pos(r.swr) > 0;
  const compressed = pos(r.cacheusd) >= SIZE_MB || pos(r.zip) > 0 || pos(r.unzip) > 0;
  const targeted = pos(r.mctltgt) >= SIZE_MB || pos(r.swtgt) >= SIZE_MB;
  const reclaimed = ballooned || swapped || compressed || targeted;
  const limited = r.amax !== null && r.amax > 0 && r.memsz !== null && r.amax < r.memsz - EQUAL_MB;
  return {
    gid: g.gid, r, host, ballooned, swapped, compressed, targeted, reclaimed,
    takenMB: pos(r.mctlsz) + pos(r.swcur) + pos(r.cacheusd),
    fullyReserved: r.amin !== null && r.memsz !== null && r.amin >= r.memsz - EQUAL_MB,
    limited,
    limitBinds: limited && reclaimed && !(host.pressure && r.grant !== null && r.grant < 0.9 * r.amax),
    exposure: swapped || compressed ? 'reclaimed' : host.pressure || targeted ? 'exposed' : 'latent',
  };
}

function limitFinding(v: Vm): Finding | null {
  if (!v.limited) return null;
  const { r } = v;
  const e: Evidence[] = [];
  addColumns(e, r, ['AMAX', 'MEMSZ', 'GRANT', 'MCTLSZ', 'MCTLTGT', 'SWCUR', 'SWTGT', 'CACHEUSD']);
  if (v.limitBinds) addHostState(e, v.host.readings);
  return facts('limit', v.gid, v.limitBinds ? 'reclaiming' : 'latent', e, v.limitBinds ? v.takenMB + 1 : 0);
}

function reservationFinding(v: Vm): Finding | null {
  const { r } = v;
  if (r.amin === null || r.amin < SIZE_MB) return null;
  const e: Evidence[] = [];
  addColumns(e, r, ['AMIN', 'MEMSZ', 'MCTLMAX', 'MCTLSZ', 'SWCUR']);
  return facts('reservation', v.gid, v.fullyReserved ? 'full' : 'partial', e, r.amin);
}

/** MCTL? N: no driver. Else MCTLMAX 0 with the driver running (or unreported): sched.mem.maxmemctl = 0, unless a full reservation explains it. */
function driverFinding(v: Vm): Finding | null {
  const { r } = v;
  const weight = pos(r.swcur) + pos(r.cacheusd) + 1;
  const e: Evidence[] = [];
  if (r.mctl === 0) {
    add(e, 'MCTL?', 0, 'flag');
    addColumns(e, r, ['MCTLMAX', 'MCTLSZ', 'SWCUR', 'SWTGT', 'SWW/s', 'SWR/s', 'CACHEUSD']);
    if (v.host.pressure) addHostState(e, v.host.readings);
    return facts('no-balloon-driver', v.gid, v.exposure, e, weight);
  }
  if (r.mctlmax === null || r.mctlmax < 0 || r.mctlmax >= EQUAL_MB || v.fullyReserved) return null;
  addColumns(e, r, ['MCTLMAX', 'MCTL?', 'MEMSZ', 'AMIN', 'MCTLSZ', 'SWCUR', 'SWTGT', 'SWW/s', 'CACHEUSD']);
  if (v.host.pressure) addHostState(e, v.host.readings);
  // Without MCTL? the driver may be missing instead; without AMIN a full reservation cannot be ruled out.
  return facts('balloon-disabled', v.gid, v.exposure, e, weight, { inferred: r.mctl === null || r.amin === null });
}

function balloonMaxFinding(v: Vm): Finding | null {
  const { r } = v;
  if (!v.ballooned || r.mctlmax === null || r.mctlmax < EQUAL_MB || (r.mctlsz as number) < r.mctlmax - BALLOON_MAX_MARGIN_MB) return null;
  const e: Evidence[] = [];
  addColumns(e, r, ['MCTLSZ', 'MCTLMAX', 'MCTLTGT', 'MEMSZ']);
  if (r.amin !== null && r.amin >= SIZE_MB) add(e, 'AMIN', r.amin, 'MB');
  if (v.limited) add(e, 'AMAX', r.amax, 'MB');
  addColumns(e, r, ['SWTGT', 'SWCUR', 'CACHEUSD']);
  // A limit that asks for more than the balloon may hold leaves the rest to compression and swap.
  const beyond = v.limited && (r.memsz as number) - (r.amax as number) > r.mctlmax + EQUAL_MB;
  return facts('balloon-max', v.gid, beyond ? 'limit-beyond' : 'at-max', e, pos(r.swcur) + pos(r.cacheusd) + (r.mctlsz as number));
}

/** The host is short and takes from this VM: with what tells why this VM (its activity, its shares). */
function hostPressureFinding(v: Vm): Finding | null {
  if (!v.host.pressure || !v.reclaimed) return null;
  const { r } = v;
  const e: Evidence[] = [];
  addHostState(e, v.host.readings);
  addColumns(e, r, ['MEMSZ', 'TCHD', '%ACTV', 'ASHRS', 'MCTLSZ', 'MCTLTGT', 'SWTGT', 'SWCUR', 'CACHEUSD', 'ZIP/s']);
  return facts('host-pressure', v.gid, v.host.readings.state as string, e, v.takenMB + pos(r.mctltgt) + pos(r.swtgt));
}

/** Why the balloon is there when neither the host nor a limit asks for it now: left from the past, or not shown by the counters. */
function leftoverBalloonFinding(v: Vm, ctx: RuleContext): Finding | null {
  const { r } = v;
  if (!v.ballooned || v.host.readings.state === null || v.host.pressure || v.limitBinds) return null;
  const e: Evidence[] = [];
  addColumns(e, r, ['MCTLSZ', 'MCTLTGT', 'MCTLMAX', 'MEMSZ', 'TCHD']);
  addHostState(e, v.host.readings);
  if (v.limited) add(e, 'AMAX', r.amax, 'MB');
  const past = pastCause(v.gid, ctx, v.limited);
  if (past) return facts('residual-balloon', v.gid, balloonTrend(r), e, r.mctlsz as number, { past, inferred: past.kind === 'before-data' });
  return facts('unexplained-balloon', v.gid, balloonTrend(r), e, r.mctlsz as number, { inferred: true });
}

function ballooningFinding(v: Vm, leftover: Finding | null): Finding | null {
  if (!v.ballooned) return null;
  const { r } = v;
  const e: Evidence[] = [];
  addColumns(e, r, ['MCTLSZ', 'MCTLTGT', 'MCTLMAX', 'MEMSZ']);
  const causes: FindingCode[] = [];
  if (v.limitBinds) causes.push('limit');
  if (v.host.pressure) causes.push('host-pressure');
  if (leftover) causes.push(leftover.code);
  return facts('ballooning', v.gid, balloonTrend(r), e, r.mctlsz as number, { causes });
}

/** Swap and compression, with the causes found for this VM; without the balloon counters, the words say what is missing. */
function takenFindings(v: Vm, causesFound: readonly Finding[]): Finding[] {
  const { r } = v;
  const causes: FindingCode[] = [];
  for (const f of causesFound) if (f.code === 'no-balloon-driver' || f.code === 'balloon-disabled' || f.code === 'balloon-max') causes.push(f.code);
  if (v.limitBinds) causes.push('limit');
  if (v.host.pressure) causes.push('host-pressure');
  const missing: string[] = [];
  if (r.mctl === null) missing.push('MCTL?');
  if (r.mctlsz === null) missing.push('MCTLSZ');
  if (r.mctlmax === null) missing.push('MCTLMAX');
  const out: Finding[] = [];
  if (v.swapped) out.push(swapFacts(v.gid, r, [...causes]));
  if (v.compressed) out.push(compressionFacts(v.gid, r, [...causes]));
  if (causes.length === 0 && missing.length > 0) for (const f of out) f.missing = missing;
  return out;
}

/** Causes and consequences for one VM. */
export function vmFindings(g: Group, host: HostView, ctx: RuleContext): VmFacts {
  const v = vmOf(g, host);
  const leftover = leftoverBalloonFinding(v, ctx);
  const causes = [limitFinding(v), reservationFinding(v), driverFinding(v), balloonMaxFinding(v), hostPressureFinding(v), leftover].filter((f) => f !== null);
  const ballooning = ballooningFinding(v, leftover);
  const list = [...causes, ...(ballooning ? [ballooning] : []), ...takenFindings(v, causes)];
  const balloonCauses: FindingCode[] = [];
  if (v.ballooned && v.limitBinds) balloonCauses.push('limit');
  if (leftover?.code === 'unexplained-balloon') balloonCauses.push(leftover.code);
  return { list, residualMB: leftover?.code === 'residual-balloon' ? (v.r.mctlsz as number) : 0, balloonKnown: v.r.mctlsz !== null, balloonCauses };
}
