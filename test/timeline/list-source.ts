/**
 * A small in-test source: a real implementation of `SampleSource` over a list
 * of samples (recorded-style or realtime), with an optional `status()`.
 */
import type { Sample } from '../../src/sample/sample';
import type { SampleSource, SourceInfo, SourceStatus, SourceWarning } from '../../src/sources/source';

export class ListSource implements SampleSource {
  readonly info: SourceInfo;
  reads = 0;
  closed = false;
  failWith: Error | null = null;
  statusValue: SourceStatus | null = null;

  constructor(
    private readonly samples: Sample[],
    opts: { realtime?: boolean; label?: string } = {},
  ) {
    this.info = { kind: opts.realtime ? 'live' : 'simulation', label: opts.label ?? 'in-test source', realtime: opts.realtime ?? false };
    if (opts.realtime) this.statusValue = { state: 'connected', message: 'esx01.lab', lastGoodSample: null, insecure: false };
  }

  async next(): Promise<Sample | null> {
    this.reads++;
    if (this.failWith) throw this.failWith;
    return this.samples.shift() ?? null;
  }

  add(s: Sample): void {
    this.samples.push(s);
  }

  warnings(): SourceWarning[] {
    return [];
  }

  status(): SourceStatus {
    return this.statusValue ?? { state: 'connecting', message: '', lastGoodSample: null, insecure: false };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export const T0 = Date.UTC(2018, 3, 24, 10, 49, 12);

/** A sample `seconds` after T0 with no groups (and notes when given). */
export function emptySample(seconds: number, notes?: Sample['notes']): Sample {
  const s: Sample = { time: T0 + seconds * 1000, host: { hostname: null, values: {} as Sample['host']['values'], state: null, extra: {} }, groups: [] };
  if (notes) s.notes = notes;
  return s;
}
