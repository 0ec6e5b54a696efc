/** What a report counts: states and their time, transitions, peaks, gaps, series; bounded over long runs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReportCollector, MAX_TRANSITIONS } from '../../src/report/collector';
import { DownsampledSeries } from '../../src/report/downsampled-series';
import type { SourceInfo } from '../../src/sources/source';
import { group, host, sample, STEP, T0 } from '../diagnosis/build';
import type { MemState } from '../../src/sample/mem-state';

const INFO: SourceInfo = { kind: 'capture', label: 'test.csv', realtime: false };

function collect(states: (MemState | null)[], values: (i: number) => Record<string, number | null> = () => ({})) {
  const c = new ReportCollector();
  states.forEach((s, i) => c.push(sample(i, host(s), [group(1, 'vm1', values(i))])));
  return c.finish(INFO, [], null);
}

test('time in each state: each sample counts until the next; transitions with their time', () => {
  const r = collect(['high', 'high', 'soft', 'soft', 'soft', 'clear']);
  assert.deepEqual(r.states.map((s) => [s.state, s.ms, s.samples]), [['high', 2 * STEP, 2], ['clear', 0, 1], ['soft', 3 * STEP, 3]]);
  assert.deepEqual(r.transitions, [{ at: T0 + 2 * STEP, from: 'high', to: 'soft' }, { at: T0 + 5 * STEP, from: 'soft', to: 'clear' }]);
  assert.equal(r.samples, 6);
  assert.equal(r.from, T0);
  assert.equal(r.to, T0 + 5 * STEP);
  assert.equal(r.stepMs, STEP);
});

test('a host without a state is counted as unknown, not as a state it might have been in', () => {
  const c = new ReportCollector();
  c.push(sample(0, host(null, { free: null, minFree: null }), []));
  c.push(sample(1, host(null, { free: null, minFree: null }), []));
  assert.deepEqual(c.finish(INFO, [], null).states.map((s) => s.state), ['unknown']);
});

test('peaks: each group\'s largest balloon, swap and compression, when, and for how long', () => {
  const balloon = [0, 100, 300, 200, 0, 50];
  const r = collect(['soft', 'soft', 'soft', 'soft', 'soft', 'soft'], (i) => ({ MCTLSZ: balloon[i], SWCUR: i === 3 ? 40 : 0 }));
  const g = r.groups.find((x) => x.gid === 1)!;
  assert.deepEqual(g.balloon, { peak: 300, peakAt: T0 + 2 * STEP, first: T0 + STEP, last: T0 + 5 * STEP, ms: 3 * STEP, samples: 4 });
  assert.deepEqual(g.swap, { peak: 40, peakAt: T0 + 3 * STEP, first: T0 + 3 * STEP, last: T0 + 3 * STEP, ms: STEP, samples: 1 });
  assert.equal(g.compression, null);
  assert.equal(g.memsz, 4096);
});

test('a long pause between samples is a gap, not time in a state', () => {
  const c = new ReportCollector();
  const t = [0, 5, 10, 3600, 3605].map((s) => s * 1000);
  t.forEach((ms) => c.push({ ...sample(0, host('clear'), []), time: T0 + ms }));
  const r = c.finish(INFO, [], null);
  assert.deepEqual(r.gaps, { count: 1, ms: 3590_000 });
  assert.equal(r.states[0].ms, 15_000);
});

test('groups are ordered largest reclaimed first; calm groups without findings are left out', () => {
  const c = new ReportCollector();
  c.push(sample(0, host('soft'), [group(1, 'small', { MCTLSZ: 10 }), group(2, 'big', { MCTLSZ: 900 }), group(3, 'calm', {}), group(4, 'reserved', { AMIN: 1024 })]));
  const r = c.finish(INFO, [], null);
  assert.deepEqual(r.groups.map((g) => g.name), ['big', 'small', 'reserved']);
});

test('over 20,000 samples the series stay within their buckets and transitions are capped', () => {
  const c = new ReportCollector();
  const n = 20_000;
  for (let i = 0; i < n; i++) c.push(sample(i, host(i % 2 ? 'soft' : 'clear'), [group(1, 'vm1', { MCTLSZ: i % 100 })]));
  const r = c.finish(INFO, [], null);
  assert.equal(r.transitions.length, MAX_TRANSITIONS);
  assert.equal(r.transitions.length + r.transitionsOmitted, n - 1);
  assert.ok(r.charts.times.length <= 400 && r.charts.times.length >= 200, `${r.charts.times.length} buckets`);
  const s = r.charts.groups.get(1)!.balloon!;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < r.charts.times.length; i++) {
    lo = Math.min(lo, s.min[i]);
    hi = Math.max(hi, s.max[i]);
  }
  assert.deepEqual([lo, hi], [0, 99], 'every bucket keeps the extremes of its samples');
});

test('downsampled series: min and max per bucket, gaps stay gaps, time order kept through halving', () => {
  const d = new DownsampledSeries(4);
  const values = [5, null, 7, 1, 9, 2, null, null, 4];
  values.forEach((v, i) => {
    d.begin(1000 * i);
    d.add('x', v);
  });
  // 9 samples in 4 buckets: halved twice, 4 samples per bucket.
  assert.equal(d.samplesPerBucket, 4);
  assert.deepEqual(d.times(), [0, 4000, 8000]);
  const s = d.get('x')!;
  assert.deepEqual([...s.min.slice(0, 3)], [1, 2, 4]);
  assert.deepEqual([...s.max.slice(0, 3)], [7, 9, 4]);
  const g = new DownsampledSeries(4);
  g.begin(0);
  g.add('y', null);
  g.begin(1);
  g.add('y', 3);
  assert.ok(Number.isNaN(g.get('y')!.min[0]), 'a missing value is a gap, not 0');
});
