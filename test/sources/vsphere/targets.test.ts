/**
 * Picking what to watch on a vCenter whose names repeat: vcsim with two
 * datacenters whose cluster and standalone host share their names. Each is
 * picked by inventory path and by managed object id; a shared name is an
 * error naming each candidate. Then what the status line says of the hosts
 * (maintenance mode, a lost host) and who the sessions say balloontop is.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectVersion } from '../../../src/project';
import type { Group, Sample } from '../../../src/sample/sample';
import { isVsphereError } from '../../../src/sources/vsphere/vsphere-error';
import { vcsimForFile, type ClusterProfile, type HostProfile, type Vcsim } from '../../support/vcsim/vcsim';
import { AdminClient } from './admin-client';
import { assertHeader, expectedHeader } from './expected-header';
import { openLive } from './open-live';

const simOrSkip = vcsimForFile({ model: 'vpx', vms: 2, clusterHosts: 2, duplicateNames: true });

async function sampleOf(s: Vcsim, target: { host?: string; cluster?: string }): Promise<Sample> {
  const source = await openLive(s, { target: { host: target.host ?? null, cluster: target.cluster ?? null } });
  try {
    const sample = await source.next();
    assert.ok(sample);
    return sample;
  } finally {
    await source.close();
  }
}

function hostsOf(s: Vcsim, cluster: ClusterProfile): HostProfile[] {
  return s.hosts.filter((h) => h.path.startsWith(`${cluster.path}/`));
}

/** The sample shows exactly the VMs of these hosts, and a header that adds up from the simulator's figures. */
function assertShows(s: Vcsim, sample: Sample, hosts: readonly HostProfile[]): void {
  const refs = new Set(hosts.map((h) => h.ref));
  const vms = s.vms.filter((v) => refs.has(v.hostRef));
  assert.ok(vms.length > 0);
  assert.deepEqual(sample.groups.map((g) => g.name).sort(), vms.map((v) => v.name).sort());
  assertHeader(sample.host.values, expectedHeader(hosts, s.vms));
}

test('a host name two hosts share: a one-line error listing each with its path and id', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const twins = s.hosts.filter((h) => h.name === 'DC0_H0');
  assert.equal(twins.length, 2);
  await assert.rejects(openLive(s, { target: { host: 'DC0_H0', cluster: null } }), (err: unknown) => {
    assert.ok(isVsphereError(err, 'usage'));
    const msg = (err as Error).message;
    assert.ok(!msg.includes('\n'));
    assert.match(msg, /: 2 hosts match DC0_H0: /);
    for (const h of twins) assert.ok(msg.includes(`${h.path} (${h.ref})`), msg);
    assert.match(msg, /give --host a path or an id$/);
    return true;
  });
});

test('a cluster name two clusters share: the same, for --cluster', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  assert.equal(s.clusters.length, 2);
  await assert.rejects(openLive(s, { target: { host: null, cluster: 'DC0_C0' } }), (err: unknown) => {
    const msg = (err as Error).message;
    for (const c of s.clusters) assert.ok(msg.includes(`${c.path} (${c.ref})`), msg);
    assert.match(msg, /2 clusters match DC0_C0: .*give --cluster a path or an id$/);
    return true;
  });
});

test('each twin host picked by its path, by its compute resource\'s path and by its id', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  for (const h of s.hosts.filter((x) => x.name === 'DC0_H0')) {
    const byPath = await sampleOf(s, { host: h.path });
    assert.equal(byPath.host.hostname, 'DC0_H0');
    assertShows(s, byPath, [h]);
    const resourcePath = h.path.slice(0, h.path.lastIndexOf('/'));
    assert.deepEqual((await sampleOf(s, { host: resourcePath })).groups.map((g) => g.name), byPath.groups.map((g) => g.name));
    assert.deepEqual((await sampleOf(s, { host: `${h.path}/` })).groups.map((g) => g.name), byPath.groups.map((g) => g.name));
    const byId = await sampleOf(s, { host: h.ref });
    assert.deepEqual(byId.groups.map((g) => g.name), byPath.groups.map((g) => g.name));
  }
});

test('each twin cluster picked by its path and by its id, its header summed over its hosts', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  for (const c of s.clusters) {
    const byPath = await sampleOf(s, { cluster: c.path });
    assert.equal(byPath.host.hostname, 'DC0_C0');
    assertShows(s, byPath, hostsOf(s, c));
    const byId = await sampleOf(s, { cluster: c.ref });
    assert.deepEqual(byId.groups.map((g) => g.name), byPath.groups.map((g) => g.name));
  }
});

test('a unique name still works, and a wrong path or id lists what exists', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const unique = s.hosts.find((h) => h.name === 'DC1_C0_H0') as HostProfile;
  assertShows(s, await sampleOf(s, { host: 'DC1_C0_H0' }), [unique]);
  await assert.rejects(openLive(s, { target: { host: '/DC9/host/x', cluster: null } }), /no host at the path \/DC9\/host\/x on 127\.0\.0\.1:\d+; hosts: .*\/DC0\/host\/DC0_H0\/DC0_H0/);
  await assert.rejects(openLive(s, { target: { host: null, cluster: 'domain-c99' } }), /no cluster named domain-c99 on 127\.0\.0\.1:\d+; clusters: \/DC0\/host\/DC0_C0, \/DC1\/host\/DC0_C0/);
});

test('maintenance mode and a host vCenter lost show in the status line; a lost host\'s VMs have no counters', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const admin = await AdminClient.connect(s.url);
  const cluster = s.clusters[0];
  const [first, second] = hostsOf(s, cluster);
  const source = await openLive(s, { target: { host: null, cluster: cluster.ref } });
  t.after(() => source.close());
  await source.next();
  assert.doesNotMatch(source.status().message, /maintenance|disconnected/);
  assert.equal(source.status().note ?? '', '');
  await admin.maintenance(first.ref, true);
  await s.connection(second.ref, 'disconnected');
  t.after(async () => {
    await admin.maintenance(first.ref, false);
    await s.connection(second.ref, 'connected');
    await admin.close();
  });
  const sample = await source.next();
  assert.ok(sample);
  const st = source.status();
  assert.equal(st.state, 'connected');
  assert.match(st.message, new RegExp(`${first.name} in maintenance mode`));
  assert.match(st.message, new RegExp(`${second.name} disconnected`));
  // What a narrow status line keeps: the hosts' state, without the address.
  assert.equal(st.note, `${first.name} in maintenance mode, ${second.name} disconnected`);
  for (const vm of s.vms.filter((v) => v.hostRef === second.ref)) {
    const g: Group | undefined = sample.groups.find((x) => x.name === vm.name);
    assert.ok(g, vm.name);
    assert.equal(g.values.MCTLSZ, null, `${vm.name}: no counters from a lost host`);
    assert.equal(g.values.MEMSZ, vm.memoryMB, `${vm.name}: its configuration is still known`);
  }
  for (const vm of s.vms.filter((v) => v.hostRef === first.ref)) assert.notEqual(sample.groups.find((x) => x.name === vm.name)?.values.MCTLSZ, null);
});

test('requests carry User-Agent balloontop/VERSION: the session list tells balloontop\'s sessions apart', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const admin = await AdminClient.connect(s.url);
  t.after(() => admin.close());
  const source = await openLive(s, { target: { host: s.hosts[0].ref, cluster: null } });
  t.after(() => source.close());
  assert.ok((await admin.otherUserAgents()).includes(`balloontop/${projectVersion()}`));
});
