/** A live ESXi host (vcsim's ESX model): what the poller reads, maps and costs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Group } from '../../../src/sample/sample';
import { HOST_COUNTER_IDS } from '../../../src/fields/host-counters';
import { LIVE_COLUMN_GAPS } from '../../../src/sources/vsphere/live-gaps';
import { COUNTER_NAMES, HOST_FIELDS, VM_FIELDS } from '../../../src/sources/vsphere/registry-mapping';
import { vcsimForFile } from '../../support/vcsim/vcsim';
import { AdminClient } from './admin-client';
import { assertHeader, EXACT_HOST, expectedHeader } from './expected-header';
import { kbToMb, openLive } from './open-live';


const simOrSkip = vcsimForFile({ model: 'esx', vms: 5 });

test('every VM of the host maps onto the Sample with the injected values, KB to MB', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const source = await openLive(s);
  try {
    assert.equal(source.info.kind, 'live');
    assert.equal(source.info.realtime, true);
    const sample = await source.next();
    assert.ok(sample);
    assert.deepEqual(sample.groups.map((g) => g.name), s.vms.map((v) => v.name));
    for (const vm of s.vms) {
      const g: Group | undefined = sample.groups.find((x) => x.name === vm.name);
      assert.ok(g, vm.name);
      assert.equal(g.kind, 'vm');
      assert.equal(g.gid, Number(/\d+$/.exec(vm.ref)?.[0]));
      assert.equal(g.values.MEMSZ, vm.memoryMB, `${vm.name} MEMSZ`);
      assert.equal(g.values['MCTL?'], vm.toolsRunning ? 1 : 0, `${vm.name} MCTL?`);
      assert.equal(g.values.MCTLSZ, kbToMb(vm.balloonKB), `${vm.name} MCTLSZ`);
      assert.equal(g.values.MCTLTGT, kbToMb(vm.balloonTargetKB), `${vm.name} MCTLTGT`);
      assert.equal(g.values.SWCUR, kbToMb(vm.swappedKB), `${vm.name} SWCUR`);
      // -1 from the server means "no data": missing, not 0 and not -1.
      assert.equal(g.values.SWTGT, vm.swapTargetKB < 0 ? null : kbToMb(vm.swapTargetKB), `${vm.name} SWTGT`);
      assert.equal(g.values['SWR/s'], kbToMb(vm.swapInKBps), `${vm.name} SWR/s`);
      assert.equal(g.values['SWW/s'], kbToMb(vm.swapOutKBps), `${vm.name} SWW/s`);
      assert.equal(g.values.CACHEUSD, kbToMb(vm.compressedKB), `${vm.name} CACHEUSD`);
      assert.equal(g.values.CNSM, kbToMb(vm.consumedKB));
      assert.equal(g.values.GRANT, kbToMb(vm.grantedKB));
      assert.equal(g.values.TCHD, kbToMb(vm.activeKB));
      assert.equal(g.values.TCHD_W, kbToMb(vm.activeWriteKB), `${vm.name} TCHD_W`);
      assert.equal(g.values.SZTGT, kbToMb(vm.entitlementKB), `${vm.name} SZTGT`);
      assert.equal(g.values.OVHD, kbToMb(vm.overheadKB));
      assert.equal(g.values.OVHDMAX, kbToMb(vm.overheadMaxKB));
      assert.equal(g.values.ZERO, kbToMb(vm.zeroKB));
      assert.equal(g.values.SHRD, kbToMb(vm.sharedKB));
      assert.equal(g.values['%ACTV'], vm.usage / 100, `${vm.name} %ACTV`);
      assert.equal(g.values.AMIN, vm.reservationMB);
      assert.equal(g.values.AMAX, vm.limitMB);
      // esxtop's preset share levels: -2 low, -3 normal, -4 high; custom shares as they are.
      assert.equal(g.values.ASHRS, { low: -2, normal: -3, high: -4, custom: vm.shares }[vm.sharesLevel], `${vm.name} ASHRS`);
      // MCTLMAX: sched.mem.maxmemctl when the VM sets it (exact), else 65% of its memory, at most memory - reservation (approximate).
      const mctlMax = vm.maxMemctlMB >= 0 ? vm.maxMemctlMB : Math.min(0.65 * vm.memoryMB, vm.memoryMB - vm.reservationMB);
      assert.equal(g.values.MCTLMAX, Math.round(mctlMax * 100) / 100, `${vm.name} MCTLMAX`);
      assert.equal(g.approximate?.includes('MCTLMAX'), vm.maxMemctlMB < 0, `${vm.name} MCTLMAX approximate`);
      assert.deepEqual(g.approximate?.filter((id) => id !== 'MCTLMAX'), ['SZTGT', '%ACTV', 'MCTL?']);
      // Columns the API does not give are missing, not 0.
      for (const id of Object.keys(LIVE_COLUMN_GAPS) as (keyof typeof LIVE_COLUMN_GAPS)[]) assert.equal(g.values[id], null, `${vm.name} ${id}`);
    }
    // The VM without Tools: no balloon driver, and its zero balloon (dropped from vcsim's <value> list) is 0, not missing.
    const noTools = sample.groups.find((g) => g.name === s.vms[0].name);
    assert.equal(noTools?.values['MCTL?'], 0);
    assert.equal(noTools?.values.MCTLSZ, 0);
    // A limit below the configured size (AMAX), from config.memoryAllocation.limit; -1 = unlimited as in esxtop.
    assert.equal(sample.groups.find((g) => g.name === s.vms[2].name)?.values.AMAX, 1024);
    assert.equal(sample.groups.find((g) => g.name === s.vms[1].name)?.values.AMAX, -1);
  } finally {
    await source.close();
  }
});

test('the host header: every counter, from vcsim\'s values, as an independent computation gives them', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const source = await openLive(s);
  try {
    const sample = await source.next();
    assert.ok(sample);
    const [host] = s.hosts;
    assert.equal(sample.host.hostname, host.name);
    assert.equal(sample.host.state, 'soft');
    assertHeader(sample.host.values, expectedHeader([host], s.vms));
    // Host totals equal the sums over the VMs.
    const sum = sample.groups.reduce((a, g) => a + (g.values.MCTLSZ ?? 0), 0);
    assert.ok(Math.abs(sum - (sample.host.values.memctlCurrent ?? 0)) < 0.1);
    // Approximations are marked; exact values are not.
    assert.deepEqual(sample.host.approximate, HOST_COUNTER_IDS.filter((id) => !EXACT_HOST.has(id)));
  } finally {
    await source.close();
  }
});

test('the counters asked for come from the field registry, and all are resolved by name on vcsim', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const fromRegistry = new Set<string>();
  for (const m of [...Object.values(VM_FIELDS), ...Object.values(HOST_FIELDS)]) if ('counter' in m) fromRegistry.add(m.counter);
  // Besides the registry's, two counters feed derived fields: the VMs' zipSaved (ZIP saved) and the host's consumed (free).
  assert.deepEqual(new Set(COUNTER_NAMES), new Set([...fromRegistry, 'mem.zipSaved.latest', 'mem.consumed.average']));
  for (const name of ['mem.vmmemctl.average', 'mem.vmmemctltarget.average', 'mem.swapped.average', 'mem.swaptarget.average', 'mem.state.latest', 'mem.swapused.average']) {
    assert.ok(fromRegistry.has(name), name);
  }
  const source = await openLive(s);
  try {
    assert.deepEqual(source.warnings(), [], 'every counter is in vcsim\'s catalogue');
  } finally {
    await source.close();
  }
});

test('one poll costs two requests (properties + one batched QueryPerf); paging adds only ContinueRetrievePropertiesEx', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const plain = await openLive(s);
  const paged = await openLive(s, { pageSize: 2 });
  try {
    await plain.next();
    await paged.next();
    const r0 = plain.requestCount;
    const a = await plain.next();
    assert.equal(plain.requestCount - r0, 2);
    const p0 = paged.requestCount;
    const b = await paged.next();
    // 5 VMs + 1 host = 6 objects in pages of 2: 1 RetrievePropertiesEx + 2 Continue + 1 QueryPerf.
    assert.equal(paged.requestCount - p0, 4);
    assert.deepEqual(b?.groups.map((g) => [g.name, g.values.MCTLSZ]), a?.groups.map((g) => [g.name, g.values.MCTLSZ]));
  } finally {
    await plain.close();
    await paged.close();
  }
});

test('close() logs out: the session is gone from the server', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const admin = await AdminClient.connect(s.url);
  try {
    const before = new Set(await admin.otherSessions());
    const source = await openLive(s);
    const during = (await admin.otherSessions()).filter((k) => !before.has(k));
    assert.equal(during.length, 1, 'the poller holds one session');
    await source.close();
    await source.close(); // safe twice
    const afterClose = await admin.otherSessions();
    assert.ok(!afterClose.includes(during[0]), 'the poller logged out');
    assert.equal(await source.next(), null);
  } finally {
    await admin.close();
  }
});

test('the label and status never carry the password', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const url = new URL(s.url);
  url.username = 'admin';
  url.password = 'secret-Pa55';
  const source = await openLive(s, { url });
  try {
    assert.ok(!source.info.label.includes('secret-Pa55'));
    assert.ok(!source.info.label.includes('admin@'));
    assert.equal(source.info.label, s.url);
    const st = source.status();
    assert.equal(st.state, 'connected');
    assert.equal(st.insecure, false);
    assert.ok(!JSON.stringify(st).includes('secret-Pa55'));
  } finally {
    await source.close();
  }
});

test('an ESXi host is its own target: --cluster does not apply, and --host must name it', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  await assert.rejects(openLive(s, { target: { host: null, cluster: 'Prod' } }), /is an ESXi host, not a vCenter: --cluster does not apply/);
  await assert.rejects(openLive(s, { target: { host: 'esxi99', cluster: null } }), /is the ESXi host localhost\.localdomain, not esxi99/);
  const named = await openLive(s, { target: { host: s.hosts[0].name, cluster: null } });
  assert.equal((await named.next())?.groups.length, s.vms.length);
  await named.close();
});
