/**
 * Series over a whole run in bounded memory, for charts: at most `capacity`
 * buckets whatever the number of samples. When the buckets are full, pairs
 * are merged and each bucket stands for twice as many samples. A bucket
 * keeps the minimum and the maximum of its samples, so a one-sample spike
 * survives; a bucket with no value (the counter missing) stays a gap.
 */
const DEFAULT_CAPACITY = 400;

export interface SeriesView {
  /** Per bucket; NaN = no value. */
  min: Float32Array;
  max: Float32Array;
}

export class DownsampledSeries {
  /** Samples per bucket. */
  private bucketSize = 1;
  private samples = 0;
  private bucket = -1;
  private readonly starts: number[] = [];
  private readonly series = new Map<string, SeriesView>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {
    if (capacity < 2 || capacity % 2 !== 0) throw new RangeError('capacity must be an even number >= 2');
  }

  /** Starts the next sample, at time `t` (ms). */
  begin(t: number): void {
    let b = Math.floor(this.samples / this.bucketSize);
    if (b >= this.capacity) {
      this.halve();
      b = Math.floor(this.samples / this.bucketSize);
    }
    if (b !== this.bucket) {
      this.bucket = b;
      this.starts[b] = t;
    }
    this.samples++;
  }

  /** A value of series `key` in the current sample (null: missing, nothing recorded). */
  add(key: string, value: number | null): void {
    if (value === null || !Number.isFinite(value) || this.bucket < 0) return;
    let s = this.series.get(key);
    if (!s) {
      s = { min: new Float32Array(this.capacity).fill(NaN), max: new Float32Array(this.capacity).fill(NaN) };
      this.series.set(key, s);
    }
    const b = this.bucket;
    if (!(s.min[b] <= value)) s.min[b] = value;
    if (!(s.max[b] >= value)) s.max[b] = value;
  }

  /** Bucket start times, one per bucket in use. */
  times(): readonly number[] {
    return this.starts.slice(0, this.bucket + 1);
  }

  get(key: string): SeriesView | undefined {
    return this.series.get(key);
  }

  has(key: string): boolean {
    return this.series.has(key);
  }

  /** Samples per bucket now. */
  get samplesPerBucket(): number {
    return this.bucketSize;
  }

  private halve(): void {
    const half = this.capacity / 2;
    for (let i = 0; i < half; i++) this.starts[i] = this.starts[2 * i];
    this.starts.length = half;
    for (const s of this.series.values()) {
      for (let i = 0; i < half; i++) {
        s.min[i] = lower(s.min[2 * i], s.min[2 * i + 1]);
        s.max[i] = higher(s.max[2 * i], s.max[2 * i + 1]);
      }
      s.min.fill(NaN, half);
      s.max.fill(NaN, half);
    }
    this.bucketSize *= 2;
  }
}

function lower(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return Math.min(a, b);
}

function higher(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return Math.max(a, b);
}
