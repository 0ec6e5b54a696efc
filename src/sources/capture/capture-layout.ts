/**
 * Where the memory data sits in a capture: built once from the header row,
 * then used to turn each data row into a `Sample` by column position (never by
 * name, since ESX 4 captures repeat host column names).
 */
import { GROUP_OBJECT, groupCounterByBatchName, HOST_OBJECT, hostCounterByBatchName } from './esxtop-counters';
import type { CpuSummary, GroupKind } from '../../sample/sample';
import { cpuSummary, kindFromHeader, newKindEvidence, noteKindEvidence, parseGid } from './group-kinds';
import { shownCell } from './message-text';
import { parseCounterPath, parsePdhFirstCell } from './pdh-header';

/** 47 counters for each of 4,000 groups is far beyond any host; more is a broken or hostile file. */
const MAX_MEMORY_COLUMNS = 200_000;
/** A real `esxtop -b -a` header has 17,000 to 100,000+ columns; each column costs the readers a few bytes per row position. */
export const MAX_COLUMNS = 2_000_000;
/** Groups (VMs, user worlds, system groups): a host has a few thousand at most; each costs every Sample its values. */
const MAX_GROUPS = 10_000;
/**
 * The header text kept (memory column names, the worlds that tell VMs
 * apart): a real header keeps well under 1 MB of it, and a hostile one could
 * make it most of its 64 MB.
 */
const MAX_KEPT_HEADER_TEXT = 16 << 20;
/** The cells kept as evidence of group kinds (one per world, one per group): a host has tens of thousands of worlds at most. */
const MAX_KIND_EVIDENCE = 200_000;

/** A counter's target: a registry id, or (unknown to the registry) its batch name kept as extra. */
export interface CellTarget {
  index: number;
  id: string;
  known: boolean;
}

export interface GroupLayout {
  gid: number;
  name: string;
  /** From the header's structure; null when only the values can tell (decided on the first row). */
  kind: GroupKind | null;
  cells: CellTarget[];
}

export interface CaptureLayout {
  /** The first header cell as the file has it (`(PDH-CSV 4.0) (UTC)(0)`). */
  firstCell: string;
  /** The header text of every memory column, by column index (for batch output of the same columns). */
  memoryHeaders: Map<number, string>;
  biasMinutes: number;
  hostname: string | null;
  fieldCount: number;
  host: CellTarget[];
  groups: GroupLayout[];
  /** Every column index the reader needs (timestamp included). */
  wanted: number[];
  /** Worlds and vCPUs as esxtop's summary line counts them, from the header's `Vcpu` instances; null without them. */
  cpu: CpuSummary | null;
  /** The line the header row started on. */
  headerLine: number;
  /** Recoverable problems of the header (text after `FILE:LINE: `), to be reported with the rows' own. */
  warnings: HeaderWarning[];
}

interface HeaderWarning {
  kind: string;
  text: string;
  count: number;
}

type HeaderProblem = { problem: string };

export const TOO_MANY_COLUMNS: HeaderProblem = { problem: `more than ${MAX_COLUMNS} columns in the header, not an esxtop batch capture` };

/** Reports the header's problems through a reader's warning counter, naming the file and the header's line. */
export function addHeaderWarnings(add: (kind: string, message: string, count: number) => void, label: string, layout: CaptureLayout): void {
  for (const w of layout.warnings) add(w.kind, `${label}:${layout.headerLine}: ${w.text}`, w.count);
}

/**
 * Builds the layout cell by cell as the header streams past, keeping only
 * what the memory page needs (so a huge or hostile header costs no memory).
 */
export class LayoutBuilder {
  private biasMinutes = 0;
  private firstCell = '';
  private readonly memoryHeaders = new Map<number, string>();
  private hostname: string | null = null;
  private readonly host: CellTarget[] = [];
  private readonly groups = new Map<string, GroupLayout>();
  private readonly evidence = newKindEvidence();
  private sawFirst = false;
  /** Characters of header cells kept (MAX_KEPT_HEADER_TEXT), and of them, cells kept as evidence of group kinds. */
  private keptText = 0;
  private evidenceCells = 0;
  /** Group instances left out (no GID, or another group's), each reported once. */
  private readonly badInstances = new Set<string>();
  private badGid: HeaderWarning | null = null;
  /** The group instance that has each GID: a second group with the same GID would be taken for the first. */
  private readonly instanceOfGid = new Map<number, string>();
  private duplicateGid: HeaderWarning | null = null;

