import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timeline } from '../../src/timeline/timeline';
import { captureSamples } from '../screens/samples';
import type { Sample } from '../../src/sample/sample';

const T0 = Date.UTC(2018, 3, 24, 10, 49, 12);

function at(seconds: number, notes?: Sample['notes']): Sample {
  const real = { time: T0 + seconds * 1000, host: { hostname: null, values: {} as Sample['host']['values'], state: null, extra: {} }, groups: [] };
  return notes ? { ...real, notes } : real;
}

test('a capture: first sample current, step, first/last, position "i of n"', async () => {
  const samples = await captureSamples('esxi65-ballooning-a.csv');
  const t = new Timeline();
  assert.deepEqual(t.position(), { index: 0, total: 0, dropped: 0, complete: false });
  for (const s of samples) t.push(s);
  t.end();
  assert.equal(t.current, samples[0]);
  assert.deepEqual(t.position(), { index: 1, total: 3, dropped: 0, complete: true });
  assert.equal(t.step(1), true);
  assert.equal(new Date(t.current.time).toISOString(), '2018-04-24T10:49:17.000Z');
  assert.equal(t.last(), true);
  assert.equal(t.position().index, 3);
  assert.equal(t.step(1), false, 'no step past the end');
  assert.equal(t.first(), true);
  assert.equal(t.step(-1), false, 'no step before the start');
});

test('replay pacing: the gap between timestamps divided by the speed', async () => {
  const t = new Timeline({ speed: 1 });
  t.push(at(0));
  assert.equal(t.msUntilNext(), null, 'next sample not read yet');
  t.push(at(5));
  assert.equal(t.msUntilNext(), 5000);
  t.faster();
  assert.equal(t.speed, 2);
  assert.equal(t.msUntilNext(), 2500);
  t.slower();
  t.slower();
  assert.equal(t.msUntilNext(), 10000);
  assert.equal(t.setSpeed(1e9), 1024, 'speed is clamped');
  assert.equal(t.setSpeed(-3), 1, 'nonsense speed falls back to 1');
});

test('seek: the last sample at or before a time, the first when all are later', () => {
  const t = new Timeline();
  for (const s of [0, 5, 10, 20]) t.push(at(s));
  t.seek(T0 + 12_000);
  assert.equal(t.current!.time, T0 + 10_000);
  t.seek(T0 + 20_000);
  assert.equal(t.position().index, 4);
  t.seek(T0 - 60_000);
  assert.equal(t.position().index, 1);
  t.seek(T0 + 999_000);
  assert.equal(t.position().index, 4);
});

test('bounded history drops the oldest samples and keeps positions absolute', () => {
  const t = new Timeline({ maxHistory: 3 });
  for (let i = 0; i < 5; i++) t.push(at(i * 5));
  assert.equal(t.length, 3);
  assert.deepEqual(t.position(), { index: 3, total: 5, dropped: 2, complete: false });
  t.last();
  assert.equal(t.position().index, 5);
  t.first();
  assert.equal(t.current!.time, T0 + 10_000);
});

test('notes: the latest narration at or before the cursor; pause points', () => {
  const t = new Timeline();
  t.push(at(0));
  t.push(at(5, [{ text: 'the host enters soft state', pause: true }]));
  t.push(at(10));
  assert.deepEqual(t.notes(), []);
  assert.equal(t.currentWantsPause(), false);
  t.step(1);
  assert.equal(t.currentWantsPause(), true);
  t.step(1);
  assert.deepEqual(t.notes().map((n) => n.text), ['the host enters soft state']);
  assert.equal(t.currentWantsPause(), false);
  assert.equal(t.togglePause(), true);
  assert.equal(t.paused, true);
});
