/**
 * balloontop's own recording format: JSON lines, optionally gzip.
 *
 * Line 1 is the header: the format name and version, where the recording came
 * from, and the fields (host counter ids and per-group column ids, from the
 * registry). Every further line is one sample with its values in the header's
 * order, so that a recording made by an older or newer balloontop (another
 * registry) still loads: values are mapped by id, unknown ids are kept as
 * extra, ids the recording lacks are missing (null).
 *
 * Sample line: `{"t":ms,"h":[host values],"g":[[gid,name,kind,[values],{extra}?,[approximate ids]?],...]}`
 * plus optional keys `hx` (unknown host counters), `st` (state word when the
 * source gave one the numeric state does not imply), `hn` (host name when it
 * differs from the header's), `hc` (`[worlds, vCPUs]` of the summary line,
 * when the source counted them), `ha` (host counters whose values are
 * approximations), `n` (narration notes: `{text, pause}`, and optionally the
 * lesson's `view` and `end`) and `gu` (the guest's own view, `balloontop
 * guest`: see `guest-line.ts`). A group's approximate ids follow its extra
 * counters (`{}` when it has none); readers that predate them ignore both
 * optional parts.
 */
import { HOST_COUNTER_IDS, type HostCounterId } from '../../fields/host-counters';
import { ALL_COLUMNS, COUNTER_IDS, emptyGroupValues } from '../../fields/registry';
import { MEM_STATES, stateFromNumber, type MemState } from '../../sample/mem-state';
import type { CounterId } from '../../fields/group-fields';
import type { Group, GroupKind, GroupValues, NoteView, Sample, SampleNote, Value } from '../../sample/sample';
import { decodeGuest, encodeGuest, type GuestLine } from './guest-line';
import { sampleTime, timeProblem } from '../../sample/sample-time';
import type { PlannedGroup } from '../source';

export const RECORDING_FORMAT = 'balloontop-recording';

/**
 * Budgets of a line (the README's robustness table). A sample of a host with
 * 5,000 groups is about 2 MB, 260,000 values, 4 levels deep; JSON.parse is
 * only given lines within these, so no line can cost more than a few times
 * its size in memory, whatever it holds.
 */
export const MAX_LINE_BYTES = 16 << 20;
const MAX_DEPTH = 8;
const MAX_VALUES = 1_000_000;
const MAX_STRING_CHARS = 64 << 10;

/**
 * Why `text` is beyond a line's budgets (nesting, values, string length), or
 * null: one pass over the characters, before JSON.parse builds anything.
 */
export function lineShapeProblem(text: string): string | null {
  let depth = 0;
  let values = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
      if (i - start > MAX_STRING_CHARS) return `a string longer than ${MAX_STRING_CHARS >> 10} K characters`;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > MAX_DEPTH) return `nested more than ${MAX_DEPTH} deep`;
      values++;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
    else if (c === 0x2c /* , */ && ++values > MAX_VALUES) return `more than ${MAX_VALUES} values`;
  }
  return null;
}
export const RECORDING_VERSION = 1;

export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  version: number;
  /** Where the samples came from: a `SourceKind`, or whatever another build wrote. */
  source: { kind: string; label: string };
  hostname: string | null;
  /** ISO-8601 UTC time the recording was started. */
  created: string;
  fields: {
    /** Host counter ids in the order of each sample's `h` array. */
    host: string[];
    /** Per-group column ids in the order of each group's values array. */
    group: string[];
  };
  /**
   * Groups the source announced before they appear (a simulated VM that
   * powers on later), `[gid, name, kind]`: esxtop-style CSV written from the
   * recording or a feed gives them columns from its first line. Absent: none.
   */
  planned?: [number, string, GroupKind][];
}

/** At most this many planned groups are read from a header (the rest are left out). */
const MAX_PLANNED = 10_000;
/** The group kinds a recording may name. */
const KINDS = new Set<string>(['vm', 'userworld', 'system']);

function plannedGroups(x: unknown): [number, string, GroupKind][] {
  if (!Array.isArray(x)) return [];
  return x
    .slice(0, MAX_PLANNED)
    .filter((p): p is [number, string, GroupKind] => Array.isArray(p) && Number.isSafeInteger(p[0]) && typeof p[1] === 'string' && p[1].length <= MAX_STRING_CHARS && KINDS.has(p[2] as string))
    .map(([gid, name, kind]) => [gid, name, kind]);
}

