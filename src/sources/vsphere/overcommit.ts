/**
 * esxtop's "MEM overcommit avg": the share by which the VMs' configured
 * memory exceeds the host's (0 when it does not), as 1-, 5- and 15-minute
 * exponentially damped averages, like a load average. A live host has no
 * counter for it: balloontop averages each poll's value itself, so the
 * averages start at the first poll's value.
 */
import type { Value } from '../../sample/sample';

const PERIODS_MS = [60_000, 300_000, 900_000] as const;

export class OvercommitAverages {
  private averages: number[] | null = null;
  private lastTime = 0;

  /** Takes one poll's value (null: not known this time) and gives the three averages. */
  update(time: number, value: number | null): [Value, Value, Value] {
    if (value !== null) {
      if (this.averages === null) this.averages = PERIODS_MS.map(() => value);
      else {
        const dt = Math.max(0, time - this.lastTime);
        this.averages = this.averages.map((avg, i) => avg + (value - avg) * (1 - Math.exp(-dt / PERIODS_MS[i])));
      }
      this.lastTime = time;
    }
    const a = this.averages;
    return a === null ? [null, null, null] : [round(a[0]), round(a[1]), round(a[2])];
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
