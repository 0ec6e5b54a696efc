import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pacer } from '../../src/output/pacer';

test('a realtime source is asked once per period; a late sample does not cause a burst', () => {
  let now = 1000;
  const p = new Pacer(5000, () => now);
  assert.equal(p.take(), 0, 'the first sample at once');
  now += 1200; // the host took 1.2 s to answer
  assert.equal(p.take(), 3800, 'the next one 5 s after the first');
  now += 3800 + 9000; // a very slow answer: 9 s
  assert.equal(p.take(), 0, 'late: ask at once');
  now += 100;
  assert.equal(p.take(), 4900, 'then one period after that tick, not a catch-up burst');
});
