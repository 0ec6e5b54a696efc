/**
 * The history of samples and where the user is in it: a cursor, paused or
 * playing, and a speed. No timers and no I/O: the poller feeds it and moves it
 * on time; the keys move it on demand.
 */
import type { CounterId } from '../fields/group-fields';
import type { NoteView, Sample, SampleNote } from '../sample/sample';
import type { HostHeader, Value } from '../sample/sample';
import { compact, compactGroupValue, expand, type CompactSample } from './compact-sample';

const MIN_SPEED = 1 / 64;
const MAX_SPEED = 1024;
/** Samples kept by default; the oldest are dropped beyond it. */
const DEFAULT_MAX_HISTORY = 5000;

/** Packed history kept by default (older samples are dropped beyond it): about 170 samples of a 1,000-group host. */
const DEFAULT_MAX_PACKED_BYTES = 64 << 20;

interface TimelineOptions {
  speed?: number;
  maxHistory?: number;
  /** Bytes of packed counter values kept in history; the oldest samples go first. */
  maxPackedBytes?: number;
}

/** The newest samples stay as the source made them; older ones are packed (compact-sample.ts). */
const KEEP_FULL = 16;

type Entry = { full: Sample; packed: null; time: number } | { full: null; packed: CompactSample; time: number };

export interface TimelinePosition {
  /** 1-based number of the current sample since the source started (0 when there is none). */
  index: number;
  /** Samples read so far (including any dropped from history). */
  total: number;
  /** Samples no longer in history (the first one kept is `dropped + 1`). */
  dropped: number;
  /** The source has no more samples: `total` is final. */
  complete: boolean;
}

export class Timeline {
  private readonly samples: Entry[] = [];
  /** The last expanded packed sample, so that the same index gives the same object. */
  private expanded: { entry: Entry; sample: Sample } | null = null;
  private cursor = -1;
  private droppedCount = 0;
  private ended = false;
  paused = false;
  private speedFactor: number;
  private readonly maxHistory: number;
  private readonly maxPackedBytes: number;
  private packedBytes = 0;
  /** Absolute indices (since the source started) of the samples in history that have notes, in order. */
  private noted: number[] = [];
  /** Called with a sample about to leave history (the oldest), and its absolute index. */
  beforeDrop: ((sample: Sample, absolute: number) => void) | null = null;

  constructor(opts: TimelineOptions = {}) {
    this.speedFactor = clampSpeed(opts.speed ?? 1);
    this.maxHistory = Math.max(2, opts.maxHistory ?? DEFAULT_MAX_HISTORY);
    this.maxPackedBytes = opts.maxPackedBytes ?? DEFAULT_MAX_PACKED_BYTES;
  }

  /** Adds a sample at the end of history. The cursor stays where it is (the first sample becomes current). */
  push(sample: Sample): void {
    if (sample.notes && sample.notes.length > 0) this.noted.push(this.droppedCount + this.samples.length);
    this.samples.push({ full: sample, packed: null, time: sample.time });
    const old = this.samples.length - 1 - KEEP_FULL;
    if (old >= 0 && this.samples[old].full) {
      const packed = compact(this.samples[old].full);
      this.samples[old] = { full: null, packed, time: packed.time };
      this.packedBytes += packed.values.byteLength;
    }
    if (this.cursor < 0) this.cursor = 0;
    while (this.samples.length > this.maxHistory || (this.packedBytes > this.maxPackedBytes && this.samples[0].packed)) {
      if (this.beforeDrop) this.beforeDrop(this.sampleAt(0), this.droppedCount);
      const gone = this.samples.shift() as Entry;
      if (gone.packed) this.packedBytes -= gone.packed.values.byteLength;
      if (this.expanded?.entry === gone) this.expanded = null;
      this.droppedCount++;
      while (this.noted.length > 0 && this.noted[0] < this.droppedCount) this.noted.shift();
      this.cursor = Math.max(0, this.cursor - 1);
    }
  }

  /** The source has no more samples. */
  end(): void {
    this.ended = true;
  }

