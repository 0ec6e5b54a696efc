/**
 * The model's invariants, checked on every sample of long randomized runs
 * over many seeds, and on every shipped lesson.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { writeBatch } from '../../../src/output/batch';
import { CaptureSource } from '../../../src/sources/capture/capture-source';
import { SimulationSource } from '../../../src/sources/simulation/simulation-source';
import type { CounterId } from '../../../src/fields/group-fields';
import { COUNTER_IDS } from '../../../src/fields/registry';
import { HOST_COUNTER_IDS } from '../../../src/fields/host-counters';
import { stateToNumber, type MemState } from '../../../src/sample/mem-state';
import type { Sample } from '../../../src/sample/sample';
import { Prng } from '../../../src/sources/simulation/model/prng';
import { resolveScenario, shippedScenarioNames } from '../../../src/sources/simulation/scenario/catalog';
import { DEFAULT_START, defaultHungryVm, type Scenario, type TimelineEvent, type VmSpec } from '../../../src/sources/simulation/scenario/scenario';
import { nextState } from '../../../src/sources/simulation/model/state-machine';
import { run } from './sim-helpers';

/** A random host, VMs and timeline from a seed (own PRNG, so the test repeats). */
function randomScenario(seed: number): Scenario {
  const r = new Prng(seed, 999);
  const hostMB = r.int(8, 64) * 1024;
  const n = r.int(2, 12);
  const vms: VmSpec[] = [];
  for (let i = 0; i < n; i++) {
    const mem = r.int(1, 16) * 1024;
    const res = r.next() < 0.2 ? Math.round(mem * r.range(0.1, 1)) : 0;
    vms.push({
      name: `vm${i}`,
      memoryMB: mem,
      vcpus: r.int(1, 8),
      reservationMB: res,
      limitMB: r.next() < 0.15 ? Math.max(res, Math.round(mem * r.range(0.1, 0.9))) : null,
      shares: (['low', 'normal', 'high'] as const)[r.int(0, 2)],
      tools: r.next() < 0.15 ? 'none' : r.next() < 0.1 ? 'stopped' : 'running',
      maxMemctlMB: r.next() < 0.15 ? Math.round(mem * r.range(0, 0.5)) : null,
      os: (['linux', 'windows', 'other'] as const)[r.int(0, 2)],
      guestSwapMB: r.next() < 0.3 ? 0 : 2048,
      demandMB: mem * r.range(0.1, 0.8),
      poweredOn: r.next() < 0.9,
      oomProcess: 'java',
    });
  }
  const timeline: TimelineEvent[] = [];
  for (let k = 0; k < 30; k++) {
    const spec = vms[r.int(0, n - 1)];
    const at = r.int(0, 3000);
    const line = k + 1;
    const vm = spec.name;
    switch (r.int(0, 9)) {
      case 0: timeline.push({ at, line, action: 'powerOn', vm }); break;
      case 1: timeline.push({ at, line, action: 'powerOff', vm }); break;
      case 2: timeline.push({ at, line, action: 'setLimit', vm, limitMB: Math.max(spec.reservationMB, Math.round(spec.memoryMB * r.range(0.1, 1))) }); break;
      case 3: timeline.push({ at, line, action: 'removeLimit', vm }); break;
      case 4: timeline.push({ at, line, action: 'uninstallTools', vm }); break;
      case 5: timeline.push({ at, line, action: 'stopTools', vm }); break;
      case 6: timeline.push({ at, line, action: 'startTools', vm }); break;
      case 7: timeline.push({ at, line, action: 'setMaxMemctl', vm, maxMemctlMB: Math.round(spec.memoryMB * r.range(0, 0.7)) }); break;
      default: timeline.push({ at, line, action: 'demand', vm, demandMB: spec.memoryMB * r.range(0.1, 1), rampS: r.int(0, 600) });
    }
  }
  timeline.sort((a, b) => a.at - b.at);
  const host = { name: 'rnd', memoryMB: hostMB, kernelMB: null };
  return { name: `random-${seed}`, description: 'random', file: '(generated)', start: DEFAULT_START, durationS: 3000, host, vms, timeline, view: null, hungryVm: defaultHungryVm(host, new Set(vms.map((v) => v.name))) };
}