  private columns = 0;

  /** One header cell; a problem when the first cell shows this is not a capture. */
  add(index: number, cell: string): HeaderProblem | null {
    if (index === 0) {
      this.sawFirst = true;
      const pdh = parsePdhFirstCell(cell);
      if (!pdh) {
        const shown = shownCell(cell.length > 40 ? `${cell.slice(0, 40)}...` : cell, 43);
        return { problem: `not an esxtop batch capture (the first header cell is ${shown}, expected "(PDH-CSV 4.0) ...")` };
      }
      this.biasMinutes = pdh.biasMinutes;
      this.firstCell = cell;
      return null;
    }
    const p = parseCounterPath(cell);
    if (!p) return null;
    const memory = p.object === HOST_OBJECT || p.object === GROUP_OBJECT;
    if (memory && ++this.columns > MAX_MEMORY_COLUMNS) {
      return { problem: `more than ${MAX_MEMORY_COLUMNS} memory columns in the header, not an esxtop batch capture` };
    }
    const evidence = !memory && noteKindEvidence(this.evidence, p);
    if (evidence && ++this.evidenceCells > MAX_KIND_EVIDENCE) {
      return { problem: `more than ${MAX_KIND_EVIDENCE} Vcpu worlds and Group Cpu groups in the header, not an esxtop batch capture` };
    }
    // A kept name holds on to its whole cell: the cell is what counts.
    if ((memory || evidence) && (this.keptText += cell.length) > MAX_KEPT_HEADER_TEXT) {
      return { problem: `the names of the memory columns and worlds in the header take more than ${MAX_KEPT_HEADER_TEXT >> 20} MB, not an esxtop batch capture` };
    }
    if (p.object === HOST_OBJECT && p.instance === null) {
      this.hostname ??= p.host;
      const known = hostCounterByBatchName(p.counter);
      this.memoryHeaders.set(index, cell);
      this.host.push(known ? { index, id: known, known: true } : { index, id: p.counter, known: false });
    } else if (p.object === GROUP_OBJECT && p.instance !== null) {
      const instance = p.instance;
      let g = this.groups.get(instance);
      if (!g) {
        const colon = instance.indexOf(':');
        const gid = colon < 0 ? null : parseGid(instance.slice(0, colon));
        if (gid === null) {
          this.noteBadGid(instance);
          return null;
        }
        const first = this.instanceOfGid.get(gid);
        if (first !== undefined) {
          this.noteDuplicateGid(instance, first);
          return null;
        }
        this.instanceOfGid.set(gid, instance);
        if (this.groups.size >= MAX_GROUPS) return { problem: `more than ${MAX_GROUPS} groups in the header, not an esxtop batch capture` };
        this.groups.set(instance, (g = { gid, name: instance.slice(colon + 1), kind: null, cells: [] }));
      }
      this.hostname ??= p.host;
      const id = groupCounterByBatchName(p.counter);
      this.memoryHeaders.set(index, cell);
      g.cells.push(id ? { index, id, known: true } : { index, id: p.counter, known: false });
    }
    return null;
  }

  /** A `Group Memory` instance that is not `<GID>:<name>` with a GID esxtop could write: its columns are left out, and that is said once per group. */
  private noteBadGid(instance: string): void {
    if (this.badInstances.has(instance)) return;
    this.badInstances.add(instance);
    if (this.badGid) this.badGid.count++;
    else {
      const text = `group ${shownCell(instance.length > 60 ? `${instance.slice(0, 60)}...` : instance, 63)} has no GID (a whole number from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER} before a colon); its columns are left out`;
      this.badGid = { kind: 'gid', text, count: 1 };
    }
  }

  /** A group whose GID an earlier group has: its columns are left out (the first group keeps the GID), said once per group. */
  private noteDuplicateGid(instance: string, first: string): void {
    if (this.badInstances.has(instance)) return;
    this.badInstances.add(instance);
    if (this.duplicateGid) this.duplicateGid.count++;
    else {
      const name = (text: string) => shownCell(text.length > 60 ? `${text.slice(0, 60)}...` : text, 63);
      this.duplicateGid = { kind: 'duplicate-gid', text: `group ${name(instance)} has the GID of group ${name(first)}; its columns are left out`, count: 1 };
    }
  }

