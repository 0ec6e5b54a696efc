/**
 * What the server keeps for late joiners: the newest encoded sample lines,
 * bounded by count and by bytes, each with the narration in force at it (so
 * that a client starting there still shows the current caption).
 */
import type { SampleNote } from '../sample/sample';

export interface FeedEntry {
  time: number;
  /** The recording sample line, as sent. */
  line: string;
  /** The sample has notes of its own. */
  ownNotes: boolean;
  /** The notes of the latest sample at or before this one that had any. */
  inForce: readonly SampleNote[] | null;
}

export const DEFAULT_HISTORY = 120;
const MAX_HISTORY_BYTES = 64 << 20;

export class FeedHistory {
  private entries: FeedEntry[] = [];
  private bytes = 0;
  private notes: readonly SampleNote[] | null = null;

  constructor(
    readonly maxEntries: number,
    private readonly maxBytes = MAX_HISTORY_BYTES,
  ) {}

  add(time: number, line: string, notes: readonly SampleNote[] | undefined): FeedEntry {
    const ownNotes = !!notes && notes.length > 0;
    if (ownNotes) this.notes = notes;
    const e: FeedEntry = { time, line, ownNotes, inForce: this.notes };
    this.entries.push(e);
    this.bytes += line.length;
    // The newest entry always stays: a late joiner gets the latest sample at once.
    while (this.entries.length > 1 && (this.entries.length > Math.max(1, this.maxEntries) || this.bytes > this.maxBytes)) {
      this.bytes -= (this.entries.shift() as FeedEntry).line.length;
    }
    return e;
  }

  get length(): number {
    return this.entries.length;
  }

  get latest(): FeedEntry | null {
    return this.entries.length ? this.entries[this.entries.length - 1] : null;
  }

  /** Up to `count` newest entries (at least the latest one) newer than `after`, oldest first. */
  backlog(count: number, after: number | null): FeedEntry[] {
    const newer = after === null ? this.entries : this.entries.filter((e) => e.time > after);
    return newer.slice(-Math.max(1, count));
  }
}
