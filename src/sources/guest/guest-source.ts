/**
 * `balloontop guest`: a realtime source that reads the guest it runs in (or
 * a directory laid out like one, `--root DIR`) at every poll. Each sample is
 * an ordinary `Sample` (time from the clock, an empty host header, no groups)
 * carrying the `guest` section, so the timeline, batch output, recording and
 * the feed treat it like any other.
 */
import { emptyHostValues } from '../../fields/host-counters';
import type { Sample } from '../../sample/sample';
import type { SampleSource, SourceInfo, SourceStatus, SourceWarning } from '../source';
import { WarningCounter } from '../warnings';
import { GuestReader } from './guest-reader';
import type { GuestRoot } from './guest-root';

export class GuestSource implements SampleSource {
  readonly info: SourceInfo;
  private readonly reader: GuestReader;
  private readonly counter = new WarningCounter();
  private lastGood: number | null = null;
  private closed = false;

  constructor(
    private readonly root: GuestRoot,
    private readonly now: () => number = Date.now,
  ) {
    this.info = { kind: 'guest', label: root.live ? 'this guest' : `guest files in ${root.dir}`, realtime: true };
    this.reader = new GuestReader(root, this.counter);
  }

  /** Files collected from a guest (--root), not the running guest: they read the same at every sample. */
  get readsCollectedFiles(): boolean {
    return !this.root.live;
  }

  async next(): Promise<Sample | null> {
    if (this.closed) return null;
    const { hostname, section } = await this.reader.read();
    const time = this.now();
    this.lastGood = time;
    return {
      time,
      host: { hostname, values: emptyHostValues(), state: null, extra: {} },
      groups: [],
      guest: section,
    };
  }

  warnings(): SourceWarning[] {
    return this.counter.list();
  }

  status(): SourceStatus {
    return {
      state: 'connected',
      message: this.root.live ? 'reading this guest' : `reading ${this.root.dir}`,
      lastGoodSample: this.lastGood,
      insecure: false,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.reader.close();
  }
}
