/**
 * Where the memory data sits in a capture: built once from the header row,
 * then used to turn each data row into a `Sample` by column position (never by
 * name, since ESX 4 captures repeat host column names).
 */
import { hostCounterByBatchName, type HostCounterId } from '../../fields/host-counters';
import { columnByBatchCounter, COUNTER_COLUMNS } from '../../fields/registry';
import type { GroupKind } from '../../sample/sample';
import { kindFromHeader, newKindEvidence, noteKindEvidence } from './group-kinds';
import { parseCounterPath, parsePdhFirstCell } from './pdh-header';

export const HOST_OBJECT = 'Memory';
export const GROUP_OBJECT = 'Group Memory';

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
  biasMinutes: number;
  hostname: string | null;
  fieldCount: number;
  host: CellTarget[];
  groups: GroupLayout[];
  /** Every column index the reader needs (timestamp included). */
  wanted: number[];
}

export type HeaderProblem = { problem: string };

export function buildLayout(cells: (string | undefined)[], fieldCount: number): CaptureLayout | HeaderProblem {
  const first = cells[0] ?? '';
  const pdh = parsePdhFirstCell(first);
  if (!pdh) {
    const shown = first.length > 40 ? `${first.slice(0, 40)}...` : first;
    return { problem: `not an esxtop batch capture (the first header cell is ${JSON.stringify(shown)}, expected "(PDH-CSV 4.0) ...")` };
  }
  const host: CellTarget[] = [];
  const groups = new Map<string, GroupLayout>();
  const evidence = newKindEvidence();
  let hostname: string | null = null;
  for (let i = 1; i < fieldCount; i++) {
    const cell = cells[i];
    if (cell === undefined) continue;
    const p = parseCounterPath(cell);
    if (!p) continue;
    noteKindEvidence(evidence, p);
    if (p.object === HOST_OBJECT && p.instance === null) {
      hostname ??= p.host;
      const known = hostCounterByBatchName(p.counter);
      host.push(known ? { index: i, id: known.id, known: true } : { index: i, id: p.counter, known: false });
    } else if (p.object === GROUP_OBJECT && p.instance !== null) {
      const m = /^(\d+):([\s\S]*)$/.exec(p.instance);
      if (!m) continue;
      let g = groups.get(p.instance);
      if (!g) groups.set(p.instance, (g = { gid: Number(m[1]), name: m[2], kind: null, cells: [] }));
      const col = columnByBatchCounter(p.counter);
      g.cells.push(col ? { index: i, id: col.id, known: true } : { index: i, id: p.counter, known: false });
    }
  }
  const groupList = [...groups.values()];
  for (const g of groupList) g.kind = kindFromHeader(evidence, g.gid, g.name);
  const wanted = [0, ...host.map((c) => c.index), ...groupList.flatMap((g) => g.cells.map((c) => c.index))];
  return { biasMinutes: pdh.biasMinutes, hostname, fieldCount, host, groups: groupList, wanted };
}

export function isHeaderProblem(x: CaptureLayout | HeaderProblem): x is HeaderProblem {
  return (x as HeaderProblem).problem !== undefined;
}

/** Ids of all per-group registry counters, for a values record with every counter present. */
export const GROUP_COUNTER_IDS: readonly string[] = COUNTER_COLUMNS.map((c) => c.id);

export type { HostCounterId };
