/**
 * Where the vSphere API has each registry field, and how a poll's objects and
 * counters become a `Sample`: the counters to ask for, the properties to read
 * and the unit conversion. A value the API does not give is null (missing),
 * never 0.
 */
import type { CounterId } from '../../fields/group-fields';
import { emptyHostValues, HOST_COUNTERS, type HostCounterId } from '../../fields/host-counters';
import { emptyGroupValues } from '../../fields/registry';
import type { Group, HostHeader, Value } from '../../sample/sample';
import { stateFromNumber } from '../../sample/mem-state';
import type { ObjectContent, PerfValues } from './vim-api';
import { numberVal } from './vim-api';
import type { XmlElement } from './xml';

/** A realtime performance counter (group.name.rollup, resolved to a key at run time) or a property path, and the factor to esxtop's unit. */
type VsphereMapping = { counter: string; scale: number } | { property: string; scale: number };

const KB = 1 / 1024;

/** Per-VM fields the API has. */
export const VM_FIELDS: Partial<Record<CounterId, VsphereMapping>> = {
  AMIN: { property: 'config.memoryAllocation.reservation', scale: 1 },
  AMAX: { property: 'config.memoryAllocation.limit', scale: 1 },
  ASHRS: { property: 'config.memoryAllocation.shares.shares', scale: 1 },
  MEMSZ: { property: 'config.hardware.memoryMB', scale: 1 },
  GRANT: { counter: 'mem.granted.average', scale: KB },
  CNSM: { counter: 'mem.consumed.average', scale: KB },
  TCHD: { counter: 'mem.active.average', scale: KB },
  'MCTL?': { property: 'guest.toolsRunningStatus', scale: 1 },
  MCTLSZ: { counter: 'mem.vmmemctl.average', scale: KB },
  MCTLTGT: { counter: 'mem.vmmemctltarget.average', scale: KB },
  SWCUR: { counter: 'mem.swapped.average', scale: KB },
  SWTGT: { counter: 'mem.swaptarget.average', scale: KB },
  'SWR/s': { counter: 'mem.swapinRate.average', scale: KB },
  'SWW/s': { counter: 'mem.swapoutRate.average', scale: KB },
  'LLSWR/s': { counter: 'mem.llSwapInRate.average', scale: KB },
  'LLSWW/s': { counter: 'mem.llSwapOutRate.average', scale: KB },
  ZERO: { counter: 'mem.zero.average', scale: KB },
  SHRD: { counter: 'mem.shared.average', scale: KB },
  OVHD: { counter: 'mem.overhead.average', scale: KB },
  CACHEUSD: { counter: 'mem.compressed.average', scale: KB },
  'ZIP/s': { counter: 'mem.compressionRate.average', scale: KB },
  'UNZIP/s': { counter: 'mem.decompressionRate.average', scale: KB },
};

/** Host header fields the API has. */
export const HOST_FIELDS: Partial<Record<HostCounterId, VsphereMapping>> = {
  machine: { property: 'hardware.memorySize', scale: 1 / (1024 * 1024) },
  state: { counter: 'mem.state.latest', scale: 1 },
  pshareShared: { counter: 'mem.shared.average', scale: KB },
  pshareCommon: { counter: 'mem.sharedcommon.average', scale: KB },
  swapUsed: { counter: 'mem.swapused.average', scale: KB },
  swapReadRate: { counter: 'mem.swapinRate.average', scale: KB },
  swapWriteRate: { counter: 'mem.swapoutRate.average', scale: KB },
  zipped: { counter: 'mem.compressed.average', scale: KB },
  memctlCurrent: { counter: 'mem.vmmemctl.average', scale: KB },
};

interface CounterMapping<K> {
  id: K;
  counter: string;
  scale: number;
}

interface PropertyMapping<K> {
  id: K;
  property: string;
  scale: number;
}

function split<K extends string>(fields: Partial<Record<K, VsphereMapping>>): { counters: CounterMapping<K>[]; properties: PropertyMapping<K>[] } {
  const counters: CounterMapping<K>[] = [];
  const properties: PropertyMapping<K>[] = [];
  for (const [id, m] of Object.entries(fields) as [K, VsphereMapping][]) {
    if ('counter' in m) counters.push({ id, counter: m.counter, scale: m.scale });
    else properties.push({ id, property: m.property, scale: m.scale });
  }
  return { counters, properties };
}

