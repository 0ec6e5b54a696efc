import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_GROUPS, ALL_COLUMNS, COUNTER_COLUMNS, COUNTER_IDS, DEFAULT_MEMORY_FIELDS, ESXTOP_LETTERS, fieldGroup, getColumn } from '../../src/fields/registry';
import { HOST_COUNTERS } from '../../src/fields/host-counters';
import { cellAttention, describeThresholds, THRESHOLDS } from '../../src/fields/thresholds';
import { formatCell } from '../../src/fields/format';
import { makeGroup } from '../support/groups';

test("the registry has esxtop's 17 field groups A to Q in order, then balloontop's own R (REASON, from the diagnosis)", () => {
  assert.equal(FIELD_GROUPS.map((g) => g.letter).join(''), 'ABCDEFGHIJKLMNOPQR');
  assert.equal(ESXTOP_LETTERS.join(''), 'ABCDEFGHIJKLMNOPQ');
  const r = fieldGroup('r');
  assert.ok(r && !r.esxtop && !r.defaultVisible);
  assert.deepEqual(r.columns.map((c) => [c.id, c.source, c.width]), [['REASON', 'diagnosis', 12]]);
  assert.ok(!COUNTER_COLUMNS.some((c) => c.id === 'REASON'), 'REASON is not a counter: never in -b, --json or recordings');
});

test('the default memory line is ESXi 6\'s aBcDefgHijKLmnOpq', () => {
  assert.equal(DEFAULT_MEMORY_FIELDS, 'aBcDefgHijKLmnOpq');
});

test('47 per-group counters and 24 host counters; every column id once', () => {
  assert.equal(COUNTER_COLUMNS.length, 47);
  assert.equal(COUNTER_IDS.length, 47);
  assert.equal(HOST_COUNTERS.length, 24);
  assert.equal(new Set(ALL_COLUMNS.map((c) => c.id)).size, ALL_COLUMNS.length);
  assert.equal(new Set(HOST_COUNTERS.map((c) => c.id)).size, HOST_COUNTERS.length);
});

test('the MCTL group J holds MCTL? MCTLSZ MCTLTGT MCTLMAX, hidden by default', () => {
  const j = fieldGroup('j');
  assert.ok(j);
  assert.deepEqual(j.columns.map((c) => c.id), ['MCTL?', 'MCTLSZ', 'MCTLTGT', 'MCTLMAX']);
  assert.equal(j.defaultVisible, false);
});

test('thresholds: ballooning is a notice, at MCTLMAX an alarm with a mark, swap an alarm', () => {
  const vm = (given: Parameters<typeof makeGroup>[3]) => makeGroup(1, 'vm', 'vm', given);
  assert.equal(cellAttention('MCTLSZ', vm({ MCTLSZ: 0, MCTLMAX: 100 }), 'clear'), null);
  assert.deepEqual(cellAttention('MCTLSZ', vm({ MCTLSZ: 10, MCTLMAX: 100 }), 'clear'), { level: 'notice', mark: '' });
  assert.deepEqual(cellAttention('MCTLSZ', vm({ MCTLSZ: 1302, MCTLMAX: 1300.15 }), 'clear'), { level: 'alarm', mark: '!' });
  assert.deepEqual(cellAttention('MCTLSZ', vm({ MCTLSZ: 0, MCTLMAX: 0 }), 'clear'), null, 'MCTLMAX 0 (disabled) does not mark an empty balloon');
  assert.deepEqual(cellAttention('SWCUR', vm({ SWCUR: 0.01 }), 'high'), { level: 'alarm', mark: '' });
  assert.equal(cellAttention('SWCUR', vm({ SWCUR: null }), 'high'), null, 'missing is not zero and not an alarm');
  assert.equal(cellAttention('MCTL?', vm({ 'MCTL?': 0 }), 'clear'), null);
  assert.deepEqual(cellAttention('MCTL?', vm({ 'MCTL?': 0 }), 'soft'), { level: 'alarm', mark: '' });
  assert.equal(cellAttention('MEMSZ', vm({ MEMSZ: 4096 }), 'low'), null, 'a column without thresholds is never coloured');
});

test('MCTL? N is an alarm only on a VM: user worlds and system groups have no balloon driver', () => {
  for (const kind of ['userworld', 'system'] as const) {
    for (const state of ['soft', 'hard', 'low'] as const) {
      assert.equal(cellAttention('MCTL?', makeGroup(5481, 'hostd.66694', kind, { 'MCTL?': 0 }), state), null, `${kind} in ${state}`);
    }
  }
});

test('every threshold names counters of the registry and has a description for the colour legend', () => {
  for (const [id, list] of Object.entries(THRESHOLDS)) {
    assert.equal(getColumn(id as never).source, 'counter', id);
    for (const t of list ?? []) if (t.kind === 'atLeastColumn') assert.ok(COUNTER_IDS.includes(t.column), t.column);
  }
  const legend = describeThresholds();
  assert.equal(legend.length, Object.values(THRESHOLDS).reduce((n, l) => n + (l?.length ?? 0), 0));
  assert.ok(legend.some((l) => l.column === 'MCTLSZ' && l.text.includes('"!"')));
  assert.ok(legend.some((l) => l.column === 'MCTL?' && /on a VM/.test(l.text)));
});

test('cells format as esxtop prints them, missing as -', () => {
  const g = makeGroup(1, 'vm', 'vm', { MCTLSZ: 1302, 'MCTL?': 1, SWCUR: null, NWLD: 8 });
  assert.equal(formatCell(getColumn('MCTLSZ'), g), '1302.00');
  assert.equal(formatCell(getColumn('MCTL?'), g), 'Y');
  assert.equal(formatCell(getColumn('SWCUR'), g), '-');
  assert.equal(formatCell(getColumn('NWLD'), g), '8');
  assert.equal(formatCell(getColumn('GID'), g), '1');
  assert.equal(formatCell(getColumn('NAME'), g), 'vm');
});
