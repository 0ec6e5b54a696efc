/**
 * Samples as an esxtop batch CSV (Windows perfmon "PDH" CSV), memory
 * counters only, written the way esxtop writes them:
 * `"(PDH-CSV 4.0) (UTC)(0)"`, then `\\<host>\Memory\<counter>` for the host
 * counters and `\\<host>\Group Memory(<GID>:<name>)\<counter>` for each
 * group, every cell quoted, LF line ends; timestamps `MM/dd/yyyy HH:mm:ss` in
 * UTC, whole seconds; numbers as esxtop prints them: two decimals for MB,
 * MB/s and the overcommit averages, integers for the host's MB counters, the
 * state, counts, percentages, shares and the allocation settings, `Memctl?`
 * as 0 or 1. Counter names and order come from the registry; counters the
 * registry does not know are passed through after them; a counter that the
 * whole first sample lacks (the source does not have it) is left out.
 *
 * (A capture's own -b output does not come through here: it is a projection
 * of the capture's text, see sources/capture/projection.)
 *
 * A CSV header is fixed by the first sample (and the groups the source plans
 * to show): groups or counters that appear later cannot be added (the caller
 * is told, once), and groups that disappear get empty cells.
 */
import type { CounterId } from '../fields/group-fields';
import { HOST_COUNTERS } from '../fields/host-counters';
import { COUNTER_COLUMNS, type Column } from '../fields/registry';
import { GROUP_BATCH_COUNTERS, GROUP_OBJECT, HOST_BATCH_COUNTERS, HOST_OBJECT, WRITTEN_AS_INTEGER } from '../sources/capture/esxtop-counters';
import type { Group, Sample, Value } from '../sample/sample';
import { checkedSampleTime } from '../sample/sample-time';
import type { PlannedGroup } from '../sources/source';
import { ByteBuffer } from './byte-buffer';
import { Byte } from '../sources/capture/csv-bytes';

export const PDH_FIRST_CELL = '(PDH-CSV 4.0) (UTC)(0)';
/** Used when a source does not know its host's name. */
export const UNKNOWN_HOST = 'localhost';

function quote(cell: string): string {
  return `"${cell.replace(/"/g, '""')}"`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `MM/dd/yyyy HH:mm:ss` in UTC, whole seconds as esxtop writes them. */
export function formatCaptureTime(ms: number): string {
  const d = new Date(Math.floor(checkedSampleTime(ms, 'batch output') / 1000) * 1000);
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear(), 4)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** How esxtop prints a counter: with two decimals, as an integer, or as a flag (0/1); unknown counters in their shortest form. */
type BatchFormat = 'fixed2' | 'int' | 'flag' | 'shortest';

export function groupBatchFormat(c: Column): BatchFormat {
  if (c.format === 'flag') return 'flag';
  if (c.format === 'int' || WRITTEN_AS_INTEGER.has(c.id as CounterId)) return 'int';
  return 'fixed2';
}

export function hostBatchFormat(unit: string): BatchFormat {
  return unit === 'MB' || unit === 'state' ? 'int' : 'fixed2';
}

const HOST_FORMATS: readonly BatchFormat[] = HOST_COUNTERS.map((c) => hostBatchFormat(c.unit));

function isPresent(v: Value | undefined): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Digits of a non-negative integer below 2^53, written at the end of `out`. */
function digits(out: ByteBuffer, n: number): void {
  const buf = out.buf;
  let at = out.length;
  if (n < 10) {
    buf[at] = Byte.ZERO + n;
    out.length = at + 1;
    return;
  }
  let len = 0;
  for (let x = n; x >= 1; x = Math.floor(x / 10)) len++;
  at += len;
  out.length = at;
  for (let x = n; len > 0; len--) {
    const q = Math.floor(x / 10);
    buf[--at] = Byte.ZERO + (x - q * 10);
    x = q;
  }
}

/** A finite value as esxtop prints it, into `out` (which has room for 24 bytes). */
function writeBatchNumber(out: ByteBuffer, v: number, format: BatchFormat): void {
  if (format === 'flag') {
    out.byte(v !== 0 ? Byte.ZERO + 1 : Byte.ZERO);
    return;
  }
  if (format === 'shortest' || Math.abs(v) >= 1e13) {
    out.text(Object.is(v, -0) ? '0' : String(format === 'shortest' ? v : format === 'int' ? Math.round(v) : v.toFixed(2)));
    return;
  }
  if (format === 'int') {
    const n = Math.round(v);
    if (n < 0) out.byte(Byte.MINUS);
    digits(out, Math.abs(n));
    return;
  }
  const hundredths = Math.round(Math.abs(v) * 100);
  if (v < 0 && hundredths > 0) out.byte(Byte.MINUS);
  if (hundredths < 0x7fffffff) {
    // Digits of the hundredths from the last, the point before the last two.
    let len = 3;
    for (let x = (hundredths / 1000) | 0; x > 0; x = (x / 10) | 0) len++;
    const buf = out.buf;
    let at = out.length + len + 1;
    out.length = at;
    let x = hundredths;
    for (let k = 0; k <= len; k++) {
      if (k === 2) {
        buf[--at] = Byte.DOT;
        continue;
      }
      const q = (x / 10) | 0;
      buf[--at] = Byte.ZERO + (x - q * 10);
      x = q;
    }
    return;
  }
  const whole = Math.floor(hundredths / 100);
  const frac = hundredths - whole * 100;
  digits(out, whole);
  out.byte(Byte.DOT);
  out.byte(Byte.ZERO + Math.floor(frac / 10));
  out.byte(Byte.ZERO + (frac % 10));
}

/** The text `writeBatchNumber` writes; empty for a missing value. */
export function formatNumber(v: Value | undefined, format: BatchFormat): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  const out = new ByteBuffer(32);
  writeBatchNumber(out, v, format);
  return out.buf.toString('latin1', 0, out.length);
}