const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;

function checkRun(samples: Sample[], label: string): { states: Set<MemState>; swappedVms: number } {
  const states = new Set<MemState>();
  let swappedVms = 0;
  let prev: Sample | null = null;
  let reclaiming = false;
  for (const s of samples) {
    const where = `${label} at ${(s.time - samples[0].time) / 1000}s`;
    const h = s.host.values;
    const vms = s.groups.filter((g) => g.kind === 'vm');
    // Shape: every host counter and every registry counter column is present; values are finite or null.
    assert.deepEqual(Object.keys(h).sort(), [...HOST_COUNTER_IDS].sort(), where);
    for (const g of s.groups) {
      assert.equal(Object.keys(g.values).length, COUNTER_IDS.length, where);
      for (const id of COUNTER_IDS) {
        const x = g.values[id];
        assert.ok(x === null || Number.isFinite(x), `${where}: ${g.name} ${id} = ${x}`);
      }
    }
    // Host totals equal the sums over the VMs (host values are whole MB of the rounded sums).
    const sum = (k: CounterId) => vms.reduce((a, g) => a + (g.values[k] as number), 0);
    assert.ok(near(h.memctlCurrent!, sum('MCTLSZ'), 0.51), `${where}: memctl ${h.memctlCurrent} vs ${sum('MCTLSZ')}`);
    assert.ok(near(h.memctlTarget!, sum('MCTLTGT'), 0.51), `${where}: memctl target`);
    assert.ok(near(h.memctlMax!, sum('MCTLMAX'), 0.51), `${where}: memctl max`);
    assert.ok(near(h.swapUsed!, sum('SWCUR'), 0.51), `${where}: swap ${h.swapUsed} vs ${sum('SWCUR')}`);
    assert.ok(near(h.swapTarget!, sum('SWTGT'), 0.51), `${where}: swap target`);
    assert.ok(near(h.swapReadRate!, sum('SWR/s'), 0.011), `${where}: swap read rate`);
    assert.ok(near(h.swapWriteRate!, sum('SWW/s'), 0.011), `${where}: swap write rate`);
    assert.ok(near(h.pshareShared!, sum('SHRD'), 0.51), `${where}: pshare shared`);
    assert.ok(near(h.pshareSavings!, sum('SHRDSVD'), 0.51), `${where}: pshare savings`);
    assert.equal(h.pshareShared! - h.pshareCommon!, h.pshareSavings, `${where}: shared - common = saving`);
    assert.ok(near(h.zipSaved! + sum('CACHEUSD'), h.zipped!, 1.01) || (h.zipSaved === 0 && h.zipped! <= sum('CACHEUSD') + 1), `${where}: zip saved + cache used = zipped`);
    assert.equal(h.reserved! + h.unreserved!, h.managed, `${where}: rsvd + ursvd = managed`);
    assert.equal(h.kernel! + h.nonKernel! + h.free!, h.machine, `${where}: vmk + other + free = total`);
    assert.ok(h.free! >= 0, `${where}: free ${h.free}`);
    // The state word matches free against the thresholds, with hysteresis.
    const ratio = h.free! / h.minFree!;
    const before: MemState = prev === null ? 'high' : (prev).host.state!;
    const expected = nextState(before, ratio);
    assert.equal(s.host.state, expected, `${where}: state ${s.host.state} at free/minFree ${ratio.toFixed(3)} after ${before}`);
    assert.equal(h.state, stateToNumber(s.host.state), where);
    states.add(s.host.state);
    const prevState = before;
    // Reclamation started in soft goes on in clear until the host is back in high.
    if (prevState === 'soft' || prevState === 'hard' || prevState === 'low') reclaiming = true;
    else if (prevState === 'high') reclaiming = false;
    const softLike = prevState === 'soft' || (prevState === 'clear' && reclaiming);
    for (const g of vms) {
      const x = g.values as Record<string, number>;
      const w = `${where}: ${g.name}`;
      assert.ok(x.MCTLSZ <= x.MCTLMAX + 0.01, `${w}: MCTLSZ ${x.MCTLSZ} > MCTLMAX ${x.MCTLMAX}`);
      if (x['MCTL?'] === 0) assert.equal(x.MCTLSZ, 0, `${w}: MCTL? N but MCTLSZ ${x.MCTLSZ}`);
      // Reserved memory is never reclaimed.
      assert.ok(x.MCTLSZ + x.SWCUR + x.CACHEUSD <= Math.max(0, x.MEMSZ - x.AMIN) + 0.03, `${w}: reclaimed into the reservation`);
      if (x.AMIN >= x.MEMSZ) assert.equal(x.MCTLSZ + x.SWCUR + x.CACHEUSD, 0, `${w}: fully reserved VM reclaimed`);
      // Swap (and compression) only where the model says it must: under pressure, or for a limit;
      // in soft only for what the VM cannot balloon.
      if (x['SWW/s'] > 0 || x['ZIP/s'] > 0) {
        swappedVms++;
        const limited = x.AMAX !== -1;
        assert.ok(limited || softLike || prevState === 'hard' || prevState === 'low', `${w}: swapped out in ${prevState} without a limit`);
        if (!limited && softLike) {
          assert.ok(x['MCTL?'] === 0 || x.MCTLTGT >= x.MCTLMAX - 0.01, `${w}: swapped in soft although it could balloon (MCTLTGT ${x.MCTLTGT} < MCTLMAX ${x.MCTLMAX})`);
        }
      }
      assert.ok(x.SWCUR >= 0 && x.MCTLSZ >= 0 && x.GRANT >= 0 && x.CNSM >= 0, `${w}: negative sizes`);
    }
    prev = s;
  }
  return { states, swappedVms };
}

