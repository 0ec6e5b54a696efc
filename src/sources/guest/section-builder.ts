/** Building a `GuestSection`'s values: each set with where it came from, each missing one with why. */
import { emptyGuestValues, type GuestFieldId } from '../../fields/guest-fields';
import type { GuestSection, GuestTextKey } from '../../sample/guest';
import type { Value } from '../../sample/sample';
import type { ReadFailure } from './bounded-read';

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A file parsed, or why not (`bad`: there, but not in the expected format). */
export type Parsed<T> = { value: T; rel: string } | { failure: ReadFailure['failure'] | 'bad'; reason: string };

export function ok<T>(p: Parsed<T>): p is { value: T; rel: string } {
  return (p as { value?: T }).value !== undefined;
}

export class SectionBuilder {
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

  /** The reason a value is missing (the first one given wins; ignored when the value is there). */
  miss(id: GuestFieldId | GuestTextKey, reason: string): void {
    if (id in this.values && this.values[id as GuestFieldId] !== null) return;
    this.missing[id] ??= reason;
  }
}
