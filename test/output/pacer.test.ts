import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pacer } from '../../src/output/pacer';

test('a realtime source is asked once per period, start to start', () => {
  let now = 1000;
  const p = new Pacer(5000, () => now);
  assert.equal(p.delay(), 0, 'the first sample at once');
  p.started();
  now += 1200; // the host took 1.2 s to answer
  p.answered();
  assert.equal(p.delay(), 3800, 'the next one 5 s after the first started');
});

test('after a slow answer (a reconnection that waited for a hung host) the next request waits half a period: no two samples milliseconds apart', () => {
  let now = 0;
  const p = new Pacer(4000, () => now);
  p.started();
  now += 9000; // the answer took 9 s: the beat is long past
  p.answered();
  assert.equal(p.delay(), 2000, 'half a period after the answer, not at once');
  now += 2000;
  p.started();
  now += 50; // a quick answer now that the host is back
  p.answered();
  assert.equal(p.delay(), 3950, 'then the steady beat again');
});

test('an answer close to the next beat pushes that beat to half a period after it', () => {
  let now = 0;
  const p = new Pacer(4000, () => now);
  p.started();
  now += 3500;
  p.answered();
  assert.equal(p.delay(), 2000);
});

test('a new period moves the next beat with it', () => {
  let now = 0;
  const p = new Pacer(5000, () => now);
  p.started();
  now += 100;
  p.answered();
  p.setPeriod(10_000);
  assert.equal(p.delay(), 9900);
});
