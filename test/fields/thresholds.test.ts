/**
 * Alarms only where they mean something: every threshold of the registry,
 * tried on every kind of group in every host state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellAttention, THRESHOLDS } from '../../src/fields/thresholds';
import type { CounterId } from '../../src/fields/group-fields';
import { MEM_STATES } from '../../src/sample/mem-state';
import type { Group } from '../../src/sample/sample';
import { makeGroup } from '../support/groups';

/** Values that set off every threshold there is: no balloon driver, a full balloon, swap and swap traffic. */
const WORST = { 'MCTL?': 0, MCTLSZ: 1302, MCTLTGT: 1300.15, MCTLMAX: 1300.15, SWCUR: 459.8, 'SWR/s': 12.5, 'SWW/s': 3.25 } as const;

test('a user world or a system group is never an alarm, whatever its values and the host state', () => {
  for (const kind of ['userworld', 'system'] as const) {
    const g: Group = makeGroup(5481, 'hostd.66694', kind, WORST);
    for (const state of [...MEM_STATES, null]) {
      for (const id of Object.keys(THRESHOLDS) as CounterId[]) {
        assert.notEqual(cellAttention(id, g, state)?.level, 'alarm', `${kind} ${id} in ${state}`);
      }
      assert.equal(cellAttention('MCTL?', g, state), null, 'no balloon driver to miss');
      assert.equal(cellAttention('MCTLSZ', g, state), null, 'no balloon');
    }
    // What a user world has swapped went to the host's system swap: worth a notice.
    assert.deepEqual(cellAttention('SWCUR', g, 'soft'), { level: 'notice', mark: '' });
  }
});

test('a VM with the same values: every alarm it deserves', () => {
  const vm = makeGroup(1303673, 'portunus', 'vm', WORST);
  assert.deepEqual(cellAttention('MCTL?', vm, 'hard'), { level: 'alarm', mark: '' });
  assert.equal(cellAttention('MCTL?', vm, 'high'), null, 'no driver is no problem while nothing is reclaimed');
  assert.deepEqual(cellAttention('MCTLSZ', vm, 'clear'), { level: 'alarm', mark: '!' });
  for (const id of ['SWCUR', 'SWR/s', 'SWW/s'] as const) assert.deepEqual(cellAttention(id, vm, 'clear'), { level: 'alarm', mark: '' }, id);
});

test('a colour never sits on a cell that shows 0.00: a rate of 0.004 MB/s is not swapping', () => {
  const vm = makeGroup(1, 'vm1', 'vm', { SWCUR: 0.004, 'SWR/s': 0.004, 'SWW/s': 0.0049, MCTLSZ: 0.001, MCTLMAX: 600 });
  for (const id of ['SWCUR', 'SWR/s', 'SWW/s', 'MCTLSZ'] as const) assert.equal(cellAttention(id, vm, 'soft'), null, id);
  assert.deepEqual(cellAttention('SWR/s', makeGroup(1, 'vm1', 'vm', { 'SWR/s': 0.005 }), 'soft'), { level: 'alarm', mark: '' }, '0.005 shows as 0.01');
});
