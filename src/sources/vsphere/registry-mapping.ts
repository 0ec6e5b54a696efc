/**
 * From vSphere objects and counters to a `Sample`, driven by the field
 * registry's `vsphere` mappings: the counters to ask for, the properties to
 * read and the unit conversion all come from `src/fields/`. A value the API
 * does not give is null (missing), never 0.
 */
import { ALL_COLUMNS } from '../../fields/registry';
import { emptyHostValues, HOST_COUNTERS, type HostCounterId } from '../../fields/host-counters';
import type { Group, HostHeader, Value } from '../../sample/sample';
import { stateFromNumber } from '../../sample/mem-state';
import type { ObjectContent, PerfValues } from './vim-api';
import { numberVal } from './vim-api';
import type { XmlElement } from './xml';

interface CounterMapping {
  id: string;
  counter: string;
  scale: number;
}

interface PropertyMapping {
  id: string;
  property: string;
  scale: number;
}

function split<T extends { id: string; vsphere: unknown }>(items: readonly T[]): { counters: CounterMapping[]; properties: PropertyMapping[] } {
  const counters: CounterMapping[] = [];
  const properties: PropertyMapping[] = [];
  for (const item of items) {
    const v = item.vsphere as { counter?: string; property?: string; scale: number } | null;
    if (!v) continue;
    if (v.counter) counters.push({ id: item.id, counter: v.counter, scale: v.scale });
    else if (v.property) properties.push({ id: item.id, property: v.property, scale: v.scale });
  }
  return { counters, properties };
}

export const VM_MAPPING = split(ALL_COLUMNS);
export const HOST_MAPPING = split(HOST_COUNTERS);

/** Properties every VM read needs besides the registry's (identity, state, placement). */
export const VM_BASE_PROPERTIES = ['name', 'runtime.powerState', 'runtime.host'] as const;
export const HOST_BASE_PROPERTIES = ['name', 'parent'] as const;

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
export function gidOf(ref: string): number {
  const m = /(\d+)$/.exec(ref);
  if (m && m[1].length <= 15) return Number(m[1]);
  let h = 0;
  for (let i = 0; i < ref.length; i++) h = (h * 31 + ref.charCodeAt(i)) >>> 0;
  return h;
}

export function vmGroup(vm: ObjectContent, perf: PerfValues, keys: ReadonlyMap<string, number>): Group {
  const values: Record<string, Value> = {};
  for (const col of ALL_COLUMNS) if (col.source === 'counter') values[col.id] = null;
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
  const byId = new Map(HOST_COUNTERS.map((c) => [c.id as string, c]));
  const combine = (id: string, v: Value) => {
    if (v === null) return;
    const cur = values[id as HostCounterId];
    if (cur === null) values[id as HostCounterId] = v;
    else values[id as HostCounterId] = byId.get(id)?.unit === 'state' ? Math.max(cur, v) : round(cur + v);
  };
  for (const h of hosts) {
    for (const p of HOST_MAPPING.properties) combine(p.id, propertyValue(p.property, h.props.get(p.property), p.scale));
    const entity = perf.get(h.obj.value);
    for (const c of HOST_MAPPING.counters) combine(c.id, counterValue(entity, keys, c.counter, c.scale));
  }
  return { hostname, values, state: stateFromNumber(values.state), extra: {} };
}
