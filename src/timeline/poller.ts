/**
 * Drives a source into a timeline. Realtime sources (a live host, a remote
 * feed) are asked for a sample every delay (`-d`, at least 2 s), never sooner
 * than half a delay after the previous answer (`Pacer`); recorded and
 * simulated ones are paced by their own timestamps divided by the speed, read a
 * few samples ahead, and stop at a narration note that asks for a pause.
 * Every change of what is current is reported through `onChange`; a source
 * failure goes to `onError` and stops the poller, except when a recorded
 * source fails part way (a damaged file): what it read stays, as a history
 * that ends there, and the failure goes to `onCutShort`.
 */
import { MIN_DELAY_SECONDS } from '../config/esxtoprc';
import { UserError } from '../errors';
import { Pacer } from '../output/pacer';
import type { Sample } from '../sample/sample';
import type { SampleSource } from '../sources/source';
import { Timeline } from './timeline';

/** Samples read ahead of the cursor while replaying. */
const READ_AHEAD = 2;
/** Most samples one key press (End, J, t) reads ahead; a simulation never ends. */
export const READ_LIMIT = 50_000;
/** Reads between yields to the event loop, so that keys (q) stay live during a long read. */
const YIELD_EVERY = 64;

interface MoveResult {
  moved: boolean;
  /** Reading stopped at READ_LIMIT before reaching the target. */
  limited: boolean;
}

interface PollerOptions {
  delaySeconds: number;
  /** Something the user sees changed: the current sample, the history length, the pause state. */
  onChange(): void;
  /** Reading failed; the poller has stopped. */
  onError(err: unknown): void;
  /**
   * A recorded source failed after some samples (a file damaged part way):
   * its history ends at the last good one and the poller goes on. Without
   * it, such a failure goes to `onError` like any other.
   */
  onCutShort?(err: UserError): void;
  /** A new sample came from the source and went into history (for recording). */
  onSample?(sample: Sample): void;
}