/** The fields this build writes: straight from the registry. */
export function currentFields(): RecordingHeader['fields'] {
  return { host: [...HOST_COUNTER_IDS], group: [...COUNTER_IDS] };
}

export function makeHeader(source: { kind: string; label: string }, hostname: string | null, created: Date = new Date(), planned: readonly PlannedGroup[] = []): RecordingHeader {
  const header: RecordingHeader = { format: RECORDING_FORMAT, version: RECORDING_VERSION, source: { kind: source.kind, label: source.label }, hostname, created: created.toISOString(), fields: currentFields() };
  if (planned.length > 0) header.planned = planned.map((p) => [p.gid, p.name, p.kind]);
  return header;
}

/** The header's planned groups as a source announces them. */
export function headerPlannedGroups(header: RecordingHeader): PlannedGroup[] {
  return (header.planned ?? []).map(([gid, name, kind]) => ({ gid, name, kind }));
}

export function sameFields(a: RecordingHeader['fields'], b: RecordingHeader['fields']): boolean {
  return a.host.length === b.host.length && a.group.length === b.group.length && a.host.every((id, i) => b.host[i] === id) && a.group.every((id, i) => b.group[i] === id);
}

type GroupLine =
  | [number, string, GroupKind, Value[]]
  | [number, string, GroupKind, Value[], Record<string, Value>]
  | [number, string, GroupKind, Value[], Record<string, Value>, readonly string[]];

interface SampleLine {
  t: number;
  h: Value[];
  hx?: Record<string, Value>;
  st?: MemState | null;
  hn?: string | null;
  hc?: [number, number];
  ha?: readonly string[];
  g: GroupLine[];
  n?: SampleNote[];
  gu?: GuestLine;
}

function isEmpty(o: Record<string, unknown>): boolean {
  for (const _ in o) return false;
  return true;
}

/** A finite number or null (NaN and infinities cannot be written as JSON numbers). */
function clean(v: Value | undefined): Value {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** One sample as one line of JSON (no line break), in the header's field order. */
export function encodeSample(s: Sample, header: RecordingHeader): string {
  const hostValues = s.host.values as Record<string, Value>;
  const line: SampleLine = { t: s.time, h: header.fields.host.map((id) => clean(hostValues[id])), g: [] };
  if (!isEmpty(s.host.extra)) line.hx = s.host.extra;
  const implied = stateFromNumber(s.host.values.state);
  if (s.host.state !== implied) line.st = s.host.state;
  if (s.host.hostname !== header.hostname) line.hn = s.host.hostname;
  if (s.host.cpu) line.hc = [s.host.cpu.worlds, s.host.cpu.vcpus];
  if (s.host.approximate && s.host.approximate.length > 0) line.ha = s.host.approximate;
  for (const g of s.groups) {
    const byId = g.values as Record<string, Value>;
    const values = header.fields.group.map((id) => clean(byId[id]));
    if (g.approximate && g.approximate.length > 0) line.g.push([g.gid, g.name, g.kind, values, g.extra, g.approximate]);
    else line.g.push(isEmpty(g.extra) ? [g.gid, g.name, g.kind, values] : [g.gid, g.name, g.kind, values, g.extra]);
  }
  if (s.notes && s.notes.length > 0) line.n = s.notes;
  if (s.guest) line.gu = encodeGuest(s.guest);
  return JSON.stringify(line);
}

export function encodeHeader(h: RecordingHeader): string {
  return JSON.stringify(h);
}

/** Why a header line is not a recording header, or the header. */
export function decodeHeader(line: string): RecordingHeader | { problem: string } {
  // An editor that saved the file may have put a byte order mark before it, as `replay` allows.
  const text = line.startsWith('\uFEFF') ? line.slice(1) : line;
  const shape = lineShapeProblem(text);
  if (shape) return { problem: `not a balloontop recording (the first line is ${shape})` };
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return { problem: 'not a balloontop recording (the first line is not JSON)' };
  }
  const h = o as Partial<RecordingHeader>;
  if (!h || typeof h !== 'object' || h.format !== RECORDING_FORMAT) return { problem: `not a balloontop recording (the first line has no "format":"${RECORDING_FORMAT}")` };
  if (typeof h.version !== 'number' || !Number.isInteger(h.version) || h.version < 1) return { problem: `recording header: bad format version ${JSON.stringify(h.version)}` };
  const f = h.fields;
  const ids = (x: unknown) => Array.isArray(x) && x.every((i) => typeof i === 'string');
  if (!f || !ids(f.host) || !ids(f.group)) return { problem: 'recording header: "fields" must list "host" and "group" ids' };
  const src = h.source && typeof h.source === 'object' ? h.source : { kind: 'unknown', label: '' };
  return {
    format: RECORDING_FORMAT,
    version: h.version,
    source: { kind: String(src.kind), label: String(src.label) },
    hostname: typeof h.hostname === 'string' ? h.hostname : null,
    created: typeof h.created === 'string' ? h.created : '',
    fields: { host: f.host, group: f.group },
    ...(Array.isArray(h.planned) ? { planned: plannedGroups(h.planned) } : {}),
  };
}

