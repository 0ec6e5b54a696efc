/**
 * Simulator benchmark (run: node dist/bench/sim.js).
 *
 * 1. One step of a host with 1,000 VMs (target: median < 2 ms).
 * 2. A 24-hour scenario at 20 s steps, 4,320 samples, without display (target: < 10 s).
 *
 * Machines are noisy, so each figure is also given as a ratio against a
 * baseline measured in the same run: a bare loop that allocates Sample
 * objects of the same shape (same groups, same 47 counters, each record one
 * object literal) with no model.
 */
import { COUNTER_COLUMNS } from '../src/fields/registry';
import { HOST_COUNTER_IDS, type HostCounterId } from '../src/fields/host-counters';
import type { Group, Sample, Value } from '../src/sample/sample';
import { resolveScenario } from '../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../src/sources/simulation/simulation-source';
import { makeCounterValues } from '../src/fields/values-factory';
import { bigHost } from './big-host';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The baseline: allocate a Sample of the same shape, no model. */
function bareSample(time: number, groupCount: number, names: string[]): Sample {
  const groups: Group[] = [];
  const raw: Value[] = COUNTER_COLUMNS.map(() => 0);
  for (let g = 0; g < groupCount; g++) {
    for (let k = 0; k < raw.length; k++) raw[k] = g + k * 0.01;
    const values = makeCounterValues(raw);
    groups.push({ gid: 1000 + g, name: names[g], kind: 'vm', values, extra: {} });
  }
  const host = {} as Record<HostCounterId, Value>;
  for (const id of HOST_COUNTER_IDS) host[id] = 1;
  return { time, host: { hostname: 'bench', values: host, state: 'soft', extra: {} }, groups };
}

function benchStep(): void {
  const sc = bigHost(1000);
  const src = new SimulationSource(sc, { seed: 1, stepSeconds: 5 });
  const names = sc.vms.map((v) => v.name).concat(['a', 'b', 'c']);
  const groupCount = sc.vms.length + 3;
  let sink = 0;
  for (let i = 0; i < 50; i++) sink += src.nextSample().groups.length + bareSample(i, groupCount, names).groups.length; // warm up
  const sim: number[] = [];
  const base: number[] = [];
  const states = new Set<string>();
  for (let i = 0; i < 300; i++) {
    let t0 = process.hrtime.bigint();
    const s = src.nextSample();
    sim.push(Number(process.hrtime.bigint() - t0) / 1e6);
    states.add(s.host.state ?? '?');
    t0 = process.hrtime.bigint();
    sink += bareSample(i, groupCount, names).groups.length;
    base.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const ms = median(sim);
  const b = median(base);
  console.log(`one step, 1,000 VMs (states ${[...states].join('/')}): median ${ms.toFixed(3)} ms (target < 2 ms), p90 ${sim.sort((x, y) => x - y)[Math.floor(sim.length * 0.9)].toFixed(3)} ms`);
  console.log(`  baseline (allocate the same Sample, no model): median ${b.toFixed(3)} ms; ratio simulation/baseline = ${(ms / b).toFixed(2)}`);
  if (sink < 0) console.log(sink);
}

function benchDay(): void {
  const steps = (24 * 3600) / 20;
  const sc = resolveScenario('overcommit');
  let t0 = process.hrtime.bigint();
  const src = new SimulationSource(sc, { seed: 1, stepSeconds: 20 });
  let groups = 0;
  let names: string[] = [];
  for (let i = 0; i < steps; i++) {
    const s = src.nextSample();
    groups += s.groups.length;
    if (i === 0) names = s.groups.map((g) => g.name);
  }
  const simS = Number(process.hrtime.bigint() - t0) / 1e9;
  const perSample = Math.round(groups / steps);
  t0 = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < steps; i++) sink += bareSample(i, perSample, names.concat(names)).groups.length;
  const baseS = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`24 hours at 20 s steps (overcommit lesson, ${steps} samples): ${simS.toFixed(3)} s (target < 10 s)`);
  console.log(`  baseline (allocate ${steps} Samples of the same shape): ${baseS.toFixed(3)} s; ratio simulation/baseline = ${(simS / baseS).toFixed(2)}`);
  if (sink < 0) console.log(sink);
}

benchStep();
benchDay();