  get complete(): boolean {
    return this.ended;
  }

  private sampleAt(i: number): Sample {
    const e = this.samples[i];
    if (e.full) return e.full;
    if (this.expanded?.entry !== e) this.expanded = { entry: e, sample: expand(e.packed) };
    return this.expanded.sample;
  }

  get current(): Sample | null {
    return this.cursor < 0 ? null : this.sampleAt(this.cursor);
  }

  /** Time of the sample after the current one, if it is already in history. */
  get followingTime(): number | null {
    return this.cursor + 1 < this.samples.length ? this.samples[this.cursor + 1].time : null;
  }

  /** Samples in history after the current one. */
  get ahead(): number {
    return this.samples.length - 1 - this.cursor;
  }

  get length(): number {
    return this.samples.length;
  }

  get atLast(): boolean {
    return this.cursor === this.samples.length - 1;
  }

  get atFirst(): boolean {
    return this.cursor <= 0;
  }

  position(): TimelinePosition {
    return { index: this.cursor < 0 ? 0 : this.droppedCount + this.cursor + 1, total: this.droppedCount + this.samples.length, dropped: this.droppedCount, complete: this.ended };
  }

  /** Moves the cursor by `delta` samples within history; returns whether it moved. */
  step(delta: number): boolean {
    if (this.cursor < 0) return false;
    const to = Math.min(this.samples.length - 1, Math.max(0, this.cursor + delta));
    const moved = to !== this.cursor;
    this.cursor = to;
    return moved;
  }

  first(): boolean {
    return this.step(-Infinity);
  }

  last(): boolean {
    return this.step(Infinity);
  }

