/**
 * keepYoungGenerationSmall, which the live command calls: in a process that
 * keeps a poll's worth of objects alive while it allocates (what a live
 * poll of 1,000 VMs does), V8's young generation stays at its initial size
 * instead of growing to two 16 MB semispaces. The control, the same work
 * without the call, must grow: if a Node release stops reading the flag
 * after start, this test fails rather than the memory target quietly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const MODULE = join(__dirname, '..', '..', '..', 'src', 'sources', 'vsphere', 'young-generation.js');

/** Six "polls", each keeping 200,000 small objects alive until the next; the young generation's size before and after. */
const WORK = `
const v8 = require('node:v8');
const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
if (process.argv[1] === 'small') require(${JSON.stringify(MODULE)}).keepYoungGenerationSmall();
const initial = newSpace();
let kept = [];
for (let poll = 0; poll < 6; poll++) {
  kept = [];
  for (let i = 0; i < 200000; i++) kept.push({ i, s: 'x' + i });
}
process.stdout.write(JSON.stringify({ initial, after: newSpace(), kept: kept.length }));
`;

function youngGeneration(mode: 'default' | 'small'): { initial: number; after: number } {
  const r = spawnSync(process.execPath, ['-e', WORK, mode], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { initial: number; after: number };
}

test('a live session keeps V8\'s young generation near its initial size; without it, it grows', () => {
  const control = youngGeneration('default');
  assert.ok(control.after >= 8 * control.initial, `control: V8 grows its young generation (${control.initial} -> ${control.after} bytes)`);
  const small = youngGeneration('small');
  assert.ok(small.after <= 2 * small.initial, `kept small: ${small.initial} -> ${small.after} bytes`);
});
