/** Helpers for the simulator tests: run a scenario, find VMs, describe time. */
import type { CounterId } from '../../../src/fields/group-fields';
import type { Group, Sample } from '../../../src/sample/sample';
import { resolveScenario } from '../../../src/sources/simulation/scenario/catalog';
import type { Scenario } from '../../../src/sources/simulation/scenario/scenario';
import { SimulationSource } from '../../../src/sources/simulation/simulation-source';

export function run(scenario: Scenario | string, steps: number, seed = 1, stepSeconds = 5): Sample[] {
  const sc = typeof scenario === 'string' ? resolveScenario(scenario) : scenario;
  const src = new SimulationSource(sc, { seed, stepSeconds });
  const out: Sample[] = [];
  for (let i = 0; i < steps; i++) out.push(src.nextSample());
  return out;
}

export function vm(s: Sample, name: string): Group | undefined {
  return s.groups.find((g) => g.kind === 'vm' && g.name === name);
}

export function v(s: Sample, name: string, col: CounterId): number {
  const g = vm(s, name);
  if (!g) throw new Error(`no VM ${name} at ${new Date(s.time).toISOString()}`);
  return g.values[col] as number;
}

/** The sample at `seconds` into a run with 5 s steps. */
export function at(samples: Sample[], seconds: number, step = 5): Sample {
  return samples[Math.round(seconds / step)];
}