const VM_MAPPING = split(VM_FIELDS);
const HOST_MAPPING = split(HOST_FIELDS);

/** Properties every VM read needs besides the registry's (identity, state, placement). */
const VM_BASE_PROPERTIES = ['name', 'runtime.powerState', 'runtime.host'] as const;
const HOST_BASE_PROPERTIES = ['name', 'parent'] as const;

export const VM_PROPERTIES: readonly string[] = unique([...VM_BASE_PROPERTIES, ...VM_MAPPING.properties.map((p) => p.property)]);
export const HOST_PROPERTIES: readonly string[] = unique([...HOST_BASE_PROPERTIES, ...HOST_MAPPING.properties.map((p) => p.property)]);
/** Every counter name balloontop asks the performance manager for. */
export const COUNTER_NAMES: readonly string[] = unique([...VM_MAPPING.counters, ...HOST_MAPPING.counters].map((c) => c.counter));
export const VM_COUNTER_NAMES: readonly string[] = unique(VM_MAPPING.counters.map((c) => c.counter));
export const HOST_COUNTER_NAMES: readonly string[] = unique(HOST_MAPPING.counters.map((c) => c.counter));

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/**
 * Property values that are words, not numbers. `guest.toolsRunningStatus`
 * feeds MCTL? (the balloon driver ships with VMware Tools): running = 1.
 */
const WORD_VALUES: Record<string, (word: string) => number | null> = {
  'guest.toolsRunningStatus': (w) => (w === 'guestToolsRunning' ? 1 : w === 'guestToolsNotRunning' || w === 'guestToolsExecutingScripts' ? 0 : null),
};

function propertyValue(path: string, val: XmlElement | undefined, scale: number): Value {
  if (!val) return null;
  const word = WORD_VALUES[path];
  if (word) return word(val.text.trim());
  const n = numberVal(val);
  return n === null ? null : round(n * scale);
}

/** Two decimals, as esxtop writes MB and MB/s (and as captures carry them). */
function round(v: number): number {
  return Math.round(v * 100) / 100;
}

function counterValue(perf: Map<number, number | null> | undefined, keys: ReadonlyMap<string, number>, name: string, scale: number): Value {
  const key = keys.get(name);
  if (key === undefined || !perf) return null;
  const v = perf.get(key);
  return v === null || v === undefined ? null : round(v * scale);
}

/** esxtop's GID for a VM: the number in its managed object id (`vm-42` = 42, `42` = 42). */
function gidOf(ref: string): number {
  const m = /(\d+)$/.exec(ref);
  if (m && m[1].length <= 15) return Number(m[1]);
  let h = 0;
  for (let i = 0; i < ref.length; i++) h = (h * 31 + ref.charCodeAt(i)) >>> 0;
  return h;
}

export function vmGroup(vm: ObjectContent, perf: PerfValues, keys: ReadonlyMap<string, number>): Group {
  const values: Group['values'] = emptyGroupValues();
  for (const p of VM_MAPPING.properties) values[p.id] = propertyValue(p.property, vm.props.get(p.property), p.scale);
  const entity = perf.get(vm.obj.value);
  for (const c of VM_MAPPING.counters) values[c.id] = counterValue(entity, keys, c.counter, c.scale);
  return {
    gid: gidOf(vm.obj.value),
    name: vm.props.get('name')?.text ?? vm.obj.value,
    kind: 'vm',
    values,
    extra: {},
  };
}

/**
 * The host header. With several hosts (a cluster) the MB counters are summed
 * and the state is the worst one.
 */
export function hostHeader(hosts: readonly ObjectContent[], perf: PerfValues, keys: ReadonlyMap<string, number>, hostname: string | null): HostHeader {
  const values = emptyHostValues();
  const unit = new Map(HOST_COUNTERS.map((c) => [c.id, c.unit]));
  const combine = (id: HostCounterId, v: Value) => {
    if (v === null) return;
    const cur = values[id];
    if (cur === null) values[id] = v;
    else values[id] = unit.get(id) === 'state' ? Math.max(cur, v) : round(cur + v);
  };
  for (const h of hosts) {
    for (const p of HOST_MAPPING.properties) combine(p.id, propertyValue(p.property, h.props.get(p.property), p.scale));
    const entity = perf.get(h.obj.value);
    for (const c of HOST_MAPPING.counters) combine(c.id, counterValue(entity, keys, c.counter, c.scale));
  }
  return { hostname, values, state: stateFromNumber(values.state), extra: {} };
}
