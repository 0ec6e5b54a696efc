/**
 * Paces a realtime source (a live host) to one sample every `-d` seconds,
 * as esxtop -b does. Recorded and simulated sources are not paced: their
 * samples are written as fast as they come.
 */
export class Pacer {
  private nextAt: number | null = null;

  constructor(
    private readonly periodMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * How long to wait before the next sample, and the tick is taken: 0 the first
   * time, then until one period after the previous tick. A late tick (a slow
   * host) is not made up for by a burst: the schedule restarts from now.
   */
  take(): number {
    const t = this.now();
    if (this.nextAt === null) {
      this.nextAt = t + this.periodMs;
      return 0;
    }
    const delay = Math.max(0, this.nextAt - t);
    this.nextAt = Math.max(this.nextAt, t) + this.periodMs;
    return delay;
  }

  /** Waits for the next tick (or until `stop` resolves). */
  async wait(stop?: Promise<unknown>): Promise<void> {
    const delay = this.take();
    if (delay === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const sleep = new Promise<void>((resolve) => (timer = setTimeout(resolve, delay)));
    try {
      await (stop ? Promise.race([sleep, stop]) : sleep);
    } finally {
      clearTimeout(timer);
    }
  }
}