  /** The header row, which started on `line`, ended with `fieldCount` cells. */
  finish(fieldCount: number, line: number): CaptureLayout | HeaderProblem {
    if (!this.sawFirst) return { problem: 'not an esxtop batch capture (the header line is empty)' };
    if (fieldCount > MAX_COLUMNS) return TOO_MANY_COLUMNS;
    const groups = [...this.groups.values()];
    if (this.host.length === 0 && groups.length === 0) {
      return { problem: `no memory counters in the header (no "Memory" or "Group Memory(...)" columns among ${fieldCount}); capture with esxtop -b -a` };
    }
    for (const g of groups) g.kind = kindFromHeader(this.evidence, g.gid, g.name);
    const wanted = [0, ...this.host.map((c) => c.index), ...groups.flatMap((g) => g.cells.map((c) => c.index))];
    const cpu = cpuSummary(this.evidence, groups.filter((g) => g.kind === 'vm'));
    const warnings = [this.badGid, this.duplicateGid].filter((w): w is HeaderWarning => w !== null);
    return { firstCell: this.firstCell, memoryHeaders: this.memoryHeaders, biasMinutes: this.biasMinutes, hostname: this.hostname, fieldCount, host: this.host, groups, wanted, cpu, headerLine: line, warnings };
  }
}

const MEMORY_OBJECTS = ['Memory\\', `${GROUP_OBJECT}(`].map((o) => Buffer.from(o, 'latin1'));
const GROUP_CPU = Buffer.from('Group Cpu(', 'latin1');
const VM_WAIT = Buffer.from('% VmWait', 'latin1');
const VCPU = Buffer.from('Vcpu(', 'latin1');

function startsWith(buf: Buffer, at: number, end: number, prefix: Buffer): boolean {
  if (at + prefix.length > end) return false;
  for (let k = 0; k < prefix.length; k++) if (buf[at + k] !== prefix[k]) return false;
  return true;
}

/**
 * Which header cells (raw bytes, quotes included) can matter to the builder:
 * the first cell; memory counters; and of the per-world objects that tell VMs
 * apart, `Group Cpu(...)\% VmWait` and one counter of each `Vcpu(...)`
 * instance (esxtop writes an instance's counters side by side). The rest of a
 * wide header (nine cells in ten of a real one) need not be decoded at all.
 */
export function headerCellFilter(): (index: number, buf: Buffer, a: number, b: number) => boolean {
  let lastVcpu: Buffer | null = null;
  return (index, buf, a, b) => {
    if (index === 0) return true;
    let i = a;
    let end = b;
    if (buf[i] === 0x22) {
      i++;
      if (buf[end - 1] === 0x22) end--;
    }
    if (buf[i] !== 0x5c || buf[i + 1] !== 0x5c) return false;
    const hostEnd = buf.indexOf(0x5c, i + 2);
    if (hostEnd < 0 || hostEnd >= end) return false;
    const at = hostEnd + 1;
    if (startsWith(buf, at, end, MEMORY_OBJECTS[0]) || startsWith(buf, at, end, MEMORY_OBJECTS[1])) return true;
    const groupCpu = startsWith(buf, at, end, GROUP_CPU);
    if (!groupCpu && !startsWith(buf, at, end, VCPU)) return false;
    let counterSep = end - 1;
    while (counterSep > at && buf[counterSep] !== 0x5c) counterSep--;
    if (counterSep <= at) return false;
    if (groupCpu) return end - counterSep - 1 === VM_WAIT.length && startsWith(buf, counterSep + 1, end, VM_WAIT);
    if (lastVcpu !== null && lastVcpu.length === counterSep - at && startsWith(buf, at, counterSep, lastVcpu)) return false;
    lastVcpu = Buffer.from(buf.subarray(at, counterSep));
    return true;
  };
}

export function isHeaderProblem(x: CaptureLayout | HeaderProblem): x is HeaderProblem {
  return (x as HeaderProblem).problem !== undefined;
}

