/** A vCenter (vcsim's VPX model): choosing a host or a cluster. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isVsphereError } from '../../../src/sources/vsphere/vsphere-error';
import { vcsimForFile } from '../../support/vcsim/vcsim';
import { kbToMb, openLive } from './open-live';


const simOrSkip = vcsimForFile({ model: 'vpx', vms: 2, clusterHosts: 2 });

test('a vCenter with several hosts and no choice: a one-line error listing hosts and clusters', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  await assert.rejects(openLive(s), (err: unknown) => {
    assert.ok(isVsphereError(err, 'usage'));
    const msg = (err as Error).message;
    assert.ok(!msg.includes('\n'));
    assert.match(msg, /is a vCenter with 3 hosts: choose one with --host NAME \(DC0_C0_H0, DC0_C0_H1, DC0_H0\), or a cluster with --cluster NAME \(DC0_C0\)/);
    return true;
  });
});

test('--host NAME: only the VMs running on that host, and that host\'s header', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const name = 'DC0_H0';
  const source = await openLive(s, { target: { host: name, cluster: null } });
  try {
    const sample = await source.next();
    assert.ok(sample);
    const expected = s.vms.filter((v) => v.host === name);
    assert.ok(expected.length > 0);
    assert.deepEqual(sample.groups.map((g) => g.name), expected.map((v) => v.name));
    for (const vm of expected) assert.equal(sample.groups.find((g) => g.name === vm.name)?.values.MCTLSZ, kbToMb(vm.balloonKB));
    assert.equal(sample.host.hostname, name);
    const host = s.hosts.find((h) => h.name === name);
    assert.equal(sample.host.values.memctlCurrent, kbToMb(host?.balloonKB ?? NaN));
    assert.equal(sample.host.state, 'soft');
  } finally {
    await source.close();
  }
});

test('--cluster NAME: all VMs of the cluster, header summed over its hosts', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const source = await openLive(s, { target: { host: null, cluster: 'DC0_C0' } });
  try {
    const sample = await source.next();
    assert.ok(sample);
    const hosts = s.hosts.filter((h) => h.cluster === 'DC0_C0');
    assert.equal(hosts.length, 2);
    const expected = s.vms.filter((v) => hosts.some((h) => h.name === v.host));
    assert.deepEqual(sample.groups.map((g) => g.name), expected.map((v) => v.name));
    assert.equal(sample.host.hostname, 'DC0_C0');
    const total = hosts.reduce((a, h) => a + h.balloonKB, 0);
    assert.equal(sample.host.values.memctlCurrent, kbToMb(total));
    assert.equal(sample.host.values.swapUsed, kbToMb(hosts.reduce((a, h) => a + h.swapUsedKB, 0)));
  } finally {
    await source.close();
  }
});

test('an unknown host or cluster name lists what exists', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  await assert.rejects(openLive(s, { target: { host: 'esx99', cluster: null } }), /no host named esx99 on 127\.0\.0\.1:\d+; hosts: DC0_C0_H0, DC0_C0_H1, DC0_H0/);
  await assert.rejects(openLive(s, { target: { host: null, cluster: 'prod' } }), /no cluster named prod on 127\.0\.0\.1:\d+; clusters: DC0_C0/);
  await assert.rejects(openLive(s, { target: { host: 'DC0_H0', cluster: 'DC0_C0' } }), /choose one of --host and --cluster/);
});
