/**
 * Drives a source into a timeline. Realtime sources (a live host) are asked
 * for a sample every delay (`-d`, at least 2 s), never sooner than half a
 * delay after the previous answer (`Pacer`); a source that pushes its samples
 * (another balloontop's feed) is read as they come; recorded and simulated
 * ones are paced by their own timestamps divided by the speed, read a few
 * samples ahead, and stop at a narration note that asks for a pause.
 * Every change of what is current is reported through `onChange`; a source
 * failure goes to `onError` and stops the poller, except when a recorded
 * source fails part way (a damaged file): what it read stays, as a history
 * that ends there, and the failure goes to `onCutShort`.
 *
 * `onSample` hears of each sample once, in order, when it is committed: as
 * it arrives, or, for a source an instructor can act on (the simulated host),
 * when the user reaches it, so that samples read ahead can still be made
 * again with the action and nobody (a recording, the class) saw them before.
 */
import { MAX_DELAY_SECONDS, MIN_DELAY_SECONDS } from '../config/esxtoprc';
import { UserError } from '../errors';
import { Pacer } from '../output/pacer';
import type { Sample } from '../sample/sample';
import type { ActionResult, SampleSource, SourceAction } from '../sources/source';
import { Timeline } from './timeline';
import { checkedSampleTime } from '../sample/sample-time';

/** Samples read ahead of the cursor while replaying. */
const READ_AHEAD = 2;
/** Most samples one key press (End, J, t) reads ahead; a simulation never ends. */
export const READ_LIMIT = 50_000;
/** Reads between yields to the event loop, so that keys (q) stay live during a long read. */
const YIELD_EVERY = 64;
/** Most samples the next-caption key reads ahead looking for one (a simulation runs on after its lesson). */
const CAPTION_SEARCH = 2_000;

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
  /** A sample is committed (recording, the feed): each once, in order. */
  onSample?(sample: Sample): void;
}

