/**
 * Each lesson of the simulated host against the cause it teaches: run the
 * whole lesson and check that the VM it is about gets that finding (and the
 * VMs it is not about do not). Timings are left to the lessons.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FindingCode } from '../../src/diagnosis/codes';
import { codesOf } from '../../src/diagnosis/codes';
import { Diagnoser } from '../../src/diagnosis/engine';
import type { Episode } from '../../src/diagnosis/episodes';
import { listScenarios, resolveScenario } from '../../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../../src/sources/simulation/simulation-source';

interface Teaches {
  /** The VM the lesson is about (null: the host), and the code it must get. */
  vm: string | null;
  code: FindingCode;
  variant?: string;
  /** VMs that must never get that code. */
  notOn?: string[];
  /** More checks on the whole diagnosis. */
  also?: (d: Diagnoser) => void;
}

function track(d: Diagnoser, vm: string | null) {
  if (vm === null) return d.host();
  const t = [...d.groups()].find((g) => g.name === vm && g.kind === 'vm');
  assert.ok(t, `VM ${vm} is in the lesson`);
  return t;
}

function episodes(d: Diagnoser, vm: string | null, code: FindingCode): readonly Episode[] {
  return track(d, vm).episodes(code);
}

const LESSONS: Record<string, Teaches> = {
  overcommit: {
    vm: null,
    code: 'host-pressure',
    also: (d) => {
      const states = new Set(episodes(d, null, 'host-pressure').map((e) => e.peak.variant));
      assert.ok(states.has('soft') || states.has('hard') || states.has('low'), `states ${[...states]}`);
      for (const vm of ['app01', 'app02', 'sql01']) assert.ok(episodes(d, vm, 'host-pressure').length > 0, `${vm} reclaimed under pressure`);
      const swapCauses = episodes(d, null, 'hypervisor-swap').flatMap((e) => codesOf(e.causeBits));
      assert.ok(swapCauses.includes('host-pressure'), 'the host swapped because it was short');
      // Once the pressure is over (a VM powers off), balloons are left behind.
      const lastPressure = Math.max(...episodes(d, null, 'host-pressure').map((e) => e.to));
      assert.ok(episodes(d, null, 'residual-balloon').some((e) => e.from > lastPressure), 'residual balloon after the pressure');
    },
  },
  'no-tools': { vm: 'legacy01', code: 'no-balloon-driver', variant: 'reclaimed', notOn: ['web01', 'web02', 'app01'],
    also: (d) => assert.ok(episodes(d, 'legacy01', 'hypervisor-swap').some((e) => codesOf(e.causeBits).includes('no-balloon-driver'))) },
  limit: { vm: 'capped01', code: 'limit', variant: 'reclaiming', notOn: ['web01', 'web02'],
    also: (d) => {
      assert.equal(episodes(d, null, 'host-pressure').length, 0, 'the host is never short: the limit alone reclaims');
      assert.ok(episodes(d, 'capped01', 'ballooning').some((e) => codesOf(e.causeBits).includes('limit')));
    } },
  'balloon-max': { vm: 'big01', code: 'balloon-max', notOn: ['web01'],
    also: (d) => assert.ok(episodes(d, 'big01', 'hypervisor-swap').some((e) => codesOf(e.causeBits).includes('balloon-max'))) },
  'maxmemctl-zero': { vm: 'db01', code: 'balloon-disabled', variant: 'reclaimed', notOn: ['app01', 'app02'],
    also: (d) => {
      assert.ok(episodes(d, 'db02', 'balloon-disabled').length > 0);
      assert.ok(episodes(d, 'db01', 'hypervisor-swap').some((e) => codesOf(e.causeBits).includes('balloon-disabled')));
    } },
  reservation: { vm: 'db01', code: 'reservation', variant: 'full', notOn: ['app01', 'app02', 'app03'],
    also: (d) => {
      for (const code of ['ballooning', 'hypervisor-swap', 'compression', 'balloon-disabled'] as const) assert.equal(episodes(d, 'db01', code).length, 0, `db01 ${code}`);
      assert.ok(['app01', 'app02', 'app03'].some((vm) => episodes(d, vm, 'host-pressure').length > 0), 'its neighbours give under pressure');
    } },
  'linux-oom': { vm: 'api01', code: 'limit', variant: 'reclaiming', notOn: ['web01'] },
};

test('every shipped lesson has the cause it teaches written down here', () => {
  assert.deepEqual(listScenarios().map((l) => l.name).sort(), Object.keys(LESSONS).sort());
});

for (const [name, teaches] of Object.entries(LESSONS)) {
  for (const seed of [1, 2, 3]) {
    test(`${name} (seed ${seed}) teaches ${teaches.code}${teaches.vm ? ` on ${teaches.vm}` : ''}`, () => {
      const scenario = resolveScenario(name);
      const src = new SimulationSource(scenario, { seed, stepSeconds: 5 });
      const d = new Diagnoser();
      for (let t = 0; t <= scenario.durationS; t += 5) d.push(src.nextSample());
      const got = episodes(d, teaches.vm, teaches.code);
      assert.ok(got.length > 0, `${teaches.vm ?? 'host'} gets ${teaches.code}`);
      if (teaches.variant) assert.ok(got.some((e) => e.peak.variant === teaches.variant), `variants ${got.map((e) => e.peak.variant)}`);
      for (const other of teaches.notOn ?? []) assert.equal(episodes(d, other, teaches.code).length, 0, `${other} does not get ${teaches.code}`);
      teaches.also?.(d);
    });
  }
}