test('invariants hold at every step of long randomized runs over many seeds', () => {
  const seen = new Set<MemState>();
  let swapped = 0;
  for (let seed = 1; seed <= 24; seed++) {
    const sc = randomScenario(seed);
    const samples = run(sc, 700, seed, [5, 20, 5, 120][seed % 4]);
    const r = checkRun(samples, `random seed ${seed}`);
    r.states.forEach((s) => seen.add(s));
    swapped += r.swappedVms;
  }
  // The random runs must actually exercise pressure, not only idle hosts.
  assert.ok(seen.has('soft') && seen.has('hard'), `states seen: ${[...seen].join(', ')}`);
  assert.ok(swapped > 0);
});

test('invariants hold on every shipped lesson over several seeds', () => {
  for (const name of shippedScenarioNames()) {
    for (const seed of [1, 7, 2026]) checkRun(run(name, 360, seed), `${name} seed ${seed}`);
  }
});

test('a seed repeats a run exactly; another seed gives another run', () => {
  const a = run('overcommit', 200, 5);
  const b = run('overcommit', 200, 5);
  assert.deepEqual(a, b);
  const c = run('overcommit', 200, 6);
  assert.notDeepEqual(a.map((s) => s.host.values.free), c.map((s) => s.host.values.free));
});

test('simulated time starts at the scenario start and advances by the step', () => {
  const s = run('limit', 3, 1, 20);
  assert.equal(new Date(s[0].time).toISOString(), '2026-01-12T09:00:00.000Z');
  assert.equal(s[1].time - s[0].time, 20000);
  assert.equal(s[2].time - s[1].time, 20000);
});

