import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Sample } from '../../../src/sample/sample';
import { STATE_THRESHOLDS, stateForFreeRatio } from '../../../src/sample/mem-state';
import {
  arrayHistory,
  buildSeries,
  groupRateSpecs,
  groupSizeSpecs,
  hostFreeSpecs,
  hostRateSpecs,
  hostTotalSpecs,
  seriesMax,
  stateBoundaries,
} from '../../../screens/graph/series';
import { Timeline } from '../../../src/timeline/timeline';
import { captureSamples } from '../samples';
import { run } from '../../sources/simulation/sim-helpers';

const LONG = 5000;
let long: Sample[] | null = null;
/** 5,000 samples of the overcommit lesson, as fast as the simulator goes (5 s steps: about 7 hours of host time). */
function longHistory(): Sample[] {
  long ??= run('overcommit', LONG);
  return long;
}

function withFree(s: Sample, free: number | null): Sample {
  return { ...s, host: { ...s.host, values: { ...s.host.values, free } } };
}

test('series: the real capture gives its own free memory, minFree boundaries and totals, one point per sample', async () => {
  const samples = await captureSamples('esxi65-ballooning-a.csv');
  const h = arrayHistory(samples);
  const free = buildSeries(h, hostFreeSpecs(), 200);
  assert.equal(free.bucketSize, 1);
  assert.equal(free.times.length, 3);
  assert.deepEqual(free.times, samples.map((s) => s.time));
  assert.deepEqual(free.series[0].points, samples.map((s) => s.host.values.free));
  assert.equal(free.series[0].points[0], 590, 'PROVENANCE: Free 590 MB');
  const clear = free.series.find((s) => s.id === 'boundary-clear')!;
  const soft = free.series.find((s) => s.id === 'boundary-soft')!;
  assert.equal(clear.points[0], 403, 'PROVENANCE: MinFree 403 MB is the clear boundary');
  assert.ok(Math.abs((soft.points[0] as number) - 403 * 0.64) < 1e-9);
  const totals = buildSeries(h, hostTotalSpecs(), 200);
  assert.deepEqual(totals.series.map((s) => s.label), ['MEMCTL curr', 'MEMCTL target', 'SWAP curr', 'ZIP zipped']);
  assert.equal(totals.series[0].points[0], 5154, 'PROVENANCE: balloon 5154 MB host-wide');
  assert.equal(totals.series[2].points[0], 1150, 'PROVENANCE: swap used 1150 MB');
  assert.equal(totals.series[3].points[0], 173, 'PROVENANCE: compression 173 MB');
  const rates = buildSeries(h, hostRateSpecs(), 200);
  assert.deepEqual(rates.series[0].points, samples.map((s) => s.host.values.swapReadRate));
  // portunus: MCTLSZ 1302.00 at MCTLMAX 1300.15 (the dashboard test's oracle).
  const portunus = samples[0].groups.find((g) => g.name === 'portunus')!;
  const group = buildSeries(h, [...groupSizeSpecs(portunus.gid), ...groupRateSpecs(portunus.gid)], 200);
  assert.deepEqual(group.series.map((s) => s.id), ['MCTLSZ', 'MCTLTGT', 'MCTLMAX', 'SWCUR', 'SWR/s', 'SWW/s']);
  assert.equal(group.series[0].points[0], 1302);
  assert.equal((group.series[2].points[0] as number).toFixed(2), '1300.15');
});