/**
 * How a recording's fields map onto this build's registry: for each position
 * in the recording, the id to store under and whether the registry knows it.
 */
export interface FieldMap {
  host: { id: string; known: boolean }[];
  group: { id: string; known: boolean }[];
}

export function fieldMap(fields: RecordingHeader['fields']): FieldMap {
  const hostKnown = new Set<string>(HOST_COUNTER_IDS);
  const groupKnown = new Set<string>(COUNTER_IDS);
  return {
    host: fields.host.map((id) => ({ id, known: hostKnown.has(id) })),
    group: fields.group.map((id) => ({ id, known: groupKnown.has(id) })),
  };
}

const STATES = new Set<string>(MEM_STATES);

function value(v: unknown): Value | undefined {
  if (v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return undefined;
}

/** `o[name] = v` that also keeps a counter named `__proto__` (an assignment would set the prototype and lose it). */
function setOwn(o: Record<string, Value>, name: string, v: Value): void {
  Object.defineProperty(o, name, { value: v, enumerable: true, writable: true, configurable: true });
}

function valueRecord(o: unknown): Record<string, Value> | undefined {
  if (o === undefined) return {};
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(o)) {
    const x = value(v);
    if (x === undefined) return undefined;
    setOwn(out, k, x);
  }
  return out;
}

