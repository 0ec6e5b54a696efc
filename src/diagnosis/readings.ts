/**
 * The counters the diagnosis reads, from a sample, as plain numbers or null.
 * Every source fills the same registry columns (AMIN, AMAX, MCTL?, MCTLMAX...),
 * so nothing here knows where a sample came from. A missing counter stays
 * null: a rule that needs it does not fire, it never reads it as 0.
 */
import { THRESHOLDS } from '../fields/thresholds';
import { STATE_THRESHOLDS, stateForFreeRatio, stateFromNumber, type MemState } from '../sample/mem-state';
import type { CounterId } from '../fields/group-fields';
import type { Group, HostHeader, Value } from '../sample/sample';

/** Smallest size that counts as ballooned, swapped, compressed or reserved (MB): below it is rounding noise. */
export const SIZE_MB = 1;

/**
 * Margin under which MCTLSZ counts as at MCTLMAX: the table's own `!` mark uses
 * it (the registry threshold), and a real host shows MCTLSZ slightly above
 * MCTLMAX (1302.00 against 1300.15).
 */
export const BALLOON_MAX_MARGIN_MB = (() => {
  const t = THRESHOLDS.MCTLSZ?.find((x) => x.kind === 'atLeastColumn' && x.column === 'MCTLMAX');
  return t && t.kind === 'atLeastColumn' ? t.margin : 0.5;
})();

/** Two sizes within this many MB are equal (esxtop prints two decimals; AMAX = MEMSZ is no limit). */
export const EQUAL_MB = 0.5;

/**
 * MCTLTGT within this of MCTLSZ means the host holds the balloon where it is
 * (not inflating, not deflating): at least 2 MB, or 1% of the balloon.
 */
export function targetMargin(balloonMB: number): number {
  return Math.max(2, balloonMB * 0.01);
}

export function num(v: Value | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The group counters the diagnosis reads: the rules' name for each and its
 * registry column. AMIN is the reservation and AMAX the limit (MB; -1 is
 * unlimited); MCTL? is 1 when the balloon driver runs, 0 when not.
 */
const READ_COLUMNS = {
  memsz: 'MEMSZ',
  amin: 'AMIN',
  amax: 'AMAX',
  ashrs: 'ASHRS',
  grant: 'GRANT',
  tchd: 'TCHD',
  actv: '%ACTV',
  mctl: 'MCTL?',
  mctlsz: 'MCTLSZ',
  mctltgt: 'MCTLTGT',
  mctlmax: 'MCTLMAX',
  swcur: 'SWCUR',
  swtgt: 'SWTGT',
  swr: 'SWR/s',
  sww: 'SWW/s',
  cacheusd: 'CACHEUSD',
  zip: 'ZIP/s',
  unzip: 'UNZIP/s',
} as const satisfies Record<string, CounterId>;

type ReadingName = keyof typeof READ_COLUMNS;

/** A registry column the diagnosis reads. */
export type ReadColumn = (typeof READ_COLUMNS)[ReadingName];

/** A group's counters by the rules' names; null when missing. */
export type GroupReadings = Readonly<Record<ReadingName, number | null>>;

const READINGS = Object.entries(READ_COLUMNS) as readonly [ReadingName, ReadColumn][];
const NAME_OF = Object.fromEntries(READINGS.map(([name, column]) => [column, name])) as Record<ReadColumn, ReadingName>;

export function readGroup(g: Group): GroupReadings {
  const out = {} as Record<ReadingName, number | null>;
  for (const [name, column] of READINGS) out[name] = num(g.values[column]);
  return out;
}

/** The reading of a registry column. */
export function readingOf(r: GroupReadings, column: ReadColumn): number | null {
  return r[NAME_OF[column]];
}

export interface HostReadings {
  /** The state word the source gave, or else the one free/minFree falls in (then `stateInferred`). */
  state: MemState | null;
  stateInferred: boolean;
  free: number | null;
  minFree: number | null;
  /** free / minFree, or null. */
  freeRatio: number | null;
  memctlCurrent: number | null;
  memctlTarget: number | null;
  swapUsed: number | null;
  swapTarget: number | null;
  swapReadRate: number | null;
  swapWriteRate: number | null;
  zipped: number | null;
}

export function readHost(h: HostHeader): HostReadings {
  const v = h.values;
  const free = num(v.free);
  const minFree = num(v.minFree);
  const freeRatio = free !== null && minFree !== null && minFree > 0 ? free / minFree : null;
  const given = h.state ?? stateFromNumber(num(v.state));
  const state = given ?? (freeRatio !== null ? stateForFreeRatio(freeRatio) : null);
  return {
    state,
    stateInferred: given === null && state !== null,
    free,
    minFree,
    freeRatio,
    memctlCurrent: num(v.memctlCurrent),
    memctlTarget: num(v.memctlTarget),
    swapUsed: num(v.swapUsed),
    swapTarget: num(v.swapTarget),
    swapReadRate: num(v.swapReadRate),
    swapWriteRate: num(v.swapWriteRate),
    zipped: num(v.zipped),
  };
}

/** The states in order from most free memory to least. */
const ORDER: readonly MemState[] = ['high', 'clear', 'soft', 'hard', 'low'];

/**
 * A state's band as fractions of minFree: from its lower edge up to the next
 * better state's lower edge (null for high, which has no upper edge; low's
 * lower edge is 0, and VMs are blocked below its 16%).
 */
export function stateBand(state: MemState): { lower: number; upper: number | null } {
  const i = ORDER.indexOf(state);
  const upper = i === 0 ? null : STATE_THRESHOLDS[ORDER[i - 1]];
  const lower = state === 'low' ? 0 : STATE_THRESHOLDS[state];
  return { lower, upper };
}
