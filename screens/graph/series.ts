/**
 * History as series for a graph, pure: which counters, read from the history
 * up to the current sample, cut down to the points that fit. Long histories
 * are bucketed with the min and the max of each bucket (in the order they
 * happened), so a one-sample spike survives; a missing value (null) stays a
 * gap, never 0.
 */
import { HOST_COUNTERS, type HostCounterId } from '../../src/fields/host-counters';
import type { CounterId } from '../../src/fields/group-fields';
import { STATE_THRESHOLDS, type MemState } from '../../src/sample/mem-state';
import type { HostHeader, Sample, Value } from '../../src/sample/sample';

/** Read access to a history (the Timeline implements it without expanding packed samples). */
export interface History {
  /** Samples from the oldest kept to the current one. */
  readonly historyToCurrent: number;
  timeAt(i: number): number;
  hostAt(i: number): HostHeader;
  groupValueAt(i: number, gid: number, column: CounterId): Value;
}

/** A plain array of samples as a History (tests, benches). */
export function arrayHistory(samples: readonly Sample[]): History {
  return {
    historyToCurrent: samples.length,
    timeAt: (i) => samples[i].time,
    hostAt: (i) => samples[i].host,
    groupValueAt: (i, gid, column) => samples[i].groups.find((g) => g.gid === gid)?.values[column] ?? null,
  };
}

export interface SeriesSpec {
  id: string;
  /** Legend text. */
  label: string;
  read(h: History, i: number): Value;
}

export interface Series {
  id: string;
  label: string;
  /** One value per point; null = gap. */
  points: Value[];
}

export interface SeriesSet {
  /** Time of each point (ms UTC): the sample's own time, or its bucket's first sample. */
  times: number[];
  series: Series[];
  /** Samples the points stand for. */
  samples: number;
  /** Samples per bucket (1 = every sample is a point). */
  bucketSize: number;
}

/** The state boundaries drawn as reference lines: the lower edge of each state, as a share of minFree. */
const BOUNDARY_STATES = ['clear', 'soft', 'hard', 'low'] as const satisfies readonly MemState[];

interface Boundary {
  state: MemState;
  /** Lower edge as a fraction of minFree (mem-state.ts). */
  fraction: number;
  /** The edge in MB for this minFree, or null when minFree is missing. */
  mb: number | null;
}

export function stateBoundaries(minFree: Value): Boundary[] {
  return BOUNDARY_STATES.map((state) => {
    const fraction = STATE_THRESHOLDS[state];
    return { state, fraction, mb: minFree === null || minFree === undefined ? null : minFree * fraction };
  });
}

function hostCounter(id: HostCounterId): SeriesSpec {
  const c = HOST_COUNTERS.find((x) => x.id === id)!;
  return { id, label: `${c.line} ${c.label}`, read: (h, i) => h.hostAt(i).values[id] ?? null };
}

/** Host free memory and the state boundaries derived from minFree at each sample. */
export function hostFreeSpecs(): SeriesSpec[] {
  const free = hostCounter('free');
  return [
    { ...free, label: 'free' },
    ...BOUNDARY_STATES.map((state): SeriesSpec => ({
      id: `boundary-${state}`,
      label: `${state} ${Math.round(STATE_THRESHOLDS[state] * 100)}%`,
      read: (h, i) => {
        const m = h.hostAt(i).values.minFree;
        return m === null || m === undefined ? null : m * STATE_THRESHOLDS[state];
      },
    })),
  ];
}

/** Host reclamation totals in MB: balloon (current and target), hypervisor swap, compression. */
export function hostTotalSpecs(): SeriesSpec[] {
  return (['memctlCurrent', 'memctlTarget', 'swapUsed', 'zipped'] as const).map(hostCounter);
}

/** Host swap rates in MB/s. */
export function hostRateSpecs(): SeriesSpec[] {
  return (['swapReadRate', 'swapWriteRate'] as const).map(hostCounter);
}

function groupColumn(gid: number, id: CounterId): SeriesSpec {
  return { id, label: id, read: (h, i) => h.groupValueAt(i, gid, id) };
}

/** One group's balloon and swap sizes in MB. */
export function groupSizeSpecs(gid: number): SeriesSpec[] {
  return (['MCTLSZ', 'MCTLTGT', 'MCTLMAX', 'SWCUR'] as const).map((id) => groupColumn(gid, id));
}

/** One group's swap rates in MB/s. */
export function groupRateSpecs(gid: number): SeriesSpec[] {
  return (['SWR/s', 'SWW/s'] as const).map((id) => groupColumn(gid, id));
}

/**
 * The series over the whole history up to the current sample, in at most
 * `maxPoints` points: every sample when they fit, else buckets of equal
 * sample count giving two points each, the bucket's min and max in the order
 * they occurred. A bucket with no value is a gap (null).
 */
export function buildSeries(h: History, specs: readonly SeriesSpec[], maxPoints: number): SeriesSet {
  const n = h.historyToCurrent;
  const limit = Math.max(2, Math.floor(maxPoints));
  if (n <= limit) {
    const times = new Array<number>(n);
    for (let i = 0; i < n; i++) times[i] = h.timeAt(i);
    const series = specs.map((s) => {
      const points = new Array<Value>(n);
      for (let i = 0; i < n; i++) points[i] = finite(s.read(h, i));
      return { id: s.id, label: s.label, points };
    });
    return { times, series, samples: n, bucketSize: 1 };
  }
  const buckets = Math.floor(limit / 2);
  const times: number[] = [];
  const bounds: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    bounds.push(start);
    const t = h.timeAt(start);
    times.push(t, t);
  }
  bounds.push(n);
  const series = specs.map((s) => {
    const points: Value[] = [];
    for (let b = 0; b < buckets; b++) {
      let min = Infinity;
      let max = -Infinity;
      let minAt = -1;
      let maxAt = -1;
      for (let i = bounds[b]; i < bounds[b + 1]; i++) {
        const v = finite(s.read(h, i));
        if (v === null) continue;
        if (v < min) { min = v; minAt = i; }
        if (v > max) { max = v; maxAt = i; }
      }
      if (minAt < 0) points.push(null, null);
      else if (minAt <= maxAt) points.push(min, max);
      else points.push(max, min);
    }
    return { id: s.id, label: s.label, points };
  });
  return { times, series, samples: n, bucketSize: n / buckets };
}

function finite(v: Value | undefined): Value {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

/** Largest value of any series (null when every point is a gap). */
export function seriesMax(set: SeriesSet): number | null {
  let max = -Infinity;
  for (const s of set.series) for (const v of s.points) if (v !== null && v > max) max = v;
  return max === -Infinity ? null : max;
}
