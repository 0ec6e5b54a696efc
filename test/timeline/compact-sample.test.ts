import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compact, expand } from '../../src/timeline/compact-sample';
import { Timeline } from '../../src/timeline/timeline';
import { captureSamples } from '../screens/samples';
import type { Sample } from '../../src/sample/sample';

test('packing a real sample loses nothing: groups, counters, missing values, host, notes', async () => {
  for (const file of ['esxi65-ballooning-a.csv', 'esxi65-ballooning-b.csv']) {
    for (const s of await captureSamples(file)) assert.deepEqual(expand(compact(s)), s, file);
  }
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const odd: Sample = {
    ...first,
    notes: [{ text: 'swap starts', pause: true }],
    groups: [
      { gid: 7, name: 'x', kind: 'system', values: { MCTLSZ: null, SWCUR: 0, 'not-a-column': 3 }, extra: { 'Some Counter': 1 } },
      { gid: 2 ** 40, name: 'big gid', kind: 'vm', values: {}, extra: {} },
    ],
  };
  const back = expand(compact(odd));
  assert.equal(back.groups[0].values.MCTLSZ, null);
  assert.equal(back.groups[0].values.SWCUR, 0, '0 stays 0, not missing');
  assert.equal(back.groups[0].values['not-a-column'], 3);
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
  assert.deepEqual(t.current!.groups, samples[1].groups);
  assert.equal(t.msUntilNext(), 5000);
});