test('series: the boundaries from minFree match mem-state.ts (the state of a ratio lies between its boundaries)', async () => {
  const b = stateBoundaries(403);
  assert.deepEqual(b.map((x) => x.state), ['clear', 'soft', 'hard', 'low']);
  for (const x of b) {
    assert.equal(x.fraction, STATE_THRESHOLDS[x.state]);
    assert.equal(x.mb, 403 * STATE_THRESHOLDS[x.state]);
    assert.equal(stateForFreeRatio(x.mb / 403), x.state, `free exactly at the ${x.state} line is ${x.state}`);
  }
  assert.ok(stateBoundaries(null).every((x) => x.mb === null), 'no minFree, no boundary (not 0)');
  // Reading the chart: free under the clear, soft, hard lines means soft, hard, low (the 16% line is low's VM-blocking edge).
  const fromLines = (free: number, minFree: number) => {
    const crossed = stateBoundaries(minFree).filter((x) => x.state !== 'low' && free < x.mb!).length;
    return crossed === 0 ? (free >= minFree * STATE_THRESHOLDS.high ? 'high' : 'clear') : (['soft', 'hard', 'low'] as const)[crossed - 1];
  };
  for (const ratio of [5, 4, 3.99, 1.5, 1, 0.99, 0.64, 0.5, 0.32, 0.31, 0.16, 0.1]) {
    assert.equal(fromLines(ratio * 403, 403), stateForFreeRatio(ratio), `free at ${ratio * 100}% of minFree`);
  }
  // The simulated lesson's own state word agrees with where free memory is against the lines, whenever it has no hysteresis to apply.
  let agree = 0;
  for (const s of longHistory().slice(0, 400)) {
    const { free, minFree } = s.host.values;
    if (free === null || minFree === null) continue;
    if (fromLines(free, minFree) === s.host.state) agree++;
  }
  assert.ok(agree > 300, `${agree} of 400 samples agree`);
});

test('series: 5,000 simulated samples in 200 points keep every bucket\'s min and max, and the extremes of the whole run', () => {
  const samples = longHistory();
  assert.equal(samples.length, LONG);
  const h = arrayHistory(samples);
  const set = buildSeries(h, hostFreeSpecs(), 200);
  assert.equal(set.times.length, 200);
  assert.equal(set.bucketSize, LONG / 100);
  const free = set.series[0].points as number[];
  const raw = samples.map((s) => s.host.values.free as number);
  assert.equal(Math.max(...free), Math.max(...raw));
  assert.equal(Math.min(...free), Math.min(...raw));
  // Bucket 37: samples 1850..1899, its two points are that range's extremes in time order.
  const part = raw.slice(1850, 1900);
  const [a, b] = [free[74], free[75]];
  assert.deepEqual([Math.min(a, b), Math.max(a, b)], [Math.min(...part), Math.max(...part)]);
  const minFirst = part.indexOf(Math.min(...part)) <= part.indexOf(Math.max(...part));
  assert.equal(a, minFirst ? Math.min(...part) : Math.max(...part));
  assert.equal(set.times[74], samples[1850].time);
  // A one-sample spike and a one-sample dip survive the downsampling.
  const spiky = samples.slice();
  spiky[3333] = withFree(spiky[3333], 1e6);
  spiky[1234] = withFree(spiky[1234], -5);
  const s2 = buildSeries(arrayHistory(spiky), hostFreeSpecs(), 200);
  assert.equal(seriesMax(s2), 1e6);
  assert.ok(s2.series[0].points.includes(1e6));
  assert.ok(s2.series[0].points.includes(-5));
  // The reclamation totals of the lesson go up somewhere (the balloon inflates).
  const totals = buildSeries(h, hostTotalSpecs(), 200);
  assert.ok(Math.max(...(totals.series[0].points as number[])) > 0);
});

test('series: missing values stay gaps (null), never 0, raw and bucketed', () => {
  const base = longHistory().slice(0, 1000);
  const holes = base.map((s, i) => (i % 7 === 3 || (i >= 500 && i < 600) ? withFree(s, null) : s));
  const raw = buildSeries(arrayHistory(holes.slice(0, 100)), hostFreeSpecs(), 200);
  raw.series[0].points.forEach((v, i) => {
    if (i % 7 === 3) assert.equal(v, null, `sample ${i} is a gap`);
    else assert.equal(v, holes[i].host.values.free);
  });
  // 1,000 samples in 100 points: buckets of 20; samples 500..599 (buckets 25..29) have no value at all.
  const set = buildSeries(arrayHistory(holes), hostFreeSpecs(), 100);
  const p = set.series[0].points;
  for (let b = 25; b < 30; b++) assert.deepEqual([p[2 * b], p[2 * b + 1]], [null, null], `bucket ${b} is a gap`);
  assert.equal(p.filter((v) => v === null).length, 10);
  assert.ok(!p.includes(0), 'no gap was drawn as 0');
  const minFree = buildSeries(arrayHistory([{ ...base[0], host: { ...base[0].host, values: { ...base[0].host.values, minFree: null } } }]), hostFreeSpecs(), 10);
  assert.ok(minFree.series.slice(1).every((s) => s.points[0] === null), 'no minFree: the boundaries are gaps');
});

