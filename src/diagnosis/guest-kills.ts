/**
 * The balloon at each OOM kill of a guest: what the samples say it held when
 * the kernel log's kill happened. A kill is placed once, when it is first
 * seen (the log keeps it, so every later sample lists it again), against the
 * guest's balloon at the last sample at or before its time. Memory is
 * bounded: the last HISTORY balloon readings, and the last PLACED kills.
 */
import type { GuestSection, OomKill } from '../sample/guest';
import { num } from './readings';

/** Balloon readings kept to place kills found late (a log written after the sample that follows the kill). */
const HISTORY = 4096;
/** Kills remembered (a kernel log lists at most 100). */
const PLACED = 512;

/**
 * Where a kill stands against the balloon:
 * - `sample`: the balloon at the last sample at or before the kill (`mb`, `at`);
 * - `before-data`: the kill is older than the first sample (`at`; the balloon then is not in the data);
 * - `never-inflated`: /proc/vmstat says no page was ever put in a balloon since boot (0 MB);
 * - `unknown`: the kill has no time, or the balloon could not be read at that sample.
 */
export interface KillBalloon {
  how: 'sample' | 'before-data' | 'never-inflated' | 'unknown';
  mb: number | null;
  /** Time of the sample `mb` is from. */
  at: number | null;
}

function killKey(k: OomKill): string {
  return `${k.pid}:${k.time ?? `u${k.uptimeS ?? ''}`}:${k.process}`;
}

export class GuestKills {
  private readonly times: number[] = [];
  private readonly balloons: (number | null)[] = [];
  private readonly placed = new Map<string, KillBalloon>();
  private first = NaN;

  /** The first sample's time (NaN before any) and the balloon then. */
  get firstTime(): number {
    return this.first;
  }

  firstBalloon(): number | null {
    return this.times.length > 0 && this.times[0] === this.first ? this.balloons[0] : null;
  }

  /** A sample of the guest, pushed in time order: its balloon is kept and its new kills are placed. */
  push(t: number, g: GuestSection): void {
    if (Number.isNaN(this.first)) this.first = t;
    if (this.times.length >= HISTORY) {
      this.times.shift();
      this.balloons.shift();
    }
    this.times.push(t);
    this.balloons.push(num(g.values.balloonMB));
    for (const k of g.oomKills ?? []) {
      const key = killKey(k);
      if (this.placed.has(key)) continue;
      if (this.placed.size >= PLACED) this.placed.delete(this.placed.keys().next().value as string);
      this.placed.set(key, this.place(k, g));
    }
  }

  /** Where a kill of `g`'s list stands (placed when first seen; else placed now from what is kept). */
  balloonAt(k: OomKill, g: GuestSection): KillBalloon {
    return this.placed.get(killKey(k)) ?? this.place(k, g);
  }

  private place(k: OomKill, g: GuestSection): KillBalloon {
    if (num(g.values.balloonInflatePages) === 0) return { how: 'never-inflated', mb: 0, at: null };
    if (k.time === null) return { how: 'unknown', mb: null, at: null };
    if (Number.isNaN(this.first) || k.time < this.first) return { how: 'before-data', mb: null, at: Number.isNaN(this.first) ? null : this.first };
    const i = lastAtOrBefore(this.times, k.time);
    if (i < 0) return { how: 'unknown', mb: null, at: null };
    const mb = this.balloons[i];
    return mb === null ? { how: 'unknown', mb: null, at: this.times[i] } : { how: 'sample', mb, at: this.times[i] };
  }
}

function lastAtOrBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
