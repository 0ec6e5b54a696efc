/**
 * Paces a realtime source (a live host) to one sample every `-d` seconds,
 * as esxtop -b does. Recorded and simulated sources are not paced: their
 * samples are written as fast as they come.
 *
 * A request starts one period after the previous one started, so a quick
 * host is asked on a steady beat; but never sooner than half a period after
 * the previous answer came. A slow answer (a slow host, a reconnection that
 * waited for a hung server to come back) is therefore not followed at once by
 * another request: two samples never arrive closer than half a period, and a
 * slow host is never asked back to back.
 */
export class Pacer {
  /** When the next request may start by the beat (previous start + period), or null before the first. */
  private beatAt: number | null = null;
  /** When the next request may start after the previous answer (answer + half a period). */
  private restedAt = 0;

  constructor(
    private periodMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  setPeriod(ms: number): void {
    if (this.beatAt !== null) this.beatAt += ms - this.periodMs;
    this.periodMs = ms;
  }

  /** Milliseconds until the next request may start (0 the first time). */
  delay(): number {
    if (this.beatAt === null) return 0;
    return Math.max(0, Math.max(this.beatAt, this.restedAt) - this.now());
  }

  /** A request starts now. */
  started(): void {
    this.beatAt = this.now() + this.periodMs;
  }

  /** The answer to the request came now. */
  answered(): void {
    this.restedAt = this.now() + this.periodMs / 2;
  }

  /** Waits until the next request may start (or until `stop` resolves), then counts it as started. */
  async wait(stop?: Promise<unknown>): Promise<void> {
    const delay = this.delay();
    if (delay > 0) {
      let timer: NodeJS.Timeout | undefined;
      const sleep = new Promise<void>((resolve) => (timer = setTimeout(resolve, delay)));
      try {
        await (stop ? Promise.race([sleep, stop]) : sleep);
      } finally {
        clearTimeout(timer);
      }
    }
    this.started();
  }
}
