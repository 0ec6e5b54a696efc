/**
 * Turns a parsed scenario file into a `Scenario`, or throws one UserError
 * naming the file, the line, the JSON path and what is wrong:
 * `scenarios/limit.json:14: vms[2].memoryMB: expected a positive number, got "2G"`.
 */
import { UserError } from '../../../errors';
import { sampleTime } from '../../../sample/sample-time';
import { formatLessonTime, MAX_SCENARIO_SECONDS, parseTimeSpec } from './time-spec';
import type { JsonNode } from './json-nodes';
import { parseFieldLine } from '../../../config/field-layout';
import { findColumn } from '../../../fields/registry';
import { MEM_STATES } from '../../../sample/mem-state';
import type { NoteView } from '../../../sample/sample';
import { parseClaim, type Claim } from './claims';
import {
  DEFAULT_START, defaultHungryVm, EVENT_ACTIONS, VM_ACTIVITIES, type Caption, type EventAction, type HostSpec, type Scenario, type SharesSpec, type TimelineEvent, type Trigger, type VmSpec,
} from './scenario';

type Obj = Extract<JsonNode, { kind: 'object' }>;

function describe(n: JsonNode): string {
  switch (n.kind) {
    case 'string':
      return JSON.stringify(n.value);
    case 'number':
      return String(n.value);
    case 'boolean':
      return String(n.value);
    case 'null':
      return 'null';
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
  }
}

/** `2026-01-12T09:00:00Z` (seconds and fractions optional) as a sample time; null for another form or a date that does not exist (02-30, 24:00). */
function parseUtcTime(text: string): number | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(\.\d{1,3})?)?Z$/.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, m[7] ? Math.round(Number(m[7]) * 1000) : 0);
  const d = new Date(ms);
  const exists = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getUTCHours() === hour && d.getUTCMinutes() === minute && d.getUTCSeconds() === second;
  return exists ? sampleTime(ms) : null;
}

class Checker {
  constructor(readonly file: string) {}

  fail(node: { line: number } | number, path: string, what: string): never {
    const line = typeof node === 'number' ? node : node.line;
    throw new UserError(`${this.file}:${line}: ${path ? `${path}: ` : ''}${what}`);
  }

  expected(node: JsonNode, path: string, what: string): never {
    return this.fail(node, path, `expected ${what}, got ${describe(node)}`);
  }

  object(node: JsonNode, path: string, allowed: readonly string[]): Obj {
    if (node.kind !== 'object') this.expected(node, path, 'an object');
    const o = node;
    for (const key of o.entries.keys()) {
      if (!allowed.includes(key)) this.fail(o.keyLines.get(key) ?? o.line, `${path ? path + '.' : ''}${key}`, `unknown property (expected one of: ${allowed.join(', ')})`);
    }
    return o;
  }

  get(o: Obj, key: string): JsonNode | undefined {
    return o.entries.get(key);
  }

  require(o: Obj, path: string, key: string, what: string): JsonNode {
    const n = o.entries.get(key);
    if (!n) this.fail(o, path || '(top level)', `missing "${key}" (${what})`);
    return n;
  }

  string(n: JsonNode, path: string, what = 'a string', maxLength = MAX_NAME_LENGTH): string {
    if (n.kind !== 'string' || n.value.trim() === '') this.expected(n, path, what);
    const value = (n as { value: string }).value;
    if (value.length > maxLength) this.fail(n, path, `longer than ${maxLength} characters (${value.length})`);
    return value;
  }

  boolean(n: JsonNode, path: string): boolean {
    if (n.kind !== 'boolean') this.expected(n, path, 'true or false');
    return (n as { value: boolean }).value;
  }

  number(n: JsonNode, path: string, opts: { min?: number; positive?: boolean; integer?: boolean; max?: number }): number {
    const what = opts.integer ? (opts.positive ? 'a positive whole number' : 'a whole number') : opts.positive ? 'a positive number' : opts.min === 0 ? 'a number >= 0' : 'a number';
    if (n.kind !== 'number' || !Number.isFinite(n.value)) this.expected(n, path, what);
    const v = (n as { value: number }).value;
    if (opts.positive && !(v > 0)) this.expected(n, path, what);
    if (opts.min !== undefined && v < opts.min) this.expected(n, path, what);
    if (opts.integer && !Number.isInteger(v)) this.expected(n, path, what);
    if (opts.max !== undefined && v > opts.max) this.fail(n, path, `must be at most ${opts.max}, got ${v}`);
    return v;
  }

