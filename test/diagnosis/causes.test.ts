/** Each cause and consequence from constructed samples, with its edges. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VM_ONLY_CODES } from '../../src/diagnosis/codes';
import { describe } from '../../src/diagnosis/describe';
import { codes, diagnoseAll, emptyGroup, ev, find, group, host, sample } from './build';

const VM = 100;

function once(h: ReturnType<typeof host>, values: Record<string, number | null>, kind: 'vm' | 'userworld' | 'system' = 'vm') {
  return diagnoseAll([sample(0, h, [group(VM, 'vm1', values, kind)])])[0];
}

test('a healthy VM on a host in high state has no findings', () => {
  const d = once(host('high'), {});
  assert.deepEqual(d.host, []);
  assert.deepEqual(codes(d, VM), []);
});

test('limit: AMAX below MEMSZ reclaims the VM on a host in high state, and is named as the cause of its balloon', () => {
  const d = once(host('high'), { MEMSZ: 8192, AMAX: 2048, GRANT: 2040, MCTLSZ: 2200, MCTLTGT: 2600, MCTLMAX: 5324.8 });
  const limit = find(d, VM, 'limit');
  assert.equal(limit?.variant, 'reclaiming');
  assert.equal(ev(limit, 'AMAX'), 2048);
  assert.equal(ev(limit, 'MEMSZ'), 8192);
  assert.deepEqual(find(d, VM, 'ballooning')?.causes, ['limit']);
  assert.equal(find(d, VM, 'host-pressure'), undefined, 'the host is not short');
  assert.equal(find(d, VM, 'residual-balloon'), undefined);
  assert.equal(find(d, VM, 'unexplained-balloon'), undefined);
});

test('limit edges: AMAX equal to MEMSZ (or within rounding), -1 (unlimited), 0, missing: no limit', () => {
  for (const amax of [4096, 4095.8, 5000, -1, 0, null]) {
    const d = once(host('high'), { AMAX: amax, MCTLSZ: 0 });
    assert.equal(find(d, VM, 'limit'), undefined, `AMAX ${amax}`);
  }
  assert.equal(find(once(host('high'), { AMAX: 4095 }), VM, 'limit')?.variant, 'latent', 'one MB below is a limit');
  assert.equal(find(once(host('high'), { AMAX: 1024, MEMSZ: null }), VM, 'limit'), undefined, 'no MEMSZ: nothing to compare with');
});

test('a limit well above what a VM holds on a host under pressure is not blamed for its balloon', () => {
  const d = once(host('soft'), { MEMSZ: 8192, AMAX: 6000, GRANT: 2000, MCTLSZ: 500, MCTLTGT: 600 });
  assert.equal(find(d, VM, 'limit')?.variant, 'latent');
  assert.deepEqual(find(d, VM, 'ballooning')?.causes, ['host-pressure']);
});

test('no-balloon-driver: MCTL? N and swapped; the swap names it as its cause', () => {
  const d = once(host('soft'), { 'MCTL?': 0, MCTLMAX: 0, SWCUR: 300, SWTGT: 400, 'SWW/s': 5 });
  assert.equal(find(d, VM, 'no-balloon-driver')?.variant, 'reclaimed');
  assert.equal(find(d, VM, 'balloon-disabled'), undefined, 'MCTLMAX 0 follows from the missing driver');
  const swap = find(d, VM, 'hypervisor-swap');
  assert.equal(swap?.variant, 'swapping-out');
  assert.ok(swap?.causes.includes('no-balloon-driver'));
  assert.ok(swap?.causes.includes('host-pressure'));
  assert.equal(find(once(host('high'), { 'MCTL?': 0 }), VM, 'no-balloon-driver')?.variant, 'latent');
  assert.equal(find(once(host('hard'), { 'MCTL?': 0 }), VM, 'no-balloon-driver')?.variant, 'exposed');
});

test('a user world or system group never gets balloon findings, even with MCTL? 0, a limit or a reservation', () => {
  for (const kind of ['userworld', 'system'] as const) {
    const d = once(host('hard'), { 'MCTL?': 0, MCTLMAX: 0, AMAX: 100, AMIN: 50, MCTLSZ: 20, SWCUR: 30 }, kind);
    const got = codes(d, VM);
    for (const c of VM_ONLY_CODES) assert.ok(!got.includes(c), `${kind}: ${c}`);
    assert.ok(!got.includes('host-pressure'), `${kind}: host-pressure is the host's finding`);
    assert.deepEqual(find(d, VM, 'hypervisor-swap')?.causes, ['host-pressure']);
  }
});

test('balloon-disabled: MCTLMAX 0 with the driver running; not for a fully reserved VM', () => {
  const d = once(host('soft'), { MCTLMAX: 0, SWCUR: 200 });
  const f = find(d, VM, 'balloon-disabled');
  assert.equal(f?.variant, 'reclaimed');
  assert.equal(f?.inferred, false);
  assert.ok(find(d, VM, 'hypervisor-swap')?.causes.includes('balloon-disabled'));
  const reserved = once(host('soft'), { MCTLMAX: 0, AMIN: 4096 });
  assert.equal(find(reserved, VM, 'balloon-disabled'), undefined);
  assert.equal(find(reserved, VM, 'reservation')?.variant, 'full');
  assert.equal(find(once(host('high'), { MCTLMAX: null }), VM, 'balloon-disabled'), undefined, 'missing MCTLMAX is not 0');
  assert.equal(find(once(host('high'), { MCTLMAX: -1 }), VM, 'balloon-disabled'), undefined, 'a negative MCTLMAX is no data, not 0');
  const unsure = find(once(host('high'), { MCTLMAX: 0, 'MCTL?': null, AMIN: null }), VM, 'balloon-disabled');
  assert.equal(unsure?.inferred, true, 'without MCTL? and AMIN the setting is inferred');
  assert.equal(unsure?.variant, 'latent');
});

test('balloon-max: MCTLSZ at MCTLMAX (a real host shows it slightly above); not below, not when MCTLMAX is 0', () => {
  const d = once(host('clear'), { MEMSZ: 2097.16, MCTLSZ: 1302, MCTLTGT: 1300.15, MCTLMAX: 1300.15, SWCUR: 459.8, SWTGT: 460.61 });
  const f = find(d, VM, 'balloon-max');
  assert.equal(f?.variant, 'at-max');
  assert.deepEqual(find(d, VM, 'hypervisor-swap')?.causes, ['balloon-max']);
  assert.equal(find(once(host('soft'), { MCTLSZ: 1290, MCTLMAX: 1300 }), VM, 'balloon-max'), undefined);
  assert.ok(find(once(host('soft'), { MCTLSZ: 1299.6, MCTLMAX: 1300 }), VM, 'balloon-max'), 'within the 0.5 MB the table uses for its ! mark');
  assert.equal(find(once(host('soft'), { MCTLSZ: 0, MCTLMAX: 0 }), VM, 'balloon-max'), undefined);
});

test('balloon-max with a limit asking for more than MCTLMAX, and with a reservation lowering MCTLMAX', () => {
  const limited = once(host('high'), { MEMSZ: 4096, AMAX: 768, GRANT: 760, MCTLSZ: 2662.4, MCTLTGT: 2662.4, MCTLMAX: 2662.4, SWCUR: 300, SWTGT: 666 });
  assert.equal(find(limited, VM, 'balloon-max')?.variant, 'limit-beyond');
  assert.deepEqual(find(limited, VM, 'hypervisor-swap')?.causes.sort(), ['balloon-max', 'limit']);
  const reserved = once(host('soft'), { MEMSZ: 4096, AMIN: 3000, MCTLSZ: 1096, MCTLTGT: 1096, MCTLMAX: 1096 });
  const f = find(reserved, VM, 'balloon-max');
  assert.equal(ev(f, 'AMIN'), 3000);
  assert.ok(describe(f!).explanation.includes('The reservation lowers it: the balloon may not reach into AMIN 3000 MB, leaving at most 1096 MB.'));
  assert.match(describe(find(limited, VM, 'balloon-max')!).text, /^Balloon at MCTLMAX 2662\.40 MB, but the limit asks for 3328 MB \(MEMSZ 4096 MB - AMAX 768 MB\)/);
  assert.equal(find(reserved, VM, 'reservation')?.variant, 'partial');
});

test('host-pressure: the host finding has free memory against minFree and the state boundaries; VMs being reclaimed get it too', () => {
  const h = host('soft', { free: 250, memctlCurrent: 800 });
  const d = diagnoseAll([sample(0, h, [group(1, 'idle', { MCTLSZ: 800, MCTLTGT: 900, TCHD: 40 }), group(2, 'calm', {})])])[0];
  const hp = find(d, null, 'host-pressure');
  assert.equal(hp?.variant, 'soft');
  assert.equal(ev(hp, 'free'), 250);
  assert.equal(ev(hp, 'minFree'), 403);
  assert.equal(ev(hp, 'free/minFree'), 62);
  assert.equal(ev(hp, 'stateLowerMB'), 257.92);
  assert.equal(ev(hp, 'stateUpperMB'), 403);
  assert.equal(find(d, 1, 'host-pressure')?.variant, 'soft');
  assert.equal(ev(find(d, 1, 'host-pressure'), 'TCHD'), 40);
  assert.deepEqual(codes(d, 2), [], 'a VM nothing is taken from has no finding');
  for (const state of ['hard', 'low'] as const) assert.equal(find(once(host(state), {}), null, 'host-pressure')?.variant, state);
  for (const state of ['high', 'clear'] as const) assert.equal(find(once(host(state), {}), null, 'host-pressure'), undefined);
});

test('host-pressure on a VM that is only compressed says how much, with CACHEUSD in its evidence', () => {
  const d = once(host('hard'), { CACHEUSD: 100, 'ZIP/s': 3 });
  const f = find(d, VM, 'host-pressure');
  assert.equal(ev(f, 'CACHEUSD'), 100);
  assert.equal(ev(f, 'ZIP/s'), 3);
  assert.match(describe(f!).text, /and reclaims from this VM: compressed 100 MB$/);
});

test('host-pressure without a state word is read from free/minFree (inferred); without either, nothing is claimed', () => {
  const inferred = find(once(host(null, { free: 200 }), {}), null, 'host-pressure');
  assert.equal(inferred?.variant, 'hard');
  assert.equal(inferred?.inferred, true);
  const blind = once(host(null, { free: null, minFree: null, memctlCurrent: 500 }), { MCTLSZ: 500 });
  assert.equal(find(blind, null, 'host-pressure'), undefined);
  assert.equal(find(blind, VM, 'residual-balloon'), undefined, 'the state is unknown: not residual');
  assert.equal(find(blind, VM, 'unexplained-balloon'), undefined);
  assert.deepEqual(find(blind, VM, 'ballooning')?.causes, []);
});

test('residual-balloon: the balloon stays after the host left soft state, with the time the pressure ended', () => {
  const balloon = (sz: number, tgt: number) => [group(VM, 'vm1', { MCTLSZ: sz, MCTLTGT: tgt })];
  const d = diagnoseAll([
    sample(0, host('high'), balloon(0, 0)),
    sample(1, host('soft'), balloon(400, 800)),
    sample(2, host('soft'), balloon(800, 800)),
    sample(3, host('clear'), balloon(800, 800)),
    sample(4, host('high'), balloon(700, 300)),
  ]);
  assert.equal(find(d[2], VM, 'host-pressure')?.since, d[1].time);
  const held = find(d[3], VM, 'residual-balloon');
  assert.equal(held?.variant, 'held');
  assert.deepEqual(held?.past, { kind: 'pressure', at: d[2].time, state: 'soft' });
  assert.equal(held?.inferred, false);
  assert.equal(held?.since, d[3].time);
  const deflating = find(d[4], VM, 'residual-balloon');
  assert.equal(deflating?.variant, 'deflating');
  assert.equal(deflating?.since, d[3].time, 'the same residual run');
  assert.equal(find(d[4], VM, 'ballooning')?.since, d[1].time);
  assert.deepEqual(find(d[4], VM, 'ballooning')?.causes, ['residual-balloon']);
  assert.equal(find(d[4], null, 'residual-balloon'), undefined, 'no host-wide balloon counter in these samples');
});

test('residual-balloon after a limit is removed names the limit', () => {
  const vm = (amax: number, sz: number, tgt: number) => [group(VM, 'vm1', { MEMSZ: 8192, AMAX: amax, GRANT: 2000, MCTLSZ: sz, MCTLTGT: tgt })];
  const d = diagnoseAll([sample(0, host('high'), vm(2048, 2000, 6000)), sample(1, host('high'), vm(-1, 1900, 0))]);
  assert.equal(find(d[0], VM, 'limit')?.variant, 'reclaiming');
  const r = find(d[1], VM, 'residual-balloon');
  assert.deepEqual(r?.past, { kind: 'limit', at: d[0].time });
  assert.equal(r?.variant, 'deflating');
});

test('a balloon already there at the first sample on a calm host is residual from before the data (inferred); one that appears later is unexplained', () => {
  const first = diagnoseAll([sample(0, host('clear'), [group(VM, 'vm1', { MCTLSZ: 500, MCTLTGT: 500 })])])[0];
  const r = find(first, VM, 'residual-balloon');
  assert.equal(r?.past?.kind, 'before-data');
  assert.equal(r?.inferred, true);
  assert.equal(r?.sinceFirstSample, true);
  const later = diagnoseAll([sample(0, host('high'), [group(VM, 'vm1', {})]), sample(1, host('high'), [group(VM, 'vm1', { MCTLSZ: 300, MCTLTGT: 600 })])]);
  const u = find(later[1], VM, 'unexplained-balloon');
  assert.equal(u?.variant, 'inflating');
  assert.equal(u?.inferred, true);
  assert.deepEqual(find(later[1], VM, 'ballooning')?.causes, ['unexplained-balloon']);
});

test('reservation: AMIN > 0 protects part of the VM; AMIN 0 is no finding', () => {
  const f = find(once(host('soft'), { AMIN: 1024 }), VM, 'reservation');
  assert.equal(f?.variant, 'partial');
  assert.equal(ev(f, 'AMIN'), 1024);
  assert.equal(find(once(host('soft'), { AMIN: 0 }), VM, 'reservation'), undefined);
});

test('swap and compression consequences carry their rates; swapped earlier with no cause now is inferred', () => {
  const d = once(host('high'), { SWCUR: 11.25, SWTGT: 2.82, 'SWR/s': 0.03, CACHEUSD: 4.22, 'UNZIP/s': 0.01 });
  const swap = find(d, VM, 'hypervisor-swap');
  assert.equal(swap?.variant, 'reading-back');
  assert.equal(ev(swap, 'SWR/s'), 0.03);
  assert.deepEqual(swap?.causes, []);
  assert.equal(swap?.inferred, true);
  assert.equal(find(d, VM, 'compression')?.variant, 'decompressing');
  assert.equal(find(once(host('high'), { SWCUR: 0.5 }), VM, 'hypervisor-swap'), undefined, 'under 1 MB is noise');
});

test('host consequences: host-wide balloon, swap and compression from the host counters, with the VMs\' causes', () => {
  const h = host('clear', { memctlCurrent: 1302, memctlTarget: 1300, swapUsed: 460, swapTarget: 461, zipped: 5 });
  const d = diagnoseAll([sample(0, h, [group(VM, 'vm1', { MEMSZ: 2097, MCTLSZ: 1302, MCTLTGT: 1300.15, MCTLMAX: 1300.15, SWCUR: 460, SWTGT: 461, CACHEUSD: 5 })])])[0];
  assert.deepEqual(codes(d, null), ['ballooning', 'compression', 'hypervisor-swap', 'residual-balloon']);
  assert.deepEqual(find(d, null, 'hypervisor-swap')?.causes, ['balloon-max']);
  assert.equal(find(d, null, 'residual-balloon')?.variant, 'per-vm');
});

test('a VM with every counter missing gets no finding; its swap without balloon counters says what is missing', () => {
  const none = diagnoseAll([sample(0, host('soft'), [emptyGroup(VM, 'vm1')])])[0];
  assert.deepEqual(codes(none, VM), []);
  const g = emptyGroup(VM, 'vm1');
  g.values.SWCUR = 510;
  const d = diagnoseAll([sample(0, host('clear', { memctlCurrent: 5000 }), [g])])[0];
  assert.deepEqual(find(d, VM, 'hypervisor-swap')?.missing, ['MCTL?', 'MCTLSZ', 'MCTLMAX']);
  assert.equal(find(d, null, 'residual-balloon')?.variant, 'host-only', 'the host counter tells the balloon when the VMs do not');
});
