import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COUNTER_IDS } from '../../../src/fields/registry';
import { HOST_COUNTER_IDS } from '../../../src/fields/host-counters';
import { GROUP_BATCH_COUNTERS, groupCounterByBatchName, HOST_BATCH_COUNTERS, hostCounterByBatchName } from '../../../src/sources/capture/esxtop-counters';

test('every registry counter has its own esxtop batch name', () => {
  assert.equal(new Set(COUNTER_IDS.map((id) => GROUP_BATCH_COUNTERS[id])).size, 47);
  assert.equal(new Set(HOST_COUNTER_IDS.map((id) => HOST_BATCH_COUNTERS[id])).size, 24);
});

test('batch names map back to registry ids, spelled as esxtop spells them', () => {
  assert.deepEqual(['MCTL?', 'MCTLSZ', 'MCTLTGT', 'MCTLMAX'].map((id) => GROUP_BATCH_COUNTERS[id as 'MCTLSZ']), ['Memctl?', 'Memctl MBytes', 'Memctl Target MBytes', 'Memctl Max MBytes']);
  assert.equal(groupCounterByBatchName('Swap Read MBytes/sec'), 'SWR/s');
  assert.equal(hostCounterByBatchName('Memctl Current MBytes'), 'memctlCurrent');
  assert.equal(hostCounterByBatchName('MemCtl Current MBytes'), undefined, 'esxtop writes Memctl, not MemCtl');
  assert.equal(groupCounterByBatchName('__proto__'), undefined);
});
