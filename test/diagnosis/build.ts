/** Constructed samples for the diagnosis tests: a healthy VM or host, then only what a test changes. */
import { emptyHostValues, type HostCounterId } from '../../src/fields/host-counters';
import { makeCounterValues } from '../../src/fields/values-factory';
import { COUNTER_COLUMNS } from '../../src/fields/registry';
import { stateFromNumber, type MemState } from '../../src/sample/mem-state';
import type { Group, GroupKind, Sample, Value } from '../../src/sample/sample';
import { Diagnoser } from '../../src/diagnosis/engine';
import type { Diagnosis, Finding } from '../../src/diagnosis/finding';
import type { FindingCode } from '../../src/diagnosis/codes';

export const T0 = Date.UTC(2026, 0, 12, 9, 0, 0);
export const STEP = 5000;

/** A 4 GB VM with Tools running, nothing reclaimed, no limit, no reservation. */
const HEALTHY_VM: Record<string, Value> = {
  MEMSZ: 4096, AMIN: 0, AMAX: -1, ASHRS: -3, GRANT: 3000, CNSM: 2800, TCHD: 1200, '%ACTV': 30,
  'MCTL?': 1, MCTLSZ: 0, MCTLTGT: 0, MCTLMAX: 2662.4, SWCUR: 0, SWTGT: 0, 'SWR/s': 0, 'SWW/s': 0,
  CACHESZ: 0, CACHEUSD: 0, 'ZIP/s': 0, 'UNZIP/s': 0,
};

export function group(gid: number, name: string, values: Record<string, Value> = {}, kind: GroupKind = 'vm'): Group {
  const v = makeCounterValues(new Array(COUNTER_COLUMNS.length).fill(null));
  Object.assign(v, HEALTHY_VM, values);
  return { gid, name, kind, values: v, extra: {} };
}

/** A group with every counter missing. */
export function emptyGroup(gid: number, name: string, kind: GroupKind = 'vm'): Group {
  return { gid, name, kind, values: makeCounterValues(new Array(COUNTER_COLUMNS.length).fill(null)), extra: {} };
}

const STATE_NUMBER: Record<MemState, number> = { high: 0, clear: 1, soft: 2, hard: 3, low: 4 };

/** A host with minFree 403 MB in `state`, free memory in that state unless given. */
export function host(state: MemState | null, values: Partial<Record<HostCounterId, Value>> = {}) {
  const v = emptyHostValues();
  const free: Record<MemState, number> = { high: 2000, clear: 590, soft: 300, hard: 200, low: 100 };
  Object.assign(v, { minFree: 403, machine: 8083, managed: 8043, free: state ? free[state] : null, state: state ? STATE_NUMBER[state] : null }, values);
  return { hostname: 'esx01', values: v, state: stateFromNumber(v.state), extra: {} };
}

export function sample(i: number, h: ReturnType<typeof host>, groups: Group[]): Sample {
  return { time: T0 + i * STEP, host: h, groups };
}

/** Pushes the samples; returns the diagnosis of each. */
export function diagnoseAll(samples: Sample[], d = new Diagnoser()): Diagnosis[] {
  return samples.map((s) => d.push(s));
}

export function findings(d: Diagnosis, gid: number | null): Finding[] {
  return gid === null ? d.host : d.groups.find((g) => g.gid === gid)?.findings ?? [];
}

export function codes(d: Diagnosis, gid: number | null): FindingCode[] {
  return findings(d, gid).map((f) => f.code).sort();
}

export function find(d: Diagnosis, gid: number | null, code: FindingCode): Finding | undefined {
  return findings(d, gid).find((f) => f.code === code);
}

export function ev(f: Finding | undefined, counter: string): number | string | null | undefined {
  return f?.evidence.find((e) => e.counter === counter)?.value;
}
