/**
 * Approximate values (a live host's derived fields) are marked in `--json`
 * and kept by recordings (and so by the feed, whose wire format they are);
 * samples without any are written exactly as before.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyHostValues } from '../../src/fields/host-counters';
import { jsonLine } from '../../src/output/json-lines';
import type { Sample } from '../../src/sample/sample';
import { decodeSample, encodeSample, fieldMap, isProblem, makeHeader } from '../../src/sources/recording/format';
import { makeGroup } from '../support/groups';

function sample(marked: boolean): Sample {
  const vm = makeGroup(42, 'web01', 'vm', { MEMSZ: 2048, MCTLMAX: 1331.2, SZTGT: 900 });
  const plain = makeGroup(43, 'db01', 'vm', { MEMSZ: 4096, MCTLMAX: 512 });
  if (marked) {
    vm.approximate = ['SZTGT', 'MCTLMAX'];
    plain.approximate = ['SZTGT'];
  }
  const host = { hostname: 'esx01', values: { ...emptyHostValues(), machine: 65536, free: 1200, memctlTarget: 300 }, state: null, extra: {} };
  return { time: Date.UTC(2024, 0, 1), host: marked ? { ...host, approximate: ['free', 'memctlTarget'] } : host, groups: [vm, plain] };
}

test('--json: "approximate" lists the host\'s and each group\'s approximate values, and is absent without any', () => {
  const o = JSON.parse(jsonLine(sample(true))) as { host: { approximate?: string[] }; groups: { approximate?: string[] }[] };
  assert.deepEqual(o.host.approximate, ['free', 'memctlTarget']);
  assert.deepEqual(o.groups.map((g) => g.approximate), [['SZTGT', 'MCTLMAX'], ['SZTGT']]);
  const plain = JSON.parse(jsonLine(sample(false))) as { host: object; groups: object[] };
  assert.ok(!('approximate' in plain.host));
  assert.ok(plain.groups.every((g) => !('approximate' in g)));
});

test('a recording keeps the marks; without marks a line is what it always was; unknown ids are dropped', () => {
  const header = makeHeader({ kind: 'live', label: 'https://esx01/sdk' }, 'esx01');
  const map = fieldMap(header.fields);
  const back = decodeSample(encodeSample(sample(true), header), header, map);
  assert.ok(!isProblem(back));
  assert.deepEqual(back.host.approximate, ['free', 'memctlTarget']);
  assert.deepEqual(back.groups.map((g) => g.approximate), [['SZTGT', 'MCTLMAX'], ['SZTGT']]);
  assert.deepEqual(back.groups[0].values, sample(true).groups[0].values);

  const line = encodeSample(sample(false), header);
  assert.ok(!line.includes('"ha"'));
  assert.equal((JSON.parse(line) as { g: unknown[][] }).g[0].length, 4, 'gid, name, kind, values: as before');

  const future = JSON.parse(encodeSample(sample(true), header)) as { ha: string[]; g: unknown[][] };
  future.ha.push('someFutureCounter');
  future.g[0][5] = ['MCTLMAX', 'NEWCOL'];
  const read = decodeSample(JSON.stringify(future), header, map);
  assert.ok(!isProblem(read));
  assert.deepEqual(read.host.approximate, ['free', 'memctlTarget']);
  assert.deepEqual(read.groups[0].approximate, ['MCTLMAX']);
  future.g[0][5] = 'MCTLMAX';
  const bad = decodeSample(JSON.stringify(future), header, map);
  assert.ok(isProblem(bad) && /approximate must list column ids/.test(bad.problem));
});
