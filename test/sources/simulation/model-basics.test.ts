import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minFreeMB, managedMB } from '../../../src/sources/simulation/model/min-free';
import { nextState, upperBoundary, lowerBoundary } from '../../../src/sources/simulation/model/state-machine';
import { Prng } from '../../../src/sources/simulation/model/prng';
import { parseTimeSpec } from '../../../src/sources/simulation/scenario/time-spec';
import { allocateByShares } from '../../../src/sources/simulation/model/reclaim-split';

test('minFree follows the sliding scale: 8043 MB managed gives 403 MB (the real capture)', () => {
  assert.equal(minFreeMB(8043), 403);
  assert.equal(managedMB(8083), 8043);
  assert.equal(minFreeMB(4096), 245);
  // 6% of 4 GB + 4% of 8 GB + 2% of 16 GB + 1% of the rest.
  assert.equal(minFreeMB(65536), Math.floor(4096 * 0.06 + 8192 * 0.04 + 16384 * 0.02 + 36864 * 0.01));
});

test('states: worse at once below the lower boundary, better only above the upper boundary', () => {
  assert.equal(nextState('high', 3.99), 'clear');
  assert.equal(nextState('clear', 4.2), 'clear', 'between 400% and 440% stays clear');
  assert.equal(nextState('clear', 4.4), 'high');
  assert.equal(nextState('clear', 0.99), 'soft');
  assert.equal(nextState('soft', 1.05), 'soft', 'hysteresis');
  assert.equal(nextState('soft', 1.1), 'clear');
  assert.equal(nextState('high', 0.2), 'low', 'several states at once');
  assert.equal(nextState('low', 0.34), 'low');
  assert.equal(nextState('low', 5), 'high');
  assert.equal(nextState('hard', 0.63), 'hard');
  assert.equal(nextState('hard', 0.71), 'soft');
  for (const s of ['clear', 'soft', 'hard', 'low'] as const) assert.ok(upperBoundary(s) > lowerBoundary(s));
});

test('the PRNG repeats for a seed and differs between seeds and streams', () => {
  const a = new Prng(42);
  const b = new Prng(42);
  const seqA = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(seqA, Array.from({ length: 5 }, () => b.next()));
  assert.notDeepEqual(seqA, Array.from({ length: 5 }, ((p) => () => p.next())(new Prng(43))));
  assert.notDeepEqual(seqA, Array.from({ length: 5 }, ((p) => () => p.next())(new Prng(42, 1))));
  for (const x of seqA) assert.ok(x >= 0 && x < 1);
});

test('scenario times: seconds, units and m:ss', () => {
  assert.equal(parseTimeSpec(90), 90);
  assert.equal(parseTimeSpec('90s'), 90);
  assert.equal(parseTimeSpec('2m'), 120);
  assert.equal(parseTimeSpec('1:30'), 90);
  assert.equal(parseTimeSpec('1:02:03'), 3723);
  assert.equal(parseTimeSpec('1:75'), null);
  assert.equal(parseTimeSpec('soon'), null);
  assert.equal(parseTimeSpec(-1), null);
});

test('share allocation: keeps the total, respects bounds, favours shares and taxes idle memory', () => {
  const f = (xs: number[]) => Float64Array.from(xs);
  const out = new Float64Array(3);
  // Equal shares and size: the idle VM (little active) keeps less.
  allocateByShares({ shares: f([40960, 40960, 40960]), active: f([3000, 500, 2000]), lo: f([0, 0, 0]), hi: f([4000, 4000, 4000]), base: f([0, 0, 0]) }, 9000, out);
  assert.ok(Math.abs(out[0] + out[1] + out[2] - 9000) < 0.01);
  assert.ok(out[1] < out[2] && out[2] < out[0], [...out].join(','));
  // Equal activity: twice the shares keeps more.
  allocateByShares({ shares: f([20480, 81920, 40960]), active: f([1000, 1000, 1000]), lo: f([0, 0, 0]), hi: f([4000, 4000, 4000]), base: f([0, 0, 0]) }, 9000, out);
  assert.ok(out[0] < out[2] && out[2] < out[1], [...out].join(','));
  // Bounds: a reservation is kept, a limit caps.
  allocateByShares({ shares: f([40960, 40960, 40960]), active: f([100, 3000, 3000]), lo: f([3500, 0, 0]), hi: f([4000, 4000, 1000]), base: f([0, 0, 0]) }, 7000, out);
  assert.ok(out[0] >= 3500 && out[2] <= 1000);
  assert.ok(Math.abs(out[0] + out[1] + out[2] - 7000) < 0.01);
  // Enough for everyone: all keep what they hold; too little: the bounds.
  allocateByShares({ shares: f([1, 1, 1]), active: f([1, 1, 1]), lo: f([1, 2, 3]), hi: f([10, 20, 30]), base: f([0, 0, 0]) }, 100, out);
  assert.deepEqual([...out], [10, 20, 30]);
  allocateByShares({ shares: f([1, 1, 1]), active: f([1, 1, 1]), lo: f([1, 2, 3]), hi: f([10, 20, 30]), base: f([0, 0, 0]) }, 0, out);
  assert.deepEqual([...out], [1, 2, 3]);
  // VMs alike but for their overhead (charged to them): the one with the larger overhead keeps less of its guest's memory.
  allocateByShares({ shares: f([40960, 40960, 40960]), active: f([4000, 4000, 4000]), lo: f([0, 0, 0]), hi: f([4000, 4000, 4000]), base: f([60, 70, 80]) }, 9000, out);
  assert.ok(Math.abs(out[0] + out[1] + out[2] - 9000) < 0.01);
  assert.ok(out[0] > out[1] && out[1] > out[2], [...out].join(','));
});