interface ColumnRef {
  /** Key in `values` (registry id) or in `extra` (batch name). */
  key: string;
  known: boolean;
  format: BatchFormat;
}

interface GroupColumns {
  key: string;
  gid: number;
  name: string;
  columns: ColumnRef[];
}

export interface CsvLateArrivals {
  /** `<GID>:<name>` of groups absent from the first sample. */
  groups: string[];
  /** Counters absent from the first sample, by name. */
  counters: string[];
}

/** `,"<value>"`; `,""` when missing. */
function cell(out: ByteBuffer, v: Value | undefined, format: BatchFormat): void {
  out.byte(Byte.COMMA);
  out.byte(Byte.QUOTE);
  if (typeof v === 'number' && Number.isFinite(v)) writeBatchNumber(out, v, format);
  out.byte(Byte.QUOTE);
}

/** `,"196.50"`: the common case written in place (hundredths below 2^31), the rest by writeBatchNumber. */
function cellFixed2(out: ByteBuffer, v: Value | undefined): void {
  if (typeof v !== 'number' || v - v !== 0 || v >= 21_000_000 || v <= -21_000_000) {
    cell(out, v, 'fixed2');
    return;
  }
  const buf = out.buf;
  let n = out.length;
  buf[n++] = Byte.COMMA;
  buf[n++] = Byte.QUOTE;
  let x = Math.round((v < 0 ? -v : v) * 100);
  if (v < 0 && x > 0) buf[n++] = Byte.MINUS;
  let len = 3;
  for (let y = (x / 1000) | 0; y > 0; y = (y / 10) | 0) len++;
  let at = n + len + 1;
  n = at;
  for (let k = 0; k <= len; k++) {
    if (k === 2) {
      buf[--at] = Byte.DOT;
      continue;
    }
    const q = (x / 10) | 0;
    buf[--at] = Byte.ZERO + (x - q * 10);
    x = q;
  }
  buf[n++] = Byte.QUOTE;
  out.length = n;
}

/** `,"8083"`: small integers written in place, the rest by writeBatchNumber. */
function cellInt(out: ByteBuffer, v: Value | undefined): void {
  if (typeof v !== 'number' || v - v !== 0 || v >= 2_000_000_000 || v <= -2_000_000_000) {
    cell(out, v, 'int');
    return;
  }
  const buf = out.buf;
  let n = out.length;
  buf[n++] = Byte.COMMA;
  buf[n++] = Byte.QUOTE;
  let x = Math.round(v);
  if (x < 0) {
    buf[n++] = Byte.MINUS;
    x = -x;
  }
  let len = 1;
  for (let y = (x / 10) | 0; y > 0; y = (y / 10) | 0) len++;
  let at = n + len;
  n = at;
  do {
    const q = (x / 10) | 0;
    buf[--at] = Byte.ZERO + (x - q * 10);
    x = q;
  } while (x > 0);
  buf[n++] = Byte.QUOTE;
  out.length = n;
}

