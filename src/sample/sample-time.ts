/**
 * The time of a sample: milliseconds since the epoch, UTC, from 1990-01-01 to
 * the end of 2100. Every decoder of times from outside (a recording line, a
 * feed frame, a scenario's start; the capture reader has its own parser with
 * the same range) goes through `sampleTime`, so no sample carries a time a
 * `Date` cannot hold or `-b` cannot write back as a capture reads it
 * (`MM/dd/yyyy`, four-digit years).
 */
import { UserError } from '../errors';

/** 1990-01-01T00:00:00Z, the first time a sample may have. */
export const EARLIEST_SAMPLE_TIME = Date.UTC(1990, 0, 1);
/** 2101-01-01T00:00:00Z, the first time a sample may no longer have. */
export const END_OF_SAMPLE_TIME = Date.UTC(2101, 0, 1);

/** A time checked to lie within 1990..2100 (ms since the epoch, UTC). */
type UtcMillis = number & { readonly sampleTime: unique symbol };

/** `ms` as a sample time, or null when it is not a finite number within 1990..2100. */
export function sampleTime(ms: unknown): UtcMillis | null {
  return typeof ms === 'number' && ms >= EARLIEST_SAMPLE_TIME && ms < END_OF_SAMPLE_TIME ? (ms as UtcMillis) : null;
}

/** Why `ms` is not a sample time, for a message: `1e+300 is not a time between 1990 and 2100`. */
export function timeProblem(ms: unknown): string {
  const shown = typeof ms === 'number' ? String(ms) : JSON.stringify(ms) ?? typeof ms;
  return `${shown.slice(0, 40)} is not a time between 1990 and 2100`;
}

/** A sample's time, checked on its way out (batch output, a recording, the feed): a source that made an impossible one stops with one line. */
export function checkedSampleTime(ms: number, where: string): UtcMillis {
  const t = sampleTime(ms);
  if (t === null) throw new UserError(`${where}: a sample's time ${timeProblem(ms)}; stopped`);
  return t;
}
