/**
 * Small synthetic esxtop batch captures for tests, written the way esxtop
 * writes them (PDH header, `\\host\Object(instance)\Counter`, every cell
 * quoted), with switches for each quirk; and a memory-only copy of a real
 * capture.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../../src/sources/capture/csv-scanner';
import { parseCounterPath } from '../../../src/sources/capture/pdh-header';

export const HOST = 'esx01.lab';

/** `\\host\Object(instance)\Counter` or `\\host\Object\Counter`. */
export function path(object: string, instance: string | null, counter: string, host = HOST): string {
  return `\\\\${host}\\${object}${instance === null ? '' : `(${instance})`}\\${counter}`;
}

export const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;

export interface CsvStyle {
  eol?: string;
  bom?: boolean;
  /** Quote every cell (esxtop) or none (a spreadsheet's re-save). */
  quoted?: boolean;
  /** End without a final line break. */
  noFinalEol?: boolean;
}

export function toCsv(rows: string[][], style: CsvStyle = {}): string {
  const eol = style.eol ?? '\n';
  const q = style.quoted ?? true;
  const body = rows.map((r) => r.map((c) => (q ? quote(c) : c)).join(',')).join(eol);
  return (style.bom ? '\ufeff' : '') + body + (style.noFinalEol ? '' : eol);
}

export interface TestGroup {
  gid: number;
  name: string;
}

/** A header + rows with host `Memory` counters and the given groups' `Group Memory` counters. */
export function memoryCapture(opts: {
  groups: TestGroup[];
  hostCounters?: string[];
  groupCounters?: string[];
  times?: string[];
  firstCell?: string;
  value?: (sample: number, column: number) => string;
}): string[][] {
  const hostCounters = opts.hostCounters ?? ['Free MBytes', 'Kernel State', 'Memctl Current MBytes'];
  const groupCounters = opts.groupCounters ?? ['Memory Size MBytes', 'Memctl MBytes', 'Memctl Max MBytes', 'Swapped MBytes', 'Overhead Max MBytes'];
  const header = [opts.firstCell ?? '(PDH-CSV 4.0) (UTC)(0)', ...hostCounters.map((c) => path('Memory', null, c))];
  for (const g of opts.groups) for (const c of groupCounters) header.push(path('Group Memory', `${g.gid}:${g.name}`, c));
  const times = opts.times ?? ['04/24/2018 10:49:12', '04/24/2018 10:49:17'];
  const value = opts.value ?? ((s, c) => (s * 1000 + c + 0.25).toFixed(2));
  return [header, ...times.map((t, s) => [t, ...header.slice(1).map((_, c) => value(s, c + 1))])];
}

/** A temp dir removed after the test. */
export function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function write(dir: string, name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/**
 * A copy of a real capture with only the timestamp, host `Memory` and
 * `Group Memory(...)` columns (what balloontop's own `-b` writes): no per-world
 * evidence left. `rename` maps group names to new ones.
 */
export function memoryOnlyCopy(realPath: string, rename: Record<string, string> = {}): string[][] {
  const rows = parseCsv(readFileSync(realPath)).map((r) => r.cells as string[]);
  const header = rows[0];
  const keep = [0];
  for (let i = 1; i < header.length; i++) {
    const p = parseCounterPath(header[i]);
    if (p && ((p.object === 'Memory' && p.instance === null) || p.object === 'Group Memory')) keep.push(i);
  }
  return rows.map((r, k) =>
    keep.map((i) => {
      if (k > 0 || i === 0) return r[i];
      return renameInPath(r[i], rename);
    }),
  );
}

/** Rename the group in `Group Memory(<gid>:<name>)`, `Group Cpu(<gid>:<name>)` and `Vcpu(<gid>:<name>:...)` paths. */
export function renameInPath(cell: string, rename: Record<string, string>): string {
  return cell.replace(/\((\d+):([^:()]+)(\)|:)/, (m, gid: string, name: string, end: string) => (name in rename ? `(${gid}:${rename[name]}${end}` : m));
}