test('series: the Timeline reads the same series from packed history, up to the current sample', () => {
  const samples = longHistory().slice(0, 600);
  const t = new Timeline({ maxHistory: 5000 });
  for (const s of samples) t.push(s);
  t.last();
  const gid = samples[0].groups.find((g) => g.kind === 'vm')!.gid;
  const specs = [...hostFreeSpecs(), ...hostTotalSpecs(), ...groupSizeSpecs(gid), ...groupRateSpecs(gid)];
  assert.deepEqual(buildSeries(t, specs, 300), buildSeries(arrayHistory(samples), specs, 300));
  assert.deepEqual(buildSeries(t, specs, 2000), buildSeries(arrayHistory(samples), specs, 2000));
  // Stepping back moves the graph's end.
  t.seek(samples[99].time);
  const upTo = buildSeries(t, specs, 2000);
  assert.equal(upTo.samples, 100);
  assert.equal(upTo.times[upTo.times.length - 1], samples[99].time);
  assert.deepEqual(upTo, buildSeries(arrayHistory(samples.slice(0, 100)), specs, 2000));
  assert.equal(t.groupValueAt(0, -12345, 'MCTLSZ'), null, 'an absent group is missing, not 0');
});

test('series: every real capture, including the spreadsheet round trip with host counters only (514 samples), raw and downsampled', async () => {
  for (const name of ['esxi65-ballooning-b.csv', 'excel-resaved.csv']) {
    const samples = await captureSamples(name);
    const h = arrayHistory(samples);
    const raw = buildSeries(h, [...hostFreeSpecs(), ...hostTotalSpecs(), ...hostRateSpecs()], 10_000);
    assert.equal(raw.times.length, samples.length, name);
    for (const s of raw.series) {
      const spec = [...hostFreeSpecs(), ...hostTotalSpecs(), ...hostRateSpecs()].find((x) => x.id === s.id)!;
      assert.deepEqual(s.points, samples.map((_, i) => spec.read(h, i)), `${name} ${s.id}`);
    }
    // Counters a capture lacks are gaps, not 0.
    for (const s of raw.series) {
      samples.forEach((smp, i) => {
        const id = s.id.startsWith('boundary-') ? 'minFree' : s.id;
        if (smp.host.values[id as keyof typeof smp.host.values] === null) assert.equal(s.points[i], null, `${name} ${s.id} at ${i}`);
      });
    }
    const small = buildSeries(h, hostFreeSpecs(), 40);
    assert.ok(small.times.length <= 40, name);
    const all = samples.map((s) => s.host.values.free).filter((v): v is number => v !== null);
    const drawn = small.series[0].points.filter((v): v is number => v !== null);
    if (all.length > 0) {
      assert.equal(Math.max(...drawn), Math.max(...all), `${name}: the max survives`);
      assert.equal(Math.min(...drawn), Math.min(...all), `${name}: the min survives`);
    }
  }
  const b = await captureSamples('esxi65-ballooning-b.csv');
  assert.equal(buildSeries(arrayHistory(b), hostTotalSpecs(), 100).series[0].points[0], 5324, 'PROVENANCE: balloon 5324 MB');
  assert.equal(buildSeries(arrayHistory(b), hostTotalSpecs(), 100).series[2].points[0], 1567, 'PROVENANCE: swap 1567 MB');
  const excel = await captureSamples('excel-resaved.csv');
  assert.equal(excel.length, 514);
  assert.equal(buildSeries(arrayHistory(excel), hostFreeSpecs(), 100).bucketSize, 514 / 50);
});
