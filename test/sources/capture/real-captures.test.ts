import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureSource } from '../../../src/sources/capture/capture-source';
import type { Sample } from '../../../src/sample/sample';
import { capture } from '../../support/paths';

async function readAll(path: string): Promise<Sample[]> {
  const src = await CaptureSource.open(path);
  const out: Sample[] = [];
  for (let s; (s = await src.next()); ) out.push(s);
  await src.close();
  return out;
}

test('esxi65-ballooning-a.csv: the oracle values of PROVENANCE.md', async () => {
  const samples = await readAll(capture('esxi65-ballooning-a.csv'));
  assert.equal(samples.length, 3);
  const first = samples[0];
  assert.equal(new Date(first.time).toISOString(), '2018-04-24T10:49:12.000Z');
  assert.equal(new Date(samples[2].time).toISOString(), '2018-04-24T10:49:22.000Z');
  const byName = new Map(first.groups.map((g) => [g.name, g]));
  const portunus = byName.get('portunus')!;
  assert.equal(portunus.gid, 1303673);
  assert.deepEqual(
    (['MEMSZ', 'MCTL?', 'MCTLSZ', 'MCTLTGT', 'MCTLMAX', 'SWCUR'] as const).map((k) => portunus.values[k]),
    [2097.16, 1, 1302.0, 1300.15, 1300.15, 459.8],
  );
  const poseidon = byName.get('poseidon')!;
  assert.equal(poseidon.gid, 1423953);
  assert.deepEqual((['MEMSZ', 'MCTLSZ', 'MCTLTGT', 'MCTLMAX', 'SWCUR'] as const).map((k) => poseidon.values[k]), [6222.84, 1230.57, 1230.57, 3875.56, 102.52]);
  const styx = byName.get('styx')!;
  assert.equal(styx.gid, 1302698);
  assert.deepEqual((['MCTL?', 'MCTLSZ', 'MCTLMAX', 'SWCUR'] as const).map((k) => styx.values[k]), [1, 0, 619.16, 11.25]);
  // Host header.
  const h = first.host.values;
  assert.equal(first.host.hostname, 'localhost.home');
  assert.equal(h.state, 1);
  assert.equal(first.host.state, 'clear');
  assert.equal(h.free, 590);
  assert.equal(h.minFree, 403);
  assert.equal(h.managed, 8043);
  assert.equal(h.memctlCurrent, 5154);
  assert.equal(h.swapUsed, 1150);
  assert.equal(h.zipped, 173);
  // Host totals equal the sums over the groups, within rounding.
  const sum = (k: 'MCTLSZ' | 'SWCUR') => first.groups.reduce((a, g) => a + (g.values[k] ?? 0), 0);
  assert.ok(Math.abs(sum('MCTLSZ') - h.memctlCurrent) < 1, `balloon sum ${sum('MCTLSZ')}`);
  assert.ok(Math.abs(sum('SWCUR') - h.swapUsed) < 1, `swap sum ${sum('SWCUR')}`);
});

test('esxi65-ballooning-a.csv: exactly the six VMs are VMs; hostd.66694 is a user world', async () => {
  const [first] = await readAll(capture('esxi65-ballooning-a.csv'));
  const vms = first.groups.filter((g) => g.kind === 'vm').map((g) => g.name).sort();
  assert.deepEqual(vms, ['ananke', 'hermes', 'ouranos', 'portunus', 'poseidon', 'styx']);
  const hostd = first.groups.find((g) => g.name === 'hostd.66694')!;
  assert.equal(hostd.kind, 'userworld');
  assert.equal(hostd.gid, 5481);
  assert.ok(first.groups.length > 50);
});

test('esxi65-ballooning-b.csv: counters absent from the capture are missing, not zero', async () => {
  const samples = await readAll(capture('esxi65-ballooning-b.csv'));
  assert.equal(samples.length, 3);
  assert.equal(new Date(samples[0].time).toISOString(), '2018-04-26T14:06:27.000Z');
  const vms = samples[0].groups.filter((g) => g.kind === 'vm').map((g) => g.name).sort();
  assert.deepEqual(vms, ['ananke', 'hermes', 'ouranos', 'portunus', 'poseidon', 'styx']);
  const portunus = samples[0].groups.find((g) => g.name === 'portunus')!;
  assert.equal(typeof portunus.values.SWCUR, 'number');
});

test('excel-resaved.csv: no quotes, no seconds, host counters only', async () => {
  const samples = await readAll(capture('excel-resaved.csv'));
  assert.equal(samples.length, 514);
  assert.equal(new Date(samples[0].time).toISOString(), '2015-03-26T22:42:00.000Z');
  assert.equal(samples[0].groups.length, 0);
  assert.equal(samples[0].host.values.kernel, 1087);
  assert.equal(samples[0].host.values.nonKernel, 1742);
  assert.equal(samples[0].host.values.free, null, 'not in the file: missing');
  assert.equal(samples[0].host.hostname, 'proma-2n-dhcp60.eng.vmware.com');
});
