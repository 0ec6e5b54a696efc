/** Building and reading the evidence list of a finding. */
import { getColumn } from '../fields/registry';
import type { Unit } from '../fields/group-fields';
import type { Evidence } from './finding';
import type { GroupReadings, HostReadings, ReadColumn } from './readings';
import { readingOf, stateBand } from './readings';

/** Adds a counter to the evidence when it has a value (a missing counter proves nothing). */
export function add(list: Evidence[], counter: string, value: number | string | null, unit: Evidence['unit']): void {
  if (value !== null) list.push({ counter, value, unit });
}

/** The evidence unit of a registry unit (counts and names have none). */
function evidenceUnit(unit: Unit): Evidence['unit'] {
  return unit === 'count' || unit === 'id' || unit === 'text' ? '' : unit;
}

/** Adds the group's value of each column that has one, in order, with the column's registry unit. */
export function addColumns(list: Evidence[], r: GroupReadings, columns: readonly ReadColumn[]): void {
  for (const c of columns) add(list, c, readingOf(r, c), evidenceUnit(getColumn(c).unit));
}

/** The value of a counter in the evidence, or null. */
export function valueOf(list: readonly Evidence[], counter: string): number | null {
  for (const e of list) if (e.counter === counter) return typeof e.value === 'number' ? e.value : null;
  return null;
}

export function textOf(list: readonly Evidence[], counter: string): string | null {
  for (const e of list) if (e.counter === counter) return typeof e.value === 'string' ? e.value : null;
  return null;
}

/** Derived evidence ids (not counters of the registry). */
export const FREE_PCT = 'free/minFree';
export const BAND_LOWER = 'stateLowerMB';
export const BAND_UPPER = 'stateUpperMB';
export const STATE = 'state';

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * free/minFree as a whole percentage, rounded down: 99.6% is below the 100%
 * edge of clear state and must not read as 100%.
 */
export function percentOfMinFree(ratio: number): number {
  return Math.floor(ratio * 100 + 1e-9);
}

/** The host's state, free memory against minFree, and the edges of the state it is in. */
export function addHostState(list: Evidence[], h: HostReadings): void {
  add(list, STATE, h.state, 'state');
  add(list, 'free', h.free, 'MB');
  add(list, 'minFree', h.minFree, 'MB');
  if (h.freeRatio !== null) add(list, FREE_PCT, percentOfMinFree(h.freeRatio), '%');
  if (h.state !== null && h.minFree !== null) {
    const band = stateBand(h.state);
    add(list, BAND_LOWER, round2(band.lower * h.minFree), 'MB');
    add(list, BAND_UPPER, band.upper === null ? null : round2(band.upper * h.minFree), 'MB');
  }
}
