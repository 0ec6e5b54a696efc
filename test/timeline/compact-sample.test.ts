import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compact, expand } from '../../src/timeline/compact-sample';
import { Timeline } from '../../src/timeline/timeline';
import { captureSamples } from '../screens/samples';
import type { Sample } from '../../src/sample/sample';
import { makeGroup } from '../support/groups';

test('packing a real sample loses nothing: groups, counters, missing values, host, notes', async () => {
  for (const file of ['esxi65-ballooning-a.csv', 'esxi65-ballooning-b.csv']) {
    for (const s of await captureSamples(file)) assert.deepEqual(expand(compact(s)), s, file);
  }
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const odd: Sample = {
    ...first,
    notes: [{ text: 'swap starts', pause: true }],
    groups: [
      makeGroup(7, 'x', 'system', { MCTLSZ: null, SWCUR: 0 }, { 'Some Counter': 1 }),
      makeGroup(2 ** 40, 'big gid', 'vm'),
    ],
  };
  const back = expand(compact(odd));
  assert.equal(back.groups[0].values.MCTLSZ, null);
  assert.equal(back.groups[0].values.SWCUR, 0, '0 stays 0, not missing');
  assert.deepEqual(back.groups[0].extra, { 'Some Counter': 1 });
  assert.equal(back.groups[1].gid, 2 ** 40);
  assert.equal(back.groups[1].values.MEMSZ, null, 'absent counters come back as missing');
  assert.deepEqual(back.notes, odd.notes);
});

test('a long history packs old samples and gives them back intact, same object while current', async () => {
  const samples = await captureSamples('esxi65-ballooning-a.csv');
  const t = new Timeline();
  for (let i = 0; i < 40; i++) t.push({ ...samples[i % 3], time: samples[0].time + i * 5000 });
  t.first();
  const a = t.current!;
  assert.equal(t.current, a, 'stable identity (the frame memo relies on it)');
  assert.deepEqual(a.groups, samples[0].groups);
  assert.equal(a.time, samples[0].time);
  t.step(1);
  assert.deepEqual(t.current.groups, samples[1].groups);
  assert.equal(t.msUntilNext(), 5000);
});

test('history is bounded by packed bytes too: a big host keeps fewer samples, the newest stay', async () => {
  const samples = await captureSamples('esxi65-ballooning-a.csv');
  const perSample = samples[0].groups.length * 47 * 8;
  const t = new Timeline({ maxPackedBytes: perSample * 10 });
  for (let i = 0; i < 100; i++) t.push({ ...samples[i % 3], time: samples[0].time + i * 5000 });
  // 16 newest kept whole + 10 packed.
  assert.equal(t.length, 26);
  assert.deepEqual(t.position(), { index: 1 + 74, total: 100, dropped: 74, complete: false });
  t.last();
  assert.equal(t.current!.time, samples[0].time + 99 * 5000);
  t.first();
  assert.deepEqual(t.current!.groups, samples[74 % 3].groups);
});