export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<boolean> | null = null;
  private stopped = false;
  private delayMs: number;
  private readonly pacer: Pacer;
  readonly realtime: boolean;

  constructor(
    private readonly source: SampleSource,
    readonly timeline: Timeline,
    private readonly opts: PollerOptions,
  ) {
    this.realtime = source.info.realtime;
    this.delayMs = Math.max(MIN_DELAY_SECONDS, opts.delaySeconds) * 1000;
    this.pacer = new Pacer(this.delayMs);
  }

  get delaySeconds(): number {
    return this.delayMs / 1000;
  }

  start(): void {
    if (this.realtime) void this.poll();
    else void this.guard(this.startReplay());
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  /** Seconds between polls of a realtime source (at least 2). Replays keep their own pace but remember it. */
  setDelay(seconds: number): number {
    this.delayMs = Math.max(MIN_DELAY_SECONDS, seconds) * 1000;
    this.pacer.setPeriod(this.delayMs);
    if (this.realtime && !this.stopped && this.timer !== null) {
      this.clearTimer();
      this.timer = setTimeout(() => void this.poll(), this.pacer.delay());
    }
    return this.delaySeconds;
  }

  togglePause(): boolean {
    const paused = this.timeline.togglePause();
    if (!paused && this.realtime) this.timeline.last();
    this.changed();
    return paused;
  }

  /** Steps `delta` samples, reading ahead from a replayed source when needed. */
  async step(delta: number): Promise<boolean> {
    if (delta > 0 && !this.realtime) await this.readWhile(() => this.timeline.ahead < delta);
    const moved = this.timeline.step(delta);
    this.changed();
    return moved;
  }

  /** Reads while `cond` holds and the source has more, at most READ_LIMIT samples; true when the limit stopped it. */
  private async readWhile(cond: () => boolean): Promise<boolean> {
    let n = 0;
    while (cond() && !this.timeline.complete && !this.stopped) {
      if (n >= READ_LIMIT) return true;
      if (!(await this.guard(this.readOne()))) break;
      if (++n % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return false;
  }

  first(): boolean {
    const moved = this.timeline.first();
    this.changed();
    return moved;
  }

  /**
   * The newest sample. A capture or recording is read to its end (READ_LIMIT
   * samples per call); a simulation, which never ends, goes to the newest
   * sample simulated so far.
   */
  async last(): Promise<MoveResult> {
    const limited = !this.realtime && this.source.info.kind !== 'simulation' ? await this.readWhile(() => true) : false;
    const moved = this.timeline.last();
    this.changed();
    return { moved, limited };
  }

  /** Moves to the last sample at or before `time`, reading a replay as far as needed (READ_LIMIT samples per call). */
  async jump(time: number): Promise<MoveResult> {
    const limited = this.realtime ? false : await this.readWhile(() => (this.timeline.lastTime ?? -Infinity) < time);
    const moved = this.timeline.seek(time);
    this.changed();
    return { moved, limited };
  }

  faster(): number {
    const s = this.timeline.faster();
    this.changed();
    return s;
  }

  slower(): number {
    const s = this.timeline.slower();
    this.changed();
    return s;
  }

  /** Space: ask a realtime source now; redraw otherwise. */
  refresh(): void {
    if (this.realtime && !this.stopped) void this.poll();
    else this.changed();
  }

  private async startReplay(): Promise<void> {
    await this.fillAhead();
    if (this.timeline.currentWantsPause()) this.timeline.paused = true;
    this.changed();
  }

  private async fillAhead(): Promise<void> {
    while (!this.stopped && !this.timeline.complete && this.timeline.ahead < READ_AHEAD) {
      if (!(await this.readOne())) break;
    }
  }

  /** Reads one sample into history; false when the source has no more. Concurrent callers share one read. */
  private readOne(): Promise<boolean> {
    if (this.timeline.complete) return Promise.resolve(false);
    if (!this.reading) {
      this.reading = this.source
        .next()
        .then((s) => {
          // A realtime source that cannot reach its host may answer with its last good sample again: not a new one.
          if (s && !(this.realtime && s.time === this.timeline.lastTime)) {
            this.timeline.push(s);
            this.opts.onSample?.(s);
          } else if (!s) this.timeline.end();
          return s !== null;
        })
        .finally(() => {
          this.reading = null;
        });
    }
    return this.reading;
  }

  private async poll(): Promise<void> {
    this.clearTimer();
    const follow = this.timeline.length === 0 || (this.timeline.atLast && !this.timeline.paused);
    if (!this.reading) this.pacer.started();
    const got = await this.guard(this.readOne());
    this.pacer.answered();
    if (this.stopped) return;
    if (got && follow) this.timeline.last();
    this.opts.onChange();
    if (!this.timeline.complete && !this.stopped && this.timer === null) {
      this.timer = setTimeout(() => void this.poll(), this.pacer.delay());
    }
  }

  /** After any change: tell the screen, and (replay) restart the pace from the current sample. */
  private changed(): void {
    if (this.stopped) return;
    this.opts.onChange();
    if (!this.realtime) this.schedule();
  }

  private schedule(): void {
    this.clearTimer();
    if (this.stopped || this.timeline.paused) return;
    const ms = this.timeline.msUntilNext();
    if (ms === null) {
      if (!this.timeline.complete) void this.guard(this.fillAhead().then(() => (this.timeline.ahead > 0 ? this.schedule() : undefined)));
      return;
    }
    this.timer = setTimeout(() => this.advance(), ms);
  }

  private advance(): void {
    this.timer = null;
    if (this.stopped) return;
    this.timeline.step(1);
    if (this.timeline.currentWantsPause()) this.timeline.paused = true;
    this.opts.onChange();
    void this.guard(this.fillAhead().then(() => this.schedule()));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async guard<T>(p: Promise<T>): Promise<T | false> {
    try {
      return await p;
    } catch (err) {
      if (this.stopped) return false;
      if (this.opts.onCutShort && !this.realtime && err instanceof UserError && this.timeline.length > 0 && !this.timeline.complete) {
        this.timeline.end();
        this.opts.onCutShort(err);
        this.opts.onChange();
        return false;
      }
      this.stop();
      this.opts.onError(err);
      return false;
    }
  }
}