  /** MB as a number, or a share of `ofMB` as `"NN%"`. */
  mbOrPercent(n: JsonNode, path: string, ofMB: number): number {
    if (n.kind === 'string') {
      const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(n.value);
      if (m && Number(m[1]) <= 100) return (Number(m[1]) / 100) * ofMB;
      this.expected(n, path, 'MB as a number >= 0, or a share of memoryMB like "60%"');
    }
    if (n.kind !== 'number' || n.value < 0) this.expected(n, path, 'MB as a number >= 0, or a share of memoryMB like "60%"');
    return (n as { value: number }).value;
  }

  time(n: JsonNode, path: string): number {
    const t = parseTimeSpec(n.kind === 'number' || n.kind === 'string' ? n.value : undefined);
    if (t === null) this.expected(n, path, 'a time of at most a year: seconds, "90s", "2m", "1h" or "m:ss"');
    return t;
  }

  oneOf<T extends string>(n: JsonNode, path: string, options: readonly T[]): T {
    if (n.kind !== 'string' || !options.includes(n.value as T)) this.expected(n, path, `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
    return (n as { value: string }).value as T;
  }
}

/** Budgets of a scenario file (the README's robustness table): past them, one line naming the file, the line and the field. */
const MAX_NAME_LENGTH = 200;
const MAX_CAPTION_LENGTH = 4000;
/** ESXi runs at most 1,024 VMs on a host. */
const MAX_SCENARIO_VMS = 1024;
const MAX_SCENARIO_EVENTS = 10_000;

const TOP_KEYS = ['name', 'description', 'start', 'durationS', 'host', 'vms', 'timeline', 'view', 'instructor'] as const;
const HOST_KEYS = ['name', 'memoryMB', 'kernelMB'] as const;
const VM_KEYS = ['name', 'memoryMB', 'vcpus', 'reservationMB', 'limitMB', 'shares', 'tools', 'maxMemctlMB', 'os', 'guestSwapMB', 'demandMB', 'poweredOn', 'oomProcess'] as const;

/** Extra properties each action takes (besides `at` and `action`). */
const ACTION_KEYS: Record<EventAction, readonly string[]> = {
  narrate: ['text', 'pause', 'when', 'optional', 'expect', 'for', 'view'],
  powerOn: ['vm'],
  powerOff: ['vm'],
  demand: ['vm', 'demandMB', 'rampS'],
  setLimit: ['vm', 'limitMB'],
  removeLimit: ['vm'],
  uninstallTools: ['vm'],
  stopTools: ['vm'],
  startTools: ['vm'],
  setMaxMemctl: ['vm', 'maxMemctlMB'],
};

const VIEW_KEYS = ['fields', 'vmsOnly', 'sort', 'select'] as const;

/** `"view": {"fields": "aBcDefgHiJKLmnOpq", "vmsOnly": true, "sort": "MCTLSZ", "select": "legacy01"}` */
function parseView(c: Checker, n: JsonNode, p: string, vmNames: ReadonlySet<string>): NoteView {
  const o = c.object(n, p, VIEW_KEYS);
  const view: NoteView = {};
  const fields = o.entries.get('fields');
  if (fields) {
    const line = c.string(fields, `${p}.fields`, 'an esxtop memory field line like "aBcDefgHiJKLmnOpq"');
    const layout = parseFieldLine(line);
    if ('problem' in layout) c.fail(fields, `${p}.fields`, layout.problem);
    view.fields = line.trim();
  }
  const vmsOnly = o.entries.get('vmsOnly');
  if (vmsOnly) view.vmsOnly = c.boolean(vmsOnly, `${p}.vmsOnly`);
  const sort = o.entries.get('sort');
  if (sort) {
    const id = c.string(sort, `${p}.sort`, 'a column id like "MCTLSZ"');
    const column = findColumn(id);
    if (!column) c.fail(sort, `${p}.sort`, `no column named ${JSON.stringify(id)}`);
    view.sort = column.id;
  }
  const select = o.entries.get('select');
  if (select) {
    const vm = c.string(select, `${p}.select`, 'the name of a VM');
    if (!vmNames.has(vm)) c.fail(select, `${p}.select`, `no VM named ${JSON.stringify(vm)} (have: ${[...vmNames].join(', ')})`);
    view.select = vm;
  }
  return view;
}

/**
 * `"when": {"host": "soft"}`, `{"hostFallsTo": "hard"}`, `{"hostRisesTo": "clear"}`,
 * `{"vm": "web01", "starts": "ballooning"}`, `{"vm": "big01", "reaches": "MCTLMAX"}`, `{"vm": "api01", "oomKill": true}`
 */
function parseTrigger(c: Checker, n: JsonNode, p: string, vmNames: ReadonlySet<string>): Trigger {
  const o = c.object(n, p, ['host', 'hostFallsTo', 'hostRisesTo', 'vm', 'starts', 'stops', 'reaches', 'oomKill']);
  const hostKeys = (['host', 'hostFallsTo', 'hostRisesTo'] as const).filter((k) => o.entries.has(k));
  if (hostKeys.length > 0) {
    const key = hostKeys[0];
    if (o.entries.size > 1) c.fail(o, p, `"${key}" stands alone: {"${key}": "soft"}`);
    const state = c.oneOf(o.entries.get(key)!, `${p}.${key}`, MEM_STATES);
    return { kind: key === 'host' ? 'hostEnters' : key === 'hostFallsTo' ? 'hostFalls' : 'hostRises', state };
  }
  const vmNode = c.require(o, p, 'vm', 'the VM the event happens to, or "host": STATE');
  const vm = c.string(vmNode, `${p}.vm`);
  if (!vmNames.has(vm)) c.fail(vmNode, `${p}.vm`, `no VM named ${JSON.stringify(vm)} (have: ${[...vmNames].join(', ')})`);
  const events = ['starts', 'stops', 'reaches', 'oomKill'].filter((k) => o.entries.has(k));
  if (events.length !== 1) c.fail(o, p, 'give exactly one of "starts", "stops", "reaches" or "oomKill"');
  const key = events[0];
  const node = o.entries.get(key)!;
  switch (key) {
    case 'starts':
    case 'stops':
      return { kind: key === 'starts' ? 'vmStarts' : 'vmStops', vm, activity: c.oneOf(node, `${p}.${key}`, VM_ACTIVITIES) };
    case 'reaches':
      return { kind: 'vmReaches', vm, column: c.oneOf(node, `${p}.reaches`, ['MCTLMAX', 'MCTLTGT'] as const) };
    default:
      if (!c.boolean(node, `${p}.oomKill`)) c.fail(node, `${p}.oomKill`, 'must be true');
      return { kind: 'oomKill', vm };
  }
}

/** A narrate event's caption: text, pause, the event it waits for, its claims, their window and its view. */
function parseCaption(c: Checker, o: Obj, p: string, vmNames: ReadonlySet<string>): Caption {
  const text = c.string(c.require(o, p, 'text', 'the caption'), `${p}.text`, 'a string', MAX_CAPTION_LENGTH);
  const pause = o.entries.has('pause') ? c.boolean(o.entries.get('pause')!, `${p}.pause`) : false;
  const whenNode = o.entries.get('when');
  const when = whenNode ? parseTrigger(c, whenNode, `${p}.when`, vmNames) : null;
  const optionalNode = o.entries.get('optional');
  const optional = optionalNode ? c.boolean(optionalNode, `${p}.optional`) : false;
  if (optional && !when) c.fail(optionalNode!, `${p}.optional`, 'only a caption tied to an event ("when") may be optional');
  const claims: Claim[] = [];
  const expectNode = o.entries.get('expect');
  if (expectNode) {
    if (expectNode.kind !== 'array') c.expected(expectNode, `${p}.expect`, 'a list of claims like "host soft" or "web01 MCTLSZ > 100"');
    (expectNode).items.forEach((cn, i) => {
      const claim = parseClaim(c.string(cn, `${p}.expect[${i}]`, 'a claim like "host soft" or "web01 MCTLSZ > 100"'), vmNames);
      if ('problem' in claim) c.fail(cn, `${p}.expect[${i}]`, claim.problem);
      claims.push(claim);
    });
  }
  const holdNode = o.entries.get('for');
  const holdS = holdNode ? c.time(holdNode, `${p}.for`) : 0;
  if (holdNode && claims.length === 0) c.fail(holdNode, `${p}.for`, 'a window for claims, but the caption has no "expect"');
  const viewNode = o.entries.get('view');
  const view = viewNode ? parseView(c, viewNode, `${p}.view`, vmNames) : null;
  return { text, pause, when, optional, claims, holdS, view };
}

/** The instructor's memory-hungry VM: `"instructor": {"hungryVm": {...a VM...}}`, or one of 40% of the host. */
function parseInstructor(c: Checker, n: JsonNode | undefined, host: HostSpec, vmNames: ReadonlySet<string>): VmSpec {
  if (n) {
    const o = c.object(n, 'instructor', ['hungryVm']);
    const vmNode = o.entries.get('hungryVm');
    if (vmNode) {
      const vm = parseVm(c, vmNode, 'instructor.hungryVm', VM_KEYS.filter((k) => k !== 'poweredOn'));
      if (vmNames.has(vm.name)) c.fail((vmNode as Obj).entries.get('name')!, 'instructor.hungryVm.name', `${JSON.stringify(vm.name)} is already a VM in vms`);
      return { ...vm, poweredOn: false };
    }
  }
  return defaultHungryVm(host, vmNames);
}

/** One VM object (of `vms`, or the instructor's memory-hungry VM). */
function parseVm(c: Checker, n: JsonNode, p: string, keys: readonly string[]): VmSpec {
  const o = c.object(n, p, keys);
  const nm = c.string(c.require(o, p, 'name', 'the VM name'), `${p}.name`);
  const memoryMB = c.number(c.require(o, p, 'memoryMB', 'configured memory in MB'), `${p}.memoryMB`, { positive: true, max: 24 * 1024 * 1024 });
  const opt = (k: string) => o.entries.get(k);
  const reservationMB = opt('reservationMB') ? c.mbOrPercent(opt('reservationMB')!, `${p}.reservationMB`, memoryMB) : 0;
  if (reservationMB > memoryMB) c.fail(opt('reservationMB')!, `${p}.reservationMB`, `${reservationMB} is more than memoryMB (${memoryMB})`);
  let limitMB: number | null = null;
  if (opt('limitMB') && opt('limitMB')!.kind !== 'null') {
    limitMB = c.number(opt('limitMB')!, `${p}.limitMB`, { positive: true });
    if (limitMB < reservationMB) c.fail(opt('limitMB')!, `${p}.limitMB`, `${limitMB} is less than the reservation (${reservationMB})`);
  }
  let shares: SharesSpec = 'normal';
  const sh = opt('shares');
  if (sh) {
    if (sh.kind === 'number') shares = c.number(sh, `${p}.shares`, { positive: true, integer: true });
    else shares = c.oneOf(sh, `${p}.shares`, ['low', 'normal', 'high'] as const);
  }
  let maxMemctlMB: number | null = null;
  if (opt('maxMemctlMB') && opt('maxMemctlMB')!.kind !== 'null') maxMemctlMB = c.number(opt('maxMemctlMB')!, `${p}.maxMemctlMB`, { min: 0 });
  const demandNode = opt('demandMB');
  const demandMB = demandNode ? c.mbOrPercent(demandNode, `${p}.demandMB`, memoryMB) : memoryMB * 0.3;
  if (demandMB > memoryMB) c.fail(demandNode!, `${p}.demandMB`, `${demandMB} is more than memoryMB (${memoryMB})`);
  return {
    name: nm,
    memoryMB,
    vcpus: opt('vcpus') ? c.number(opt('vcpus')!, `${p}.vcpus`, { positive: true, integer: true, max: 768 }) : 2,
    reservationMB,
    limitMB,
    shares,
    tools: opt('tools') ? c.oneOf(opt('tools')!, `${p}.tools`, ['running', 'stopped', 'none'] as const) : 'running',
    maxMemctlMB,
    os: opt('os') ? c.oneOf(opt('os')!, `${p}.os`, ['linux', 'windows', 'other'] as const) : 'linux',
    guestSwapMB: opt('guestSwapMB') ? c.number(opt('guestSwapMB')!, `${p}.guestSwapMB`, { min: 0 }) : 2048,
    demandMB,
    poweredOn: opt('poweredOn') ? c.boolean(opt('poweredOn')!, `${p}.poweredOn`) : true,
    oomProcess: opt('oomProcess') ? c.string(opt('oomProcess')!, `${p}.oomProcess`) : 'java',
  };
}

export function validateScenario(root: JsonNode, file: string, defaultName: string): Scenario {
  const c = new Checker(file);
  const top = c.object(root, '', TOP_KEYS);

  const name = top.entries.has('name') ? c.string(top.entries.get('name')!, 'name') : defaultName;
  const description = c.string(c.require(top, '', 'description', 'one line for `sim --list`'), 'description', 'a string', MAX_CAPTION_LENGTH);
  if (description.includes('\n')) c.fail(top.entries.get('description')!, 'description', 'must be one line');

  let start = DEFAULT_START;
  const startNode = c.get(top, 'start');
  if (startNode) {
    const s = c.string(startNode, 'start', 'an ISO 8601 UTC time like "2026-01-12T09:00:00Z"');
    const ms = parseUtcTime(s);
    if (ms === null) c.expected(startNode, 'start', 'an ISO 8601 UTC time like "2026-01-12T09:00:00Z" (a real date between 1990 and 2100)');
    start = ms as number;
  }

  const hostObj = c.object(c.require(top, '', 'host', 'the simulated host'), 'host', HOST_KEYS);
  const host: HostSpec = {
    name: hostObj.entries.has('name') ? c.string(hostObj.entries.get('name')!, 'host.name') : 'esx-sim.lab',
    memoryMB: c.number(c.require(hostObj, 'host', 'memoryMB', 'machine memory in MB'), 'host.memoryMB', { positive: true, max: 64 * 1024 * 1024 }),
    kernelMB: hostObj.entries.has('kernelMB') ? c.number(hostObj.entries.get('kernelMB')!, 'host.kernelMB', { min: 0 }) : null,
  };
  if (host.memoryMB < 1024) c.fail(hostObj.entries.get('memoryMB')!, 'host.memoryMB', `must be at least 1024, got ${host.memoryMB}`);
  if (host.kernelMB !== null && host.kernelMB >= host.memoryMB / 2) c.fail(hostObj.entries.get('kernelMB')!, 'host.kernelMB', `must be less than half of host.memoryMB (${host.memoryMB})`);

  const vmsNode = c.require(top, '', 'vms', 'the virtual machines');
  if (vmsNode.kind !== 'array') c.expected(vmsNode, 'vms', 'a list of VMs');
  const vmCount = (vmsNode as Extract<JsonNode, { kind: 'array' }>).items.length;
  if (vmCount > MAX_SCENARIO_VMS) c.fail(vmsNode, 'vms', `${vmCount} VMs; a host runs at most ${MAX_SCENARIO_VMS}`);
  const vms: VmSpec[] = [];
  const vmNames = new Set<string>();
  (vmsNode as Extract<JsonNode, { kind: 'array' }>).items.forEach((n, idx) => {
    const vm = parseVm(c, n, `vms[${idx}]`, VM_KEYS);
    if (vmNames.has(vm.name)) c.fail((n as Obj).entries.get('name')!, `vms[${idx}].name`, `duplicate VM name ${JSON.stringify(vm.name)}`);
    vmNames.add(vm.name);
    vms.push(vm);
  });
  const vmByName = new Map(vms.map((v) => [v.name, v]));
  const hungryVm = parseInstructor(c, c.get(top, 'instructor'), host, vmNames);
  const allNames: ReadonlySet<string> = new Set([...vmNames, hungryVm.name]);
  const viewNode = c.get(top, 'view');
  const view = viewNode ? parseView(c, viewNode, 'view', allNames) : null;

  const timeline: TimelineEvent[] = [];
  /** Each event's time as written, in file order: checked against an explicit durationS. */
  const times: { at: number; node: { line: number }; path: string }[] = [];
  const tlNode = c.get(top, 'timeline');
  if (tlNode) {
    if (tlNode.kind !== 'array') c.expected(tlNode, 'timeline', 'a list of events');
    const eventCount = (tlNode as Extract<JsonNode, { kind: 'array' }>).items.length;
    if (eventCount > MAX_SCENARIO_EVENTS) c.fail(tlNode, 'timeline', `${eventCount} events; at most ${MAX_SCENARIO_EVENTS}`);
    (tlNode as Extract<JsonNode, { kind: 'array' }>).items.forEach((n, idx) => {
      const p = `timeline[${idx}]`;
      if (n.kind !== 'object') c.expected(n, p, 'an event object');
      const actionNode = c.require(n as Obj, p, 'action', `one of ${EVENT_ACTIONS.join(', ')}`);
      const action = c.oneOf(actionNode, `${p}.action`, EVENT_ACTIONS);
      const o = c.object(n, p, ['at', 'action', ...ACTION_KEYS[action]]);
      const tied = action === 'narrate' && o.entries.has('when');
      const atNode = tied ? o.entries.get('at') : c.require(o, p, 'at', 'when it happens, in seconds from the start');
      const at = atNode ? c.time(atNode, `${p}.at`) : 0;
      times.push({ at, node: atNode ?? o, path: `${p}.at` });
      const base = { at, line: o.line };
      if (action === 'narrate') {
        timeline.push({ ...base, action, ...parseCaption(c, o, p, allNames) });
        return;
      }
      const vmNode = c.require(o, p, 'vm', 'the name of a VM in vms');
      const vm = c.string(vmNode, `${p}.vm`);
      const spec = vmByName.get(vm);
      if (!spec) c.fail(vmNode, `${p}.vm`, `no VM named ${JSON.stringify(vm)} in vms (have: ${[...vmByName.keys()].join(', ') || 'none'})`);
      const mem = spec!.memoryMB;
      switch (action) {
        case 'demand': {
          const dn = c.require(o, p, 'demandMB', 'the new working set');
          const demandMB = c.mbOrPercent(dn, `${p}.demandMB`, mem);
          if (demandMB > mem) c.fail(dn, `${p}.demandMB`, `${demandMB} is more than ${vm}'s memoryMB (${mem})`);
          const rampS = o.entries.has('rampS') ? c.time(o.entries.get('rampS')!, `${p}.rampS`) : 0;
          timeline.push({ ...base, action, vm, demandMB, rampS });
          break;
        }
        case 'setLimit': {
          const ln = c.require(o, p, 'limitMB', 'the new limit');
          const limitMB = c.number(ln, `${p}.limitMB`, { positive: true });
          if (limitMB < spec!.reservationMB) c.fail(ln, `${p}.limitMB`, `${limitMB} is less than ${vm}'s reservation (${spec!.reservationMB})`);
          timeline.push({ ...base, action, vm, limitMB });
          break;
        }
        case 'setMaxMemctl':
          timeline.push({ ...base, action, vm, maxMemctlMB: c.number(c.require(o, p, 'maxMemctlMB', 'the new sched.mem.maxmemctl'), `${p}.maxMemctlMB`, { min: 0 }) });
          break;
        default:
          timeline.push({ ...base, action, vm });
      }
    });
  }
  timeline.sort((a, b) => a.at - b.at); // stable: same time keeps file order

  let durationS = timeline.length ? timeline[timeline.length - 1].at + 120 : 600;
  const dn = c.get(top, 'durationS');
  if (dn) durationS = c.number(dn, 'durationS', { positive: true, max: MAX_SCENARIO_SECONDS });
  const late = times.find((t) => t.at > durationS);
  if (late) c.fail(late.node, late.path, `${formatLessonTime(late.at)} is after the end of the lesson (durationS is ${formatLessonTime(durationS)})`);

  return { name, description, file, start, durationS, host, vms, timeline, view, hungryVm };
}
