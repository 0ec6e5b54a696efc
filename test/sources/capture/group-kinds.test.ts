/**
 * VMs, user worlds and system groups are told apart by the capture's
 * structure (VMX worlds and VmWait in full captures; VMM overhead and balloon
 * limits in memory-only ones), never by their names: renaming the VMs to
 * `hostd.123` or `sh`, or a user world to a VM's name, changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Sample } from '../../../src/sample/sample';
import { capture } from '../../support/paths';
import { readCapture } from './read';
import { memoryCapture, memoryOnlyCopy, renameInPath, tempDir, toCsv, write } from './synthetic';

const VMS = ['ananke', 'hermes', 'ouranos', 'portunus', 'poseidon', 'styx'];
/** New names that look like user worlds or shells, or like nothing. */
const VM_RENAMES: Record<string, string> = { styx: 'hostd.123', portunus: 'sh', hermes: 'vpxa.67409', ananke: 'init', ouranos: 'x', poseidon: 'busybox.5' };
const UW_RENAMES: Record<string, string> = { 'hostd.66694': 'poseidon2', 'sh.65828': 'sqlserver' };

const kinds = (s: Sample) => new Map(s.groups.map((g) => [g.gid, g.kind]));

function renameEverywhere(text: string, rename: Record<string, string>): string {
  let out = text;
  for (const [from, to] of Object.entries(rename)) out = out.replace(new RegExp(`(?<=[(:])${from.replace(/\./g, '\\.')}(?=[):])`, 'g'), to);
  return out;
}

test('esxi65-ballooning-a.csv: the six VMs are VMs, every other group is a user world', async () => {
  const { samples } = await readCapture(capture('esxi65-ballooning-a.csv'));
  const byKind = (k: string) => samples[0].groups.filter((g) => g.kind === k).map((g) => g.name).sort();
  assert.deepEqual(byKind('vm'), VMS);
  assert.equal(byKind('system').length, 0);
  assert.ok(byKind('userworld').includes('hostd.66694'));
  assert.equal(byKind('userworld').length, samples[0].groups.length - 6);
  for (const s of samples) assert.deepEqual(kinds(s), kinds(samples[0]), 'kinds do not change from sample to sample');
});

test('esxi65-ballooning-b.csv (fewer counters): the same six VMs', async () => {
  const { samples } = await readCapture(capture('esxi65-ballooning-b.csv'));
  assert.deepEqual(samples[0].groups.filter((g) => g.kind === 'vm').map((g) => g.name).sort(), VMS);
});

test('memory-only captures (no Vcpu or Group Cpu columns, like balloontop -b output): the same kinds, from the values', async (t) => {
  const full = await readCapture(capture('esxi65-ballooning-a.csv'));
  const rows = memoryOnlyCopy(capture('esxi65-ballooning-a.csv'));
  assert.ok(rows[0].every((c, i) => i === 0 || /\\(Memory|Group Memory\(.*\))\\/.test(c)), 'only memory columns are left');
  assert.ok(!rows[0].some((c) => c.includes('\\Vcpu(') || c.includes('\\Group Cpu(')));
  const mem = await readCapture(write(tempDir(t), 'memory-only.csv', toCsv(rows)));
  assert.deepEqual(kinds(mem.samples[0]), kinds(full.samples[0]));
  assert.deepEqual(mem.samples[0].groups.map((g) => g.values), full.samples[0].groups.map((g) => g.values), 'and the same values');
});

test('not name-based: VMs renamed hostd.123, sh, ... stay VMs; user worlds renamed like VMs do not become VMs (full capture)', async (t) => {
  const original = await readCapture(capture('esxi65-ballooning-a.csv'));
  const text = renameEverywhere(readFileSync(capture('esxi65-ballooning-a.csv'), 'latin1'), { ...VM_RENAMES, ...UW_RENAMES });
  assert.ok(text.includes('Group Memory(1302698:hostd.123)') && text.includes('Vcpu(1302698:hostd.123:'), 'the copy is renamed');
  const renamed = await readCapture(write(tempDir(t), 'renamed.csv', Buffer.from(text, 'latin1')));
  const names = new Map(renamed.samples[0].groups.map((g) => [g.gid, g.name]));
  assert.equal(names.get(1302698), 'hostd.123');
  assert.equal(names.get(5481), 'poseidon2');
  const vms = renamed.samples[0].groups.filter((g) => g.kind === 'vm').map((g) => g.name).sort();
  assert.deepEqual(vms, Object.values(VM_RENAMES).sort());
  const before = kinds(original.samples[0]);
  for (const [gid, kind] of kinds(renamed.samples[0])) {
    if (kind === 'vm' || before.get(gid) === 'vm') assert.equal(kind, before.get(gid), `GID ${gid}`);
  }
  assert.notEqual(renamed.samples[0].groups.find((g) => g.gid === 5481)!.kind, 'vm');
});

test('not name-based, memory-only: renamed VMs stay VMs, renamed user worlds do not become VMs', async (t) => {
  const rows = memoryOnlyCopy(capture('esxi65-ballooning-a.csv'), { ...VM_RENAMES, ...UW_RENAMES });
  const { samples } = await readCapture(write(tempDir(t), 'renamed-memory-only.csv', toCsv(rows)));
  const vms = samples[0].groups.filter((g) => g.kind === 'vm').map((g) => g.name).sort();
  assert.deepEqual(vms, Object.values(VM_RENAMES).sort());
  assert.notEqual(samples[0].groups.find((g) => g.gid === 5481)!.kind, 'vm');
  assert.equal(renameInPath('\\\\h\\Group Memory(1:styx)\\Members', { styx: 'sh' }), '\\\\h\\Group Memory(1:sh)\\Members');
});

test('memory-only synthetic capture: a VMM overhead or balloon limit makes a VM; <program>.<id> without them a user world; else system', async (t) => {
  const groups = [
    { gid: 100, name: 'hostd.77' }, // a VM with a user-world-like name: overhead reservation
    { gid: 101, name: 'sh' }, // a VM without balloon driver: overhead only
    { gid: 102, name: 'hostd.66694' }, // a user world
    { gid: 103, name: 'helper' }, // neither
  ];
  const counters = ['Memory Size MBytes', 'Memctl Max MBytes', 'Overhead Max MBytes'];
  const values: Record<number, string[]> = { 100: ['2048', '1300.15', '31.80'], 101: ['1024', '0.00', '26.18'], 102: ['140.5', '0.00', '0.00'], 103: ['12', '0.00', '0.00'] };
  const rows = memoryCapture({ groups, hostCounters: ['Free MBytes'], groupCounters: counters, value: (_s, c) => (c === 1 ? '590' : values[groups[Math.floor((c - 2) / 3)].gid][(c - 2) % 3]) });
  const { samples } = await readCapture(write(tempDir(t), 'synthetic.csv', toCsv(rows)));
  assert.deepEqual(
    samples[0].groups.map((g) => [g.name, g.kind]),
    [
      ['hostd.77', 'vm'],
      ['sh', 'vm'],
      ['hostd.66694', 'userworld'],
      ['helper', 'system'],
    ],
  );
});
