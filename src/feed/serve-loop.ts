/**
 * Drives the served source with the same Poller and Timeline as the dashboard:
 * a replay or simulation is paced by its own timestamps times the speed, a
 * live host is polled every -d. Each time the current sample moves on, it is
 * published to the feed. Nobody sits at the server to press p, so a narration
 * note that asks for a pause does not stop the feed: the caption goes to the
 * clients and the run goes on.
 */
import type { Sample } from '../sample/sample';
import type { SampleSource } from '../sources/source';
import { Poller } from '../timeline/poller';
import { Timeline } from '../timeline/timeline';

export interface ServeLoopOptions {
  delaySeconds: number;
  speed: number;
  /** Stop after this many samples (`-n`); null: until the source ends. */
  limit: number | null;
  publish(sample: Sample): void;
  /** The source has no more samples (or -n was reached). */
  onEnd(published: number): void;
  onError(err: unknown): void;
}

/** The server keeps its own history for late joiners; the timeline only needs the read-ahead. */
const TIMELINE_HISTORY = 32;

export class ServeLoop {
  readonly timeline: Timeline;
  private readonly poller: Poller;
  private lastIndex = 0;
  private published = 0;
  private done = false;

  constructor(
    source: SampleSource,
    private readonly opts: ServeLoopOptions,
  ) {
    this.timeline = new Timeline({ speed: opts.speed, maxHistory: TIMELINE_HISTORY });
    this.poller = new Poller(source, this.timeline, {
      delaySeconds: opts.delaySeconds,
      onChange: () => this.changed(),
      onError: (err) => {
        if (this.done) return;
        this.done = true;
        opts.onError(err);
      },
    });
  }

  get count(): number {
    return this.published;
  }

  start(): void {
    this.poller.start();
  }

  stop(): void {
    this.done = true;
    this.poller.stop();
  }

  private changed(): void {
    if (this.done) return;
    const t = this.timeline;
    const { index } = t.position();
    const current = t.current;
    if (current && index > this.lastIndex) {
      this.lastIndex = index;
      this.published++;
      this.opts.publish(current);
      if (this.opts.limit !== null && this.published >= this.opts.limit) return this.finish();
    }
    if (t.complete && t.atLast) return this.finish();
    if (t.paused) {
      // A note asked for a pause: go on (after the poller has finished this step).
      setImmediate(() => {
        if (!this.done && this.timeline.paused) this.poller.togglePause();
      });
    }
  }

  private finish(): void {
    this.done = true;
    this.poller.stop();
    this.opts.onEnd(this.published);
  }
}