  /** Moves to the last sample at or before `time` (the first sample if all are later); returns whether it moved. */
  seek(time: number): boolean {
    if (this.cursor < 0) return false;
    let lo = 0;
    let hi = this.samples.length - 1;
    if (this.samples[0].time > time) return this.step(-this.cursor);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.samples[mid].time <= time) lo = mid;
      else hi = mid - 1;
    }
    return this.step(lo - this.cursor);
  }

  /** Time of the newest sample in history, or null. */
  get lastTime(): number | null {
    return this.samples.length ? this.samples[this.samples.length - 1].time : null;
  }

  get speed(): number {
    return this.speedFactor;
  }

  setSpeed(speed: number): number {
    this.speedFactor = clampSpeed(speed);
    return this.speedFactor;
  }

  faster(): number {
    return this.setSpeed(this.speedFactor * 2);
  }

  slower(): number {
    return this.setSpeed(this.speedFactor / 2);
  }

  togglePause(): boolean {
    this.paused = !this.paused;
    return this.paused;
  }

  /**
   * Replay pacing: milliseconds of wall time until the next sample is due, the
   * gap between the two samples' own timestamps divided by the speed; null when
   * the next sample is not in history yet.
   */
  msUntilNext(): number | null {
    const next = this.followingTime;
    if (this.cursor < 0 || next === null) return null;
    return Math.max(0, (next - this.samples[this.cursor].time) / this.speedFactor);
  }

  /** Samples in history up to and including the current one (the graph's range: it ends where the user is). */
  get historyToCurrent(): number {
    return this.cursor + 1;
  }

  /** Time of the i-th sample in history (0 = the oldest kept). */
  timeAt(i: number): number {
    return this.samples[i].time;
  }

  /** Host header of the i-th sample in history, without expanding a packed sample. */
  hostAt(i: number): HostHeader {
    const e = this.samples[i];
    return e.full ? e.full.host : e.packed.host;
  }

  /** One group counter (registry column id) of the i-th sample in history, without expanding a packed sample; null when missing or the group is absent. */
  groupValueAt(i: number, gid: number, column: CounterId): Value {
    const e = this.samples[i];
    if (e.full) {
      const g = e.full.groups.find((x) => x.gid === gid);
      return g?.values[column] ?? null;
    }
    return compactGroupValue(e.packed, gid, column);
  }

  /** The narration in force at the current sample: the notes of the latest sample at or before it that has any. */
  notes(): SampleNote[] {
    const here = this.absoluteCursor;
    for (let k = this.noted.length - 1; k >= 0; k--) {
      if (this.noted[k] > here) continue;
      const e = this.samples[this.noted[k] - this.droppedCount];
      return (e.full ? e.full.notes : e.packed.notes) ?? [];
    }
    return [];
  }

  /** Absolute index (since the source started) of the current sample; -1 when there is none. */
  get absoluteCursor(): number {
    return this.cursor < 0 ? -1 : this.droppedCount + this.cursor;
  }

  /** Time of the sample at an absolute index (it must be in history). */
  timeAtAbsolute(absolute: number): number {
    return this.samples[absolute - this.droppedCount].time;
  }

  /** The sample at an absolute index, if it is still in history. */
  sampleAtAbsolute(absolute: number): Sample | null {
    const i = absolute - this.droppedCount;
    return i >= 0 && i < this.samples.length ? this.sampleAt(i) : null;
  }

  /** Moves to an absolute index in history; returns whether it moved. */
  moveToAbsolute(absolute: number): boolean {
    const i = absolute - this.droppedCount;
    return i >= 0 && i < this.samples.length ? this.step(i - this.cursor) : false;
  }

  /** Forgets the samples after an absolute index (the source makes them again); the cursor stays at or before it. */
  dropAfter(absolute: number): void {
    const keep = Math.max(0, absolute - this.droppedCount + 1);
    if (keep >= this.samples.length) return;
    for (const e of this.samples.splice(keep)) if (e.packed) this.packedBytes -= e.packed.values.byteLength;
    this.expanded = null;
    this.cursor = Math.min(this.cursor, this.samples.length - 1);
    this.noted = this.noted.filter((n) => n < this.droppedCount + this.samples.length);
    this.ended = false;
  }

  /**
   * The nearest sample with notes before (`-1`) or after (`+1`) the current
   * one, as an absolute index; null when history has none there.
   */
  captionNear(direction: -1 | 1): number | null {
    const here = this.absoluteCursor;
    if (direction > 0) return this.noted.find((n) => n > here) ?? null;
    for (let k = this.noted.length - 1; k >= 0; k--) if (this.noted[k] < here) return this.noted[k];
    return null;
  }

  /** Every sample in history that has notes, oldest first: its absolute index, time and notes. */
  captions(): { absolute: number; time: number; notes: SampleNote[] }[] {
    return this.noted.map((absolute) => {
      const e = this.samples[absolute - this.droppedCount];
      return { absolute, time: e.time, notes: (e.full ? e.full.notes : e.packed.notes) ?? [] };
    });
  }

  /** The latest view a note asked for, at or before the current sample, with the time of its sample. */
  viewInForce(): { time: number; view: NoteView } | null {
    const here = this.absoluteCursor;
    for (let k = this.noted.length - 1; k >= 0; k--) {
      if (this.noted[k] > here) continue;
      const e = this.samples[this.noted[k] - this.droppedCount];
      const view = ((e.full ? e.full.notes : e.packed.notes) ?? []).find((n) => n.view)?.view;
      if (view) return { time: e.time, view };
    }
    return null;
  }

  /** Time of the note marking the end of the lesson, if it is at or before the current sample. */
  lessonEndedAt(): number | null {
    const here = this.absoluteCursor;
    for (const n of this.noted) {
      if (n > here) break;
      const e = this.samples[n - this.droppedCount];
      if (((e.full ? e.full.notes : e.packed.notes) ?? []).some((x) => x.end)) return e.time;
    }
    return null;
  }

  /** Whether the current sample itself asks the replay to stop. */
  currentWantsPause(): boolean {
    if (this.cursor < 0) return false;
    const e = this.samples[this.cursor];
    return (e.full ? e.full.notes : e.packed.notes)?.some((n) => n.pause) ?? false;
  }
}

function clampSpeed(s: number): number {
  if (!Number.isFinite(s) || s <= 0) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, s));
}
