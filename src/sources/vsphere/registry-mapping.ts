/**
 * Where the vSphere API has each registry field, and how a poll's objects and
 * counters become a `Sample`: the counters to ask for, the properties to read,
 * the unit conversion, and the fields computed from the same poll's values
 * (a host's free memory, the sums over its VMs). A value the API does not give
 * is null (missing), never 0; why is in `live-gaps.ts`.
 *
 * Each mapping says whether it is exact (the counter or property is the
 * quantity esxtop shows) or an approximation (a neighbouring quantity, or a
 * computation); approximate values are listed in the sample
 * (`Group.approximate`, `HostHeader.approximate`), which `--json` writes.
 */
import type { CounterId } from '../../fields/group-fields';
import { HOST_COUNTERS, HOST_COUNTER_IDS, type HostCounterId } from '../../fields/host-counters';
import { COUNTER_IDS } from '../../fields/registry';
import { makeCounterValues } from '../../fields/values-factory';
import type { Group, HostHeader, Value } from '../../sample/sample';
import { stateFromNumber } from '../../sample/mem-state';
import type { OvercommitAverages } from './overcommit';
import type { PerfValues } from './perf-reader';
import type { ObjectContent } from './property-reader';
import { child, type XmlElement } from './xml';

/** A realtime performance counter (group.name.rollup, resolved to a key at run time) and the factor to esxtop's unit. */
interface CounterMapping {
  counter: string;
  scale: number;
  approximate: boolean;
}

/** A property read every poll, and how its `<val>` becomes a number. */
interface PropertyMapping {
  property: string;
  read: (val: XmlElement) => Value;
  approximate: boolean;
}

/** Computed from other values of the same poll; `from` says how (the README's table quotes it). */
interface DerivedMapping {
  derived: string;
  /** `unless-configured`: exact when the VM sets the option the value comes from. */
  approximate: boolean | 'unless-configured';
}

export type VsphereMapping = CounterMapping | PropertyMapping | DerivedMapping;

const KB = 1 / 1024;
const EXACT = false;
const APPROXIMATE = true;

/** Two decimals, as esxtop writes MB and MB/s (and as captures carry them). */
function round(v: number): number {
  return Math.round(v * 100) / 100;
}