/** A sample line back to a `Sample`, or a short reason why it is not one. */
export function decodeSample(text: string, header: RecordingHeader, map: FieldMap): Sample | { problem: string } {
  const shape = lineShapeProblem(text);
  if (shape) return { problem: shape };
  let o: SampleLine;
  try {
    o = JSON.parse(text) as SampleLine;
  } catch {
    return { problem: 'not valid JSON' };
  }
  if (!o || typeof o !== 'object' || typeof o.t !== 'number' || !Number.isFinite(o.t)) return { problem: 'no time "t"' };
  const time = sampleTime(o.t);
  if (time === null) return { problem: `time "t": ${timeProblem(o.t)}` };
  if (!Array.isArray(o.h) || o.h.length !== map.host.length) return { problem: `"h" must hold ${map.host.length} host values` };
  if (!Array.isArray(o.g)) return { problem: 'no groups "g"' };
  const values = Object.fromEntries(HOST_COUNTER_IDS.map((id) => [id, null])) as Record<HostCounterId, Value>;
  const hostExtra = valueRecord(o.hx);
  if (!hostExtra) return { problem: '"hx" must map names to numbers' };
  for (let i = 0; i < map.host.length; i++) {
    const v = value(o.h[i]);
    if (v === undefined) return { problem: `host value ${map.host[i].id} is not a number` };
    if (map.host[i].known) (values as Record<string, Value>)[map.host[i].id] = v;
    else setOwn(hostExtra, map.host[i].id, v);
  }
  const groups: Group[] = [];
  const gids = new Set<number>();
  for (const g of o.g) {
    if (!Array.isArray(g) || typeof g[0] !== 'number' || typeof g[1] !== 'string' || !KINDS.has(g[2]) || !Array.isArray(g[3]) || g[3].length !== map.group.length) {
      return { problem: `a group must be [gid, name, kind, ${map.group.length} values]` };
    }
    // A GID a double cannot hold exactly (23 digits) would be read as another one: the line is refused instead.
    if (!Number.isSafeInteger(g[0])) return { problem: `group GID ${String(g[0]).slice(0, 30)} is not a whole number balloontop can hold exactly` };
    // Two groups with one GID would be taken for one (the diagnosis and the report follow a group by its GID).
    if (gids.has(g[0])) return { problem: `two groups with GID ${g[0]}` };
    gids.add(g[0]);
    const gv: Record<string, Value> = emptyGroupValues();
    const extra = valueRecord(g[4]);
    if (!extra) return { problem: `group ${g[0]}: extra counters must map names to numbers` };
    for (let i = 0; i < map.group.length; i++) {
      const v = value(g[3][i]);
      if (v === undefined) return { problem: `group ${g[0]}: ${map.group[i].id} is not a number` };
      if (map.group[i].known) gv[map.group[i].id] = v;
      else setOwn(extra, map.group[i].id, v);
    }
    const group: Group = { gid: g[0], name: g[1], kind: g[2], values: gv as GroupValues, extra };
    if (g.length > 5) {
      const approximate = knownIds(g[5], map.group);
      if (!approximate) return { problem: `group ${g[0]}: approximate must list column ids` };
      if (approximate.length > 0) group.approximate = approximate as CounterId[];
    }
    groups.push(group);
  }
  let state = stateFromNumber(values.state);
  if (o.st !== undefined) {
    if (o.st !== null && !STATES.has(o.st)) return { problem: `unknown state ${JSON.stringify(o.st)}` };
    state = o.st;
  }
  const hostname = o.hn !== undefined ? (typeof o.hn === 'string' ? o.hn : null) : header.hostname;
  const sample: Sample = { time, host: { hostname, values, state, extra: hostExtra }, groups };
  if (o.hc !== undefined) {
    const hc: unknown = o.hc;
    if (!Array.isArray(hc) || hc.length !== 2 || !hc.every((n) => Number.isInteger(n) && (n as number) >= 0)) return { problem: '"hc" must be [worlds, vCPUs]' };
    sample.host.cpu = { worlds: hc[0] as number, vcpus: hc[1] as number };
  }
  if (o.ha !== undefined) {
    const approximate = knownIds(o.ha, map.host);
    if (!approximate) return { problem: '"ha" must list host counter ids' };
    if (approximate.length > 0) sample.host.approximate = approximate as HostCounterId[];
  }
  if (o.n !== undefined) {
    if (!Array.isArray(o.n) || !o.n.every((n) => n && typeof n.text === 'string' && typeof n.pause === 'boolean')) return { problem: '"n" must be a list of {text, pause}' };
    sample.notes = o.n.map(decodeNote);
  }
  if (o.gu !== undefined) {
    const guest = decodeGuest(o.gu);
    if (isProblem(guest)) return guest;
    sample.guest = guest;
  }
  return sample;
}

const COLUMN_IDS = new Set<string>(ALL_COLUMNS.map((c) => c.id));

const VIEW_KEYS: Record<keyof NoteView, (v: unknown) => boolean> = {
  fields: (v) => typeof v === 'string' && v.length <= 64,
  vmsOnly: (v) => typeof v === 'boolean',
  sort: (v) => typeof v === 'string' && COLUMN_IDS.has(v),
  select: (v) => typeof v === 'string' && v.length <= 1024,
};

/** A note as read: text and pause; the lesson's view (what is well formed of it) and end mark when present. */
function decodeNote(n: { text: string; pause: boolean; view?: unknown; end?: unknown }): SampleNote {
  const note: SampleNote = { text: n.text, pause: n.pause };
  if (n.view && typeof n.view === 'object') {
    const view: Record<string, unknown> = {};
    for (const [k, ok] of Object.entries(VIEW_KEYS)) {
      const v = (n.view as Record<string, unknown>)[k];
      if (v !== undefined && ok(v)) view[k] = v;
    }
    if (Object.keys(view).length > 0) note.view = view;
  }
  if (n.end === true) note.end = true;
  return note;
}

/** The ids of a list that this build knows (others are dropped), or null when it is not a list of strings. */
function knownIds(x: unknown, fields: FieldMap['host']): string[] | null {
  if (!Array.isArray(x) || !x.every((id) => typeof id === 'string')) return null;
  let known = KNOWN.get(fields);
  if (!known) KNOWN.set(fields, (known = new Set(fields.filter((f) => f.known).map((f) => f.id))));
  return (x).filter((id) => known.has(id));
}

const KNOWN = new WeakMap<FieldMap['host'], Set<string>>();

export function isProblem<T extends object>(x: T | { problem: string }): x is { problem: string } {
  return typeof (x as { problem?: unknown }).problem === 'string';
}