export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<boolean> | null = null;
  private stopped = false;
  private delayMs: number;
  private readonly pacer: Pacer;
  readonly realtime: boolean;
  /** Samples are committed when reached (a source an instructor acts on), not when read. */
  private readonly commitOnReach: boolean;
  /** Absolute index of the last committed sample. */
  private committed = -1;
  /** Counts actions that made the samples read ahead stale: a read started before one is dropped. */
  private generation = 0;
  private redrawPending = false;

  constructor(
    private readonly source: SampleSource,
    readonly timeline: Timeline,
    private readonly opts: PollerOptions,
  ) {
    this.realtime = source.info.realtime;
    this.delayMs = Math.min(MAX_DELAY_SECONDS, Math.max(MIN_DELAY_SECONDS, opts.delaySeconds)) * 1000;
    this.pacer = new Pacer(this.delayMs);
    this.commitOnReach = !this.realtime && source.act !== undefined;
    // A sample about to leave a long history is committed first, so that nothing read is lost.
    if (this.commitOnReach) timeline.beforeDrop = (s, absolute) => this.commitThrough(absolute, s);
  }

  get delaySeconds(): number {
    return this.delayMs / 1000;
  }

  start(): void {
    if (this.source.info.pushes) void this.guard(this.follow());
    else if (this.realtime) void this.poll();
    else void this.guard(this.startReplay());
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  /** Seconds between polls of a realtime source (at least 2). Replays keep their own pace but remember it. */
  setDelay(seconds: number): number {
    this.delayMs = Math.min(MAX_DELAY_SECONDS, Math.max(MIN_DELAY_SECONDS, seconds)) * 1000;
    this.pacer.setPeriod(this.delayMs);
    if (this.realtime && !this.source.info.pushes && !this.stopped && this.timer !== null) {
      this.clearTimer();
      this.timer = setTimeout(() => void this.poll(), this.pacer.delay());
    }
    return this.delaySeconds;
  }

  togglePause(): boolean {
    // A live view the user moved away from is paused already: p takes it back to LIVE.
    if (this.realtime && !this.timeline.paused && !this.timeline.atLast) this.timeline.paused = true;
    const paused = this.timeline.togglePause();
    if (!paused && this.realtime) this.timeline.last();
    this.changed();
    return paused;
  }

  /** Whether the source can be acted on (the simulated host). */
  get canAct(): boolean {
    return this.source.act !== undefined;
  }

  /**
   * An instructor's action: the source applies it after the last sample
   * committed (what the user and the class have seen); samples read beyond it
   * are dropped and read again, now with the action.
   */
  act(action: SourceAction): ActionResult | null {
    if (!this.source.act) return null;
    const after = this.timeline.sampleAtAbsolute(this.committed)?.time ?? null;
    const r = this.source.act(action, after);
    if (r.ok && r.redoAfter !== null) {
      this.generation++;
      this.timeline.dropAfter(this.committed);
    }
    this.changed();
    return r;
  }

  /**
   * The nearest caption before (`-1`) or after (`+1`) the current sample; a
   * replay or simulation is read ahead for the next one when history has
   * none. A caption that asks for a pause pauses there.
   */
  async toCaption(direction: -1 | 1): Promise<boolean> {
    let target = this.timeline.captionNear(direction);
    // A lesson with no caption to come has none to read ahead for (the simulation runs on after it).
    const more = this.source.lesson ? this.source.lesson.upcoming().length > 0 : true;
    if (target === null && direction > 0 && !this.realtime && more) {
      let n = 0;
      await this.readWhile(() => this.timeline.captionNear(1) === null && n++ < CAPTION_SEARCH);
      target = this.timeline.captionNear(1);
    }
    return this.arrive(target);
  }

  /** The sample whose notes include `text`, in history or (a replay, a simulation) read ahead for it. */
  async toCaptionText(text: string): Promise<boolean> {
    const find = () => this.timeline.captions().find((c) => c.notes.some((n) => n.text === text))?.absolute ?? null;
    if (find() === null && !this.realtime) await this.readWhile(() => find() === null);
    return this.arrive(find());
  }

  /** The sample at an absolute index of history (a caption of the outline). */
  toAbsolute(absolute: number): boolean {
    return this.arrive(absolute);
  }

  private arrive(absolute: number | null): boolean {
    if (absolute !== null) this.hold();
    const moved = absolute !== null && this.timeline.moveToAbsolute(absolute);
    if (moved && this.timeline.currentWantsPause()) this.timeline.paused = true;
    this.changed();
    return moved;
  }

  /** Steps `delta` samples, reading ahead from a replayed source when needed. */
  /** On a live source or a feed, moving in history holds the view there (p or End go back to LIVE). */
  private hold(): void {
    if (this.realtime) this.timeline.paused = true;
  }

  async step(delta: number): Promise<boolean> {
    this.hold();
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
    this.hold();
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
    // On a live source or a feed, the newest sample is also following again (LIVE).
    if (this.realtime) this.timeline.paused = false;
    this.changed();
    return { moved, limited };
  }

  /** Moves to the last sample at or before `time`, reading a replay as far as needed (READ_LIMIT samples per call). */
  async jump(time: number): Promise<MoveResult> {
    this.hold();
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

  /** Space: ask a realtime source now (one that pushes sends when it has something); redraw otherwise. */
  refresh(): void {
    if (this.realtime && !this.source.info.pushes && !this.stopped) void this.poll();
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
      const generation = this.generation;
      this.reading = this.source
        .next()
        .then((s) => {
          // Made before an action that the source has gone back for: it is made again.
          if (generation !== this.generation) return true;
          // A realtime source that cannot reach its host may answer with its last good sample again: not a new one.
          if (s) checkedSampleTime(s.time, this.source.info.label);
          if (s && !(this.realtime && s.time === this.timeline.lastTime)) {
            this.timeline.push(s);
            if (!this.commitOnReach) this.commitThrough(this.timeline.position().total - 1, s);
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

  /** A source that pushes its samples (a feed): read them as they come; the view follows unless paused. */
  private async follow(): Promise<void> {
    while (!this.stopped && !this.timeline.complete) {
      const s = await this.source.next();
      if (this.stopped) return;
      if (!s) {
        this.timeline.end();
        break;
      }
      // Whether the view follows is decided now, not before the wait: the user may have moved meanwhile.
      const follow = this.timeline.length === 0 || (this.timeline.atLast && !this.timeline.paused);
      this.timeline.push(s);
      this.commitThrough(this.timeline.position().total - 1, s);
      if (follow) this.timeline.last();
      this.scheduleRedraw();
    }
    if (!this.stopped) this.opts.onChange();
  }

  /** One redraw for a burst of samples (a late joiner's history arrives at once). */
  private scheduleRedraw(): void {
    if (this.redrawPending) return;
    this.redrawPending = true;
    setImmediate(() => {
      this.redrawPending = false;
      if (!this.stopped) this.opts.onChange();
    });
  }

  /** Commits the samples up to an absolute index (those not committed yet, in order); `known` is the one at that index. */
  private commitThrough(absolute: number, known?: Sample): void {
    for (let a = this.committed + 1; a <= absolute; a++) {
      const s = a === absolute && known ? known : this.timeline.sampleAtAbsolute(a);
      this.committed = a;
      if (s) this.opts.onSample?.(s);
    }
  }

  /** After any change: commit what the user reached, tell the screen, and (replay) restart the pace from the current sample. */
  private changed(): void {
    if (this.stopped) return;
    if (this.commitOnReach) this.commitThrough(this.timeline.absoluteCursor);
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
    if (this.commitOnReach) this.commitThrough(this.timeline.absoluteCursor);
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