const cellFlag = (out: ByteBuffer, v: Value | undefined) => cell(out, v, 'flag');
const cellShortest = (out: ByteBuffer, v: Value | undefined) => cell(out, v, 'shortest');
type CellWriter = typeof cellFixed2;

/** Writes the cells of a values record's known columns, in order. */
type ValuesWriter = (out: ByteBuffer, values: Record<string, Value>) => void;

/**
 * A writer for one list of columns, compiled once: each value is read by a
 * constant key (`v["MEMSZ"]`), which V8 makes a direct load for records of
 * one shape, where a loop over the keys would look each one up. Keys are
 * embedded with JSON.stringify.
 */
function valuesWriter(columns: readonly ColumnRef[]): ValuesWriter {
  const by: Record<BatchFormat, string> = { fixed2: 'f', int: 'i', flag: 'g', shortest: 's' };
  const body = columns.map((c) => `${by[c.format]}(out, v[${JSON.stringify(c.key)}]);`).join('\n');
  // Generated from registry ids and counter names (JSON-quoted), never from data values.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function('f', 'i', 'g', 's', `"use strict"; return function (out, v) {\n${body}\n};`) as (f: CellWriter, i: CellWriter, g: CellWriter, s: CellWriter) => ValuesWriter;
  return make(cellFixed2, cellInt, cellFlag, cellShortest);
}

function groupsByKey(groups: readonly Group[]): Map<string, Group> {
  const byKey = new Map<string, Group>();
  for (const g of groups) if (!byKey.has(groupKey(g))) byKey.set(groupKey(g), g);
  return byKey;
}

function groupKey(g: Pick<Group, 'gid' | 'name'>): string {
  return `${g.gid}:${g.name}`;
}

export class BatchCsvWriter {
  private host: ColumnRef[] = [];
  private groups: GroupColumns[] = [];
  private hostname = UNKNOWN_HOST;
  private started = false;
  private readonly seenLate = new Set<string>();
  private readonly out = new ByteBuffer(1 << 16);

  private cellCount = 0;
  private writeHost: ValuesWriter = () => {};
  private hostExtra: ColumnRef[] = [];
  private writeGroup: ValuesWriter = () => {};
  /** Every group's columns start with the same known ones (the rest are its unknown counters). */
  private knownGroupColumns = 0;

  /**
   * The header line (with its LF), built from the first sample, and from the
   * groups the source says it may show later (their cells stay empty until they do).
   */
  header(first: Sample, planned: readonly PlannedGroup[] = []): string {
    this.started = true;
    this.hostname = first.host.hostname ?? UNKNOWN_HOST;
    const cells = [PDH_FIRST_CELL];
    const prefix = `\\\\${this.hostname}\\`;
    // Like esxtop, only the counters the source has: a counter missing from the whole first sample is left out.
    const hostValues = first.host.values as Record<string, Value>;
    HOST_COUNTERS.forEach((c, k) => {
      if (!isPresent(hostValues[c.id])) return;
      this.host.push({ key: c.id, known: true, format: HOST_FORMATS[k] });
      cells.push(`${prefix}${HOST_OBJECT}\\${HOST_BATCH_COUNTERS[c.id]}`);
    });
    for (const name of Object.keys(first.host.extra)) {
      this.host.push({ key: name, known: false, format: 'shortest' });
      cells.push(`${prefix}${HOST_OBJECT}\\${name}`);
    }
    const groupCounters = COUNTER_COLUMNS.filter((c) => first.groups.some((g) => isPresent(g.values[c.id as CounterId])));
    const groups: Pick<Group, 'gid' | 'name' | 'extra'>[] = [...first.groups, ...planned.map((p) => ({ gid: p.gid, name: p.name, extra: {} }))];
    for (const g of groups) {
      const key = groupKey(g);
      if (this.groups.some((x) => x.key === key)) continue;
      const columns: ColumnRef[] = [];
      const object = `${prefix}${GROUP_OBJECT}(${key})\\`;
      groupCounters.forEach((c) => {
        columns.push({ key: c.id, known: true, format: groupBatchFormat(c) });
        cells.push(`${object}${GROUP_BATCH_COUNTERS[c.id as CounterId]}`);
      });
      for (const name of Object.keys(g.extra)) {
        columns.push({ key: name, known: false, format: 'shortest' });
        cells.push(`${object}${name}`);
      }
      this.groups.push({ key, gid: g.gid, name: g.name, columns });
    }
    this.cellCount = cells.length;
    this.writeHost = valuesWriter(this.host.filter((c) => c.known));
    this.hostExtra = this.host.filter((c) => !c.known);
    const knownGroup = groupCounters.map((c): ColumnRef => ({ key: c.id, known: true, format: groupBatchFormat(c) }));
    this.writeGroup = valuesWriter(knownGroup);
    this.knownGroupColumns = knownGroup.length;
    return `${cells.map(quote).join(',')}\n`;
  }