/** The host's totals against the sums over the VMs a sample shows (a VM whose cells are all empty is not there). */
function checkTotals(s: Sample, where: string): void {
  const h = s.host.values;
  const vms = s.groups.filter((g) => g.kind === 'vm' && g.values.MEMSZ !== null);
  const sum = (k: CounterId) => vms.reduce((a, g) => a + (g.values[k] as number), 0);
  const pairs: [keyof typeof h, CounterId][] = [['memctlCurrent', 'MCTLSZ'], ['memctlTarget', 'MCTLTGT'], ['memctlMax', 'MCTLMAX'], ['swapUsed', 'SWCUR'], ['swapTarget', 'SWTGT'], ['pshareShared', 'SHRD'], ['pshareSavings', 'SHRDSVD']];
  for (const [host, column] of pairs) assert.ok(near(h[host]!, sum(column), 0.51), `${where}: ${host} ${h[host]} vs the sum of ${column} over the VMs ${sum(column).toFixed(2)}`);
  assert.ok(near(h.swapReadRate!, sum('SWR/s'), 0.011) && near(h.swapWriteRate!, sum('SWW/s'), 0.011), `${where}: swap rates`);
}

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void) {
    this.text += chunk.toString('utf8');
    cb();
  }
}

test('host totals equal the sums over the VMs on every sample of every lesson, in the samples and in the esxtop-style CSV read back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bt-physics-'));
  try {
    for (const name of shippedScenarioNames()) {
      const sc = resolveScenario(name);
      for (const seed of [1, 2]) {
        const steps = Math.floor(sc.durationS / 5) + 1;
        const samples = run(name, steps, seed);
        samples.forEach((s, i) => checkTotals(s, `${name} seed ${seed} sample ${i}`));
        const out = new Collect();
        const err = new Collect();
        await writeBatch(new SimulationSource(sc, { seed, stepSeconds: 5 }), { format: 'csv', limit: steps, out, err });
        assert.equal(err.text, '', `${name}: every VM has its columns from the first line`);
        const file = join(dir, `${name}-${seed}.csv`);
        writeFileSync(file, out.text);
        const back = await CaptureSource.open(file);
        let i = 0;
        for (let s; (s = await back.next()); i++) {
          checkTotals(s, `${name} seed ${seed} CSV line ${i + 2}`);
          assert.deepEqual(s.groups.filter((g) => g.kind === 'vm' && g.values.MEMSZ !== null).map((g) => g.name), samples[i].groups.filter((g) => g.kind === 'vm').map((g) => g.name), `${name} line ${i + 2}: the same VMs`);
        }
        await back.close();
        assert.equal(i, steps);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no two VMs show the same numbers: working sets, activity, overhead and targets differ from the first sample on (a counter may meet by chance)', () => {
  const dynamic: CounterId[] = ['GRANT', 'CNSM', 'SZTGT', 'TCHD', 'TCHD_W', 'MCTLSZ', 'MCTLTGT', 'SWCUR', 'SWTGT', 'ZERO', 'SHRD', 'COWH', 'OVHD', 'OVHDMAX']; // SHRDSVD is SHRD less the common copies: not a counter of its own
  for (const name of shippedScenarioNames()) {
    for (const seed of [1, 2, 3]) {
      const samples = run(name, 200, seed);
      samples.forEach((s, i) => {
        const vms = s.groups.filter((g) => g.kind === 'vm');
        for (const g of vms) if (i === 0) assert.ok((g.values.SZTGT as number) > 0 && (g.values['%ACTV'] as number) > 0, `${name}: ${g.name} SZTGT and %ACTV from the first sample`);
        for (let a = 0; a < vms.length; a++) {
          for (let b = a + 1; b < vms.length; b++) {
            // A counter may meet by chance (two decimals), or with one it derives from (TCHD is GRANT
            // when all is touched); a row whose counters mostly equal another's is a clone.
            const shown = dynamic.filter((col) => (vms[a].values[col] as number) > 0);
            const same = shown.filter((col) => vms[a].values[col] === vms[b].values[col]);
            assert.ok(same.length * 3 < shown.length, `${name} seed ${seed} sample ${i}: ${vms[a].name} and ${vms[b].name} both show ${same.map((c) => `${c} ${vms[a].values[c]}`).join(', ')}`);
          }
        }
      });
    }
  }
});
