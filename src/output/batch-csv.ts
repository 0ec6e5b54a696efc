/**
 * Samples as an esxtop-style batch CSV (Windows perfmon "PDH" CSV), memory
 * counters only: `"(PDH-CSV 4.0) (UTC)(0)"`, then `\\<host>\Memory\<counter>`
 * for the host counters and `\\<host>\Group Memory(<GID>:<name>)\<counter>`
 * for each group, every cell quoted, `MM/dd/yyyy HH:mm:ss` UTC timestamps,
 * LF line ends. Counter names and order come from the registry; counters the
 * registry does not know are passed through after them.
 *
 * A CSV header is fixed by the first sample (and the groups the source plans
 * to show): groups or counters that appear later cannot be added (the caller
 * is told, once), and groups that disappear get empty cells.
 */
import { HOST_COUNTER_IDS } from '../fields/host-counters';
import { COUNTER_IDS } from '../fields/registry';
import { GROUP_BATCH_COUNTERS, GROUP_OBJECT, HOST_BATCH_COUNTERS, HOST_OBJECT } from '../sources/capture/esxtop-counters';
import type { CounterId } from '../fields/group-fields';
import type { Group, Sample, Value } from '../sample/sample';
import type { PlannedGroup } from '../sources/source';

export const PDH_FIRST_CELL = '(PDH-CSV 4.0) (UTC)(0)';
/** Used when a source does not know its host's name. */
export const UNKNOWN_HOST = 'localhost';

function quote(cell: string): string {
  return `"${cell.replace(/"/g, '""')}"`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `MM/dd/yyyy HH:mm:ss` in UTC, with `.mmm` only when the time has milliseconds (so it reads back exactly). */
export function formatCaptureTime(ms: number): string {
  const d = new Date(ms);
  const base = `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear(), 4)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const milli = d.getUTCMilliseconds();
  return milli === 0 ? base : `${base}.${pad(milli, 3)}`;
}

/** The shortest text that reads back as the same number; empty for missing. */
export function formatNumber(v: Value | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  return Object.is(v, -0) ? '0' : String(v);
}

function finite(v: Value | undefined): Value {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

interface ColumnRef {
  /** Key in `values` (registry id) or in `extra` (batch name). */
  key: string;
  known: boolean;
}

interface GroupColumns {
  key: string;
  columns: ColumnRef[];
}

export interface CsvLateArrivals {
  /** `<GID>:<name>` of groups absent from the first sample. */
  groups: string[];
  /** Counters absent from the first sample, by name. */
  counters: string[];
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

  /**
   * The header line (with its LF), built from the first sample, and from the
   * groups the source says it may show later (their cells stay empty until they do).
   */
  header(first: Sample, planned: readonly PlannedGroup[] = []): string {
    this.started = true;
    this.hostname = first.host.hostname ?? UNKNOWN_HOST;
    const cells = [PDH_FIRST_CELL];
    const prefix = `\\\\${this.hostname}\\`;
    for (const id of HOST_COUNTER_IDS) {
      this.host.push({ key: id, known: true });
      cells.push(`${prefix}${HOST_OBJECT}\\${HOST_BATCH_COUNTERS[id]}`);
    }
    for (const name of Object.keys(first.host.extra)) {
      this.host.push({ key: name, known: false });
      cells.push(`${prefix}${HOST_OBJECT}\\${name}`);
    }
    const groups: Pick<Group, 'gid' | 'name' | 'extra'>[] = [...first.groups, ...planned.map((p) => ({ gid: p.gid, name: p.name, extra: {} }))];
    for (const g of groups) {
      const key = groupKey(g);
      if (this.groups.some((x) => x.key === key)) continue;
      const columns: ColumnRef[] = [];
      const object = `${prefix}${GROUP_OBJECT}(${key})\\`;
      for (const id of COUNTER_IDS) {
        columns.push({ key: id, known: true });
        cells.push(`${object}${GROUP_BATCH_COUNTERS[id]}`);
      }
      for (const name of Object.keys(g.extra)) {
        columns.push({ key: name, known: false });
        cells.push(`${object}${name}`);
      }
      this.groups.push({ key, columns });
    }
    return `${cells.map(quote).join(',')}\n`;
  }

  /** One data line (with its LF). `late` collects what this sample has that the header lacks. */
  row(s: Sample, late?: CsvLateArrivals): string {
    if (!this.started) throw new Error('header() first');
    // The hot loop of -b: collect the numbers, let JSON.stringify print them (shortest
    // round-trip form, -0 as 0, non-finite as null), then quote: numbers hold no `,` or `"`.
    const vals: Value[] = [];
    const hv = s.host.values as Record<string, Value>;
    for (const c of this.host) vals.push(finite(c.known ? hv[c.key] : s.host.extra[c.key]));
    const byKey = new Map<string, Group>();
    for (const g of s.groups) if (!byKey.has(groupKey(g))) byKey.set(groupKey(g), g);
    for (const gc of this.groups) {
      const g = byKey.get(gc.key);
      if (!g) for (let k = 0; k < gc.columns.length; k++) vals.push(null);
      else for (const c of gc.columns) vals.push(finite(c.known ? g.values[c.key as CounterId] : g.extra[c.key]));
    }
    const numbers = vals.length === 0 ? '' : `,"${JSON.stringify(vals).slice(1, -1).replace(/null/g, '').replace(/,/g, '","')}"`;
    const line = `"${formatCaptureTime(s.time)}"${numbers}`;
    if (late) this.noteLate(s, byKey, late);
    return `${line}\n`;
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
