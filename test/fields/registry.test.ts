import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_GROUPS, ALL_COLUMNS, COUNTER_COLUMNS, DEFAULT_MEMORY_FIELDS, columnByBatchCounter, fieldGroup } from '../../src/fields/registry';
import { HOST_COUNTERS, hostCounterByBatchName } from '../../src/fields/host-counters';
import { cellAttention } from '../../src/fields/thresholds';
import { formatCell } from '../../src/fields/format';
import type { Group } from '../../src/sample/sample';

test('the registry has the 17 field groups A to Q in order', () => {
  assert.equal(FIELD_GROUPS.map((g) => g.letter).join(''), 'ABCDEFGHIJKLMNOPQ');
});

test('the default memory line is ESXi 6\'s aBcDefgHijKLmnOpq', () => {
  assert.equal(DEFAULT_MEMORY_FIELDS, 'aBcDefgHijKLmnOpq');
});

test('47 per-group batch counters and 24 host counters, each named once', () => {
  assert.equal(COUNTER_COLUMNS.length, 47);
  assert.equal(new Set(COUNTER_COLUMNS.map((c) => c.batchCounter)).size, 47);
  assert.equal(HOST_COUNTERS.length, 24);
  assert.equal(new Set(HOST_COUNTERS.map((c) => c.batchCounter)).size, 24);
  assert.equal(new Set(ALL_COLUMNS.map((c) => c.id)).size, ALL_COLUMNS.length);
});

test('the MCTL group J holds MCTL? MCTLSZ MCTLTGT MCTLMAX from the Memctl counters', () => {
  const j = fieldGroup('j');
  assert.ok(j);
  assert.deepEqual(j.columns.map((c) => c.id), ['MCTL?', 'MCTLSZ', 'MCTLTGT', 'MCTLMAX']);
  assert.deepEqual(j.columns.map((c) => c.batchCounter), ['Memctl?', 'Memctl MBytes', 'Memctl Target MBytes', 'Memctl Max MBytes']);
  assert.equal(j.defaultVisible, false);
  assert.equal(columnByBatchCounter('Swap Read MBytes/sec')?.id, 'SWR/s');
  assert.equal(hostCounterByBatchName('Memctl Current MBytes')?.id, 'memctlCurrent');
  assert.equal(hostCounterByBatchName('MemCtl Current MBytes'), undefined, 'esxtop writes Memctl, not MemCtl');
});

function group(values: Record<string, number | null>): Group {
  return { gid: 1, name: 'vm', kind: 'vm', values, extra: {} };
}

test('thresholds: ballooning is a notice, at MCTLMAX an alarm with a mark, swap an alarm', () => {
  const sz = columnByBatchCounter('Memctl MBytes')!;
  assert.equal(cellAttention(sz, group({ MCTLSZ: 0, MCTLMAX: 100 }), 'clear'), null);
  assert.deepEqual(cellAttention(sz, group({ MCTLSZ: 10, MCTLMAX: 100 }), 'clear'), { level: 'notice', mark: '' });
  assert.deepEqual(cellAttention(sz, group({ MCTLSZ: 1302, MCTLMAX: 1300.15 }), 'clear'), { level: 'alarm', mark: '!' });
  const swcur = columnByBatchCounter('Swapped MBytes')!;
  assert.deepEqual(cellAttention(swcur, group({ SWCUR: 0.01 }), 'high'), { level: 'alarm', mark: '' });
  assert.equal(cellAttention(swcur, group({ SWCUR: null }), 'high'), null, 'missing is not zero and not an alarm');
  const flag = columnByBatchCounter('Memctl?')!;
  assert.equal(cellAttention(flag, group({ 'MCTL?': 0 }), 'clear'), null);
  assert.deepEqual(cellAttention(flag, group({ 'MCTL?': 0 }), 'soft'), { level: 'alarm', mark: '' });
});

test('cells format as esxtop prints them, missing as -', () => {
  const g = group({ MCTLSZ: 1302, 'MCTL?': 1, SWCUR: null, NWLD: 8 });
  assert.equal(formatCell(columnByBatchCounter('Memctl MBytes')!, g), '1302.00');
  assert.equal(formatCell(columnByBatchCounter('Memctl?')!, g), 'Y');
  assert.equal(formatCell(columnByBatchCounter('Swapped MBytes')!, g), '-');
  assert.equal(formatCell(columnByBatchCounter('Members')!, g), '8');
});