  /** One data line (with its LF). `late` collects what this sample has that the header lacks. */
  row(s: Sample, late?: CsvLateArrivals): Buffer {
    if (!this.started) throw new Error('header() first');
    // The hot loop of -b: digits straight into one buffer, no string per cell.
    const out = this.out;
    out.ensure(32 + 28 * this.cellCount);
    out.byte(Byte.QUOTE);
    out.text(formatCaptureTime(s.time));
    out.byte(Byte.QUOTE);
    this.writeHost(out, s.host.values);
    for (const c of this.hostExtra) cell(out, s.host.extra[c.key], c.format);
    // Sources keep their groups in the same order sample after sample: match by position, by key only when that fails.
    const groups = s.groups;
    let byKey: Map<string, Group> | null = null;
    for (let k = 0; k < this.groups.length; k++) {
      const gc = this.groups[k];
      let g: Group | undefined = groups[k];
      if (g === undefined || g.gid !== gc.gid || g.name !== gc.name) {
        byKey ??= groupsByKey(groups);
        g = byKey.get(gc.key);
      }
      const columns = gc.columns;
      if (!g) {
        for (let c = 0; c < columns.length; c++) cell(out, null, 'shortest');
        continue;
      }
      this.writeGroup(out, g.values);
      for (let c = this.knownGroupColumns; c < columns.length; c++) cell(out, g.extra[columns[c].key], columns[c].format);
    }
    out.byte(Byte.LF);
    if (late && (byKey !== null || groups.length !== this.groups.length || this.hasExtra(s))) this.noteLate(s, byKey ?? groupsByKey(groups), late);
    return out.takeCopy();
  }

  /** Unknown counters in the sample (only they can be late besides groups). */
  private hasExtra(s: Sample): boolean {
    for (const _ in s.host.extra) return true;
    for (const g of s.groups) for (const _ in g.extra) return true;
    return false;
  }

  private noteLate(s: Sample, byKey: Map<string, Group>, late: CsvLateArrivals): void {
    const known = new Set(this.groups.map((g) => g.key));
    for (const key of byKey.keys()) {
      if (known.has(key) || this.seenLate.has(`g:${key}`)) continue;
      this.seenLate.add(`g:${key}`);
      late.groups.push(key);
    }
    const hostExtra = new Set(this.host.filter((c) => !c.known).map((c) => c.key));
    for (const name of Object.keys(s.host.extra)) {
      if (hostExtra.has(name) || this.seenLate.has(`h:${name}`)) continue;
      this.seenLate.add(`h:${name}`);
      late.counters.push(`${HOST_OBJECT}\\${name}`);
    }
    for (const gc of this.groups) {
      const g = byKey.get(gc.key);
      if (!g) continue;
      for (const name of Object.keys(g.extra)) {
        if (gc.columns.some((c) => !c.known && c.key === name) || this.seenLate.has(`c:${name}`)) continue;
        this.seenLate.add(`c:${name}`);
        late.counters.push(`${GROUP_OBJECT}\\${name}`);
      }
    }
  }
}