function numberOf(val: XmlElement): Value {
  const t = val.text.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

const kb = (counter: string, approximate = EXACT): CounterMapping => ({ counter, scale: KB, approximate });
const mbProperty = (property: string, scale = 1): PropertyMapping => ({
  property,
  read: (val) => {
    const v = numberOf(val);
    return v === null ? null : round(v * scale);
  },
  approximate: EXACT,
});

/**
 * esxtop writes a preset share level as a negative number: -3 for normal (as a
 * real ESXi 6.5 capture shows), -2 for low and -4 for high (inferred from it,
 * as the simulated host does); custom shares as their number.
 */
const SHARE_LEVELS: Record<string, number> = { low: -2, normal: -3, high: -4 };

function sharesValue(val: XmlElement): Value {
  const level = child(val, 'level')?.text.trim() ?? '';
  if (level in SHARE_LEVELS) return SHARE_LEVELS[level];
  const shares = child(val, 'shares');
  return shares ? numberOf(shares) : null;
}

/** Per-VM fields the API has. */
export const VM_FIELDS: Partial<Record<CounterId, VsphereMapping>> = {
  AMIN: mbProperty('config.memoryAllocation.reservation'),
  AMAX: mbProperty('config.memoryAllocation.limit'),
  ASHRS: { property: 'config.memoryAllocation.shares', read: sharesValue, approximate: EXACT },
  MEMSZ: mbProperty('config.hardware.memoryMB'),
  GRANT: kb('mem.granted.average'),
  CNSM: kb('mem.consumed.average'),
  SZTGT: kb('mem.entitlement.average', APPROXIMATE),
  TCHD: kb('mem.active.average'),
  TCHD_W: kb('mem.activewrite.average'),
  '%ACTV': { counter: 'mem.usage.average', scale: 0.01, approximate: APPROXIMATE },
  'MCTL?': { derived: 'guest.toolsRunningStatus: running = Y (the balloon driver ships with VMware Tools); N when sched.mem.maxmemctl is 0', approximate: APPROXIMATE },
  MCTLSZ: kb('mem.vmmemctl.average'),
  MCTLTGT: kb('mem.vmmemctltarget.average'),
  MCTLMAX: { derived: 'sched.mem.maxmemctl from config.extraConfig; without it, 65% of MEMSZ, at most MEMSZ - AMIN', approximate: 'unless-configured' },
  SWCUR: kb('mem.swapped.average'),
  SWTGT: kb('mem.swaptarget.average'),
  'SWR/s': kb('mem.swapinRate.average'),
  'SWW/s': kb('mem.swapoutRate.average'),
  'LLSWR/s': kb('mem.llSwapInRate.average'),
  'LLSWW/s': kb('mem.llSwapOutRate.average'),
  ZERO: kb('mem.zero.average'),
  SHRD: kb('mem.shared.average'),
  OVHD: kb('mem.overhead.average'),
  OVHDMAX: kb('mem.overheadMax.average'),
  CACHEUSD: kb('mem.compressed.average'),
  'ZIP/s': kb('mem.compressionRate.average'),
  'UNZIP/s': kb('mem.decompressionRate.average'),
};

/** Host header fields the API has. */
export const HOST_FIELDS: Partial<Record<HostCounterId, VsphereMapping>> = {
  overcommit1: { derived: 'max(0, sum of the VMs\' MEMSZ / managed - 1), averaged over the polls of the last minute', approximate: APPROXIMATE },
  overcommit5: { derived: 'the same, averaged over 5 minutes', approximate: APPROXIMATE },
  overcommit15: { derived: 'the same, averaged over 15 minutes', approximate: APPROXIMATE },
  machine: mbProperty('hardware.memorySize', 1 / (1024 * 1024)),
  kernel: kb('mem.sysUsage.average', APPROXIMATE),
  nonKernel: { derived: 'total - vmk - free', approximate: APPROXIMATE },
  free: { derived: 'total - mem.consumed.average of the host', approximate: APPROXIMATE },
  managed: { derived: 'rsvd + ursvd', approximate: APPROXIMATE },
  minFree: kb('mem.lowfreethreshold.average', APPROXIMATE),
  reserved: { counter: 'mem.reservedCapacity.average', scale: 1, approximate: APPROXIMATE },
  unreserved: kb('mem.unreserved.average', APPROXIMATE),
  state: { counter: 'mem.state.latest', scale: 1, approximate: EXACT },
  pshareShared: kb('mem.shared.average'),
  pshareCommon: kb('mem.sharedcommon.average'),
  pshareSavings: { derived: 'shared - common', approximate: EXACT },
  swapUsed: kb('mem.swapused.average'),
  swapTarget: { derived: 'sum of the VMs\' SWTGT', approximate: APPROXIMATE },
  swapReadRate: kb('mem.swapinRate.average'),
  swapWriteRate: kb('mem.swapoutRate.average'),
  zipped: kb('mem.compressed.average'),
  zipSaved: { derived: 'sum of the VMs\' mem.zipSaved.latest', approximate: APPROXIMATE },
  memctlCurrent: kb('mem.vmmemctl.average'),
  memctlTarget: { derived: 'sum of the VMs\' MCTLTGT', approximate: APPROXIMATE },
  memctlMax: { derived: 'sum of the VMs\' MCTLMAX', approximate: APPROXIMATE },
};

/** Counters read for derived fields only. */
const VM_ZIP_SAVED = 'mem.zipSaved.latest';
const HOST_CONSUMED = 'mem.consumed.average';

/** `sched.mem.maxmemctl` is read from `config.extraConfig` (`vm-config.ts`); this is the default cap. */
const DEFAULT_MCTL_MAX_SHARE = 0.65;

const TOOLS_RUNNING = 'guest.toolsRunningStatus';
/** Properties every VM read needs besides the registry's: identity, state, placement, when its configuration changed, Tools. */
const VM_BASE_PROPERTIES = ['name', 'runtime.powerState', 'runtime.host', 'config.changeVersion', TOOLS_RUNNING] as const;
const HOST_BASE_PROPERTIES = ['name', 'parent', 'runtime.inMaintenanceMode', 'runtime.connectionState'] as const;

function isCounter(m: VsphereMapping): m is CounterMapping {
  return 'counter' in m;
}

function isProperty(m: VsphereMapping): m is PropertyMapping {
  return 'property' in m;
}

function entries<K extends string>(fields: Partial<Record<K, VsphereMapping>>): [K, VsphereMapping][] {
  return Object.entries(fields) as [K, VsphereMapping][];
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

export const VM_PROPERTIES: readonly string[] = unique([...VM_BASE_PROPERTIES, ...Object.values(VM_FIELDS).filter(isProperty).map((m) => m.property)]);
export const HOST_PROPERTIES: readonly string[] = unique([...HOST_BASE_PROPERTIES, ...Object.values(HOST_FIELDS).filter(isProperty).map((m) => m.property)]);
const VM_COUNTER_NAMES: readonly string[] = unique([...Object.values(VM_FIELDS).filter(isCounter).map((m) => m.counter), VM_ZIP_SAVED]);
const HOST_COUNTER_NAMES: readonly string[] = unique([...Object.values(HOST_FIELDS).filter(isCounter).map((m) => m.counter), HOST_CONSUMED]);
/** Every counter name balloontop asks the performance manager for. */
export const COUNTER_NAMES: readonly string[] = unique([...VM_COUNTER_NAMES, ...HOST_COUNTER_NAMES]);

const COUNTER_INDEX = new Map<string, number>(COUNTER_IDS.map((id, i) => [id, i]));
const index = (id: CounterId) => COUNTER_INDEX.get(id) as number;
const I = { AMIN: index('AMIN'), MEMSZ: index('MEMSZ'), MCTL: index('MCTL?'), MCTLMAX: index('MCTLMAX') };

function approximateIds<K extends string>(fields: Partial<Record<K, VsphereMapping>>, which: (a: DerivedMapping['approximate']) => boolean): readonly K[] {
  return Object.freeze(entries(fields).filter(([, m]) => which(m.approximate)).map(([id]) => id));
}

/** A VM's approximate columns, shared by every VM (one list with MCTLMAX, one without). */
const VM_APPROXIMATE = approximateIds(VM_FIELDS, (a) => a !== false);
const VM_APPROXIMATE_CONFIGURED = approximateIds(VM_FIELDS, (a) => a === true);
const HOST_APPROXIMATE = approximateIds(HOST_FIELDS, (a) => a !== false);

/** What a VM's configuration says beyond its properties (`vm-config.ts`): `sched.mem.maxmemctl` in MB, or null when unset. */
type MaxMemctlOf = (vmRef: string) => number | null;

interface Slot<K> {
  id: K;
  key: number;
  scale: number;
}

/** The mappings with their counter keys resolved on one server (keys differ between ESXi and vCenter). */
export class LiveMapping {
  /** Counter keys to ask for each VM and each host. */
  readonly vmCounterKeys: readonly number[];
  readonly hostCounterKeys: readonly number[];
  private readonly vmCounters: Slot<number>[];
  private readonly vmProperties: { slot: number; property: string; read: (val: XmlElement) => Value }[];
  private readonly hostCounters: Slot<HostCounterId>[];
  private readonly hostProperties: { id: HostCounterId; property: string; read: (val: XmlElement) => Value }[];
  private readonly zipSavedKey: number | undefined;
  private readonly consumedKey: number | undefined;
  private readonly scratch: Value[] = new Array<Value>(COUNTER_IDS.length);

  constructor(keys: ReadonlyMap<string, number>) {
    const resolved = <K>(fields: [K, VsphereMapping][]) =>
      fields.flatMap(([id, m]) => {
        const key = isCounter(m) ? keys.get(m.counter) : undefined;
        return isCounter(m) && key !== undefined ? [{ id, key, scale: m.scale }] : [];
      });
    this.vmCounters = resolved(entries(VM_FIELDS)).map((s) => ({ ...s, id: index(s.id) }));
    this.hostCounters = resolved(entries(HOST_FIELDS));
    this.vmProperties = entries(VM_FIELDS).flatMap(([id, m]) => (isProperty(m) ? [{ slot: index(id), property: m.property, read: m.read }] : []));
    this.hostProperties = entries(HOST_FIELDS).flatMap(([id, m]) => (isProperty(m) ? [{ id, property: m.property, read: m.read }] : []));
    this.zipSavedKey = keys.get(VM_ZIP_SAVED);
    this.consumedKey = keys.get(HOST_CONSUMED);
    const known = (names: readonly string[]) => unique(names.map((n) => keys.get(n)).filter((k): k is number => k !== undefined));
    this.vmCounterKeys = known(VM_COUNTER_NAMES);
    this.hostCounterKeys = known(HOST_COUNTER_NAMES);
  }

  vmGroup(vm: ObjectContent, perf: PerfValues, maxMemctlOf: MaxMemctlOf): Group {
    const v = this.scratch.fill(null);
    for (const p of this.vmProperties) {
      const val = vm.props.get(p.property);
      v[p.slot] = val ? p.read(val) : null;
    }
    const ref = vm.obj.value;
    for (const c of this.vmCounters) {
      const x = perf.get(ref, c.key);
      v[c.id] = x === null ? null : round(x * c.scale);
    }
    const maxMemctl = maxMemctlOf(ref);
    const tools = vm.props.get(TOOLS_RUNNING)?.text.trim();
    v[I.MCTL] = tools === undefined || tools === '' ? null : tools === 'guestToolsRunning' && maxMemctl !== 0 ? 1 : 0;
    const memsz = v[I.MEMSZ];
    if (maxMemctl !== null) v[I.MCTLMAX] = maxMemctl;
    else if (memsz !== null) v[I.MCTLMAX] = round(Math.max(0, Math.min(memsz * DEFAULT_MCTL_MAX_SHARE, memsz - (v[I.AMIN] ?? 0))));
    return {
      gid: gidOf(ref),
      name: vm.props.get('name')?.text ?? ref,
      kind: 'vm',
      values: makeCounterValues(v),
      extra: {},
      approximate: present(maxMemctl !== null ? VM_APPROXIMATE_CONFIGURED : VM_APPROXIMATE, (id) => v[index(id)]),
    };
  }

  /** The VMs' `mem.zipSaved`, summed in MB (host ZIP saved), or null when no VM has it. */
  private zipSaved(vms: readonly ObjectContent[], perf: PerfValues): Value {
    if (this.zipSavedKey === undefined) return null;
    let sum: number | null = null;
    for (const vm of vms) {
      const x = perf.get(vm.obj.value, this.zipSavedKey);
      if (x !== null) sum = (sum ?? 0) + x * KB;
    }
    return sum === null ? null : round(sum);
  }

  /**
   * The host header. With several hosts (a cluster) the MB counters are
   * summed and the state is the worst one; the fields derived from the VMs
   * sum the VMs of the sample (the target's powered-on VMs).
   */
  hostHeader(hosts: readonly ObjectContent[], vms: readonly ObjectContent[], groups: readonly Group[], perf: PerfValues, hostname: string | null, overcommit: OvercommitAverages, time: number): HostHeader {
    const values: Record<HostCounterId, Value> = Object.fromEntries(HOST_COUNTER_IDS.map((id) => [id, null])) as Record<HostCounterId, Value>;
    const add = (id: HostCounterId, x: Value) => {
      if (x === null) return;
      const cur = values[id];
      values[id] = cur === null ? x : UNITS.get(id) === 'state' ? Math.max(cur, x) : round(cur + x);
    };
    let consumed: number | null = null;
    for (const h of hosts) {
      for (const p of this.hostProperties) {
        const val = h.props.get(p.property);
        add(p.id, val ? p.read(val) : null);
      }
      for (const c of this.hostCounters) {
        const x = perf.get(h.obj.value, c.key);
        add(c.id, x === null ? null : round(x * c.scale));
      }
      const used = this.consumedKey === undefined ? null : perf.get(h.obj.value, this.consumedKey);
      if (used !== null) consumed = (consumed ?? 0) + used * KB;
    }
    const sum = (id: CounterId): Value => {
      let total: number | null = null;
      for (const g of groups) {
        const x = g.values[id];
        if (x !== null) total = (total ?? 0) + x;
      }
      return total === null ? null : round(total);
    };
    const minus = (a: Value, b: Value): Value => (a === null || b === null ? null : round(a - b));
    values.pshareSavings = minus(values.pshareShared, values.pshareCommon);
    values.free = consumed === null ? null : minus(values.machine, round(consumed));
    values.nonKernel = minus(minus(values.machine, values.kernel), values.free);
    values.managed = values.reserved === null || values.unreserved === null ? null : round(values.reserved + values.unreserved);
    values.swapTarget = sum('SWTGT');
    values.zipSaved = this.zipSaved(vms, perf);
    values.memctlTarget = sum('MCTLTGT');
    values.memctlMax = sum('MCTLMAX');
    const configured = sum('MEMSZ');
    const managed = values.managed ?? values.machine;
    const now = configured === null || !managed ? null : Math.max(0, configured / managed - 1);
    [values.overcommit1, values.overcommit5, values.overcommit15] = overcommit.update(time, now);
    return { hostname, values, state: stateFromNumber(values.state), extra: {}, approximate: present(HOST_APPROXIMATE, (id) => values[id]) };
  }
}

/** The ids of `ids` whose values are there: the shared list itself when all are (the usual case). */
function present<K extends string>(ids: readonly K[], valueOf: (id: K) => Value): readonly K[] {
  return ids.every((id) => valueOf(id) !== null) ? ids : ids.filter((id) => valueOf(id) !== null);
}

const UNITS = new Map<string, string>(HOST_COUNTERS.map((c) => [c.id, c.unit]));

/** esxtop's GID for a VM: the number in its managed object id (`vm-42` = 42, `42` = 42). */
function gidOf(ref: string): number {
  const m = /(\d+)$/.exec(ref);
  if (m && m[1].length <= 15) return Number(m[1]);
  let h = 0;
  for (let i = 0; i < ref.length; i++) h = (h * 31 + ref.charCodeAt(i)) >>> 0;
  return h;
}
