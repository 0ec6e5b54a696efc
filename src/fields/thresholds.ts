/**
 * When a cell deserves attention, by column: the table colours and marks
 * cells from this table, and the help screen's colour legend is written from
 * it, so the two cannot disagree.
 */
import type { Group, GroupKind } from '../sample/sample';
import type { MemState } from '../sample/mem-state';
import type { CounterId } from './group-fields';
import { getColumn } from './registry';

type Level = 'notice' | 'alarm';

/**
 * Which groups a threshold means something for. Only a VM has a balloon
 * driver, a balloon and a VM swap file; a user world or a system group never
 * balloons, and what it has swapped went to the host's system swap (a swap
 * file ESXi may fill on purpose with idle user-world memory), which is worth
 * a notice, not an alarm.
 */
type Kinds = readonly GroupKind[];
const VMS: Kinds = ['vm'];
const NOT_VMS: Kinds = ['userworld', 'system'];

type Threshold =
  /** value > `value`, as the cell shows it (a rate of 0.004 shows 0.00 and is not above 0) */
  | { kind: 'above'; value: number; level: Level; groups: Kinds }
  /** value >= the same group's `column` (less a rounding margin) while that column is > 0: MCTLSZ at MCTLMAX */
  | { kind: 'atLeastColumn'; column: CounterId; margin: number; level: Level; mark: string; groups: Kinds }
  /** A flag that is off (0) while the host is in one of `states`: MCTL? N under pressure. */
  | { kind: 'offInStates'; states: readonly MemState[]; level: Level; groups: Kinds };

const PRESSURE_STATES: readonly MemState[] = ['soft', 'hard', 'low'];

/** Every threshold of the memory page. A column not listed is never coloured. */
export const THRESHOLDS: Partial<Record<CounterId, readonly Threshold[]>> = {
  'MCTL?': [{ kind: 'offInStates', states: PRESSURE_STATES, level: 'alarm', groups: VMS }],
  MCTLSZ: [
    { kind: 'above', value: 0, level: 'notice', groups: VMS },
    { kind: 'atLeastColumn', column: 'MCTLMAX', margin: 0.5, level: 'alarm', mark: '!', groups: VMS },
  ],
  SWCUR: [
    { kind: 'above', value: 0, level: 'alarm', groups: VMS },
    { kind: 'above', value: 0, level: 'notice', groups: NOT_VMS },
  ],
  'SWR/s': [
    { kind: 'above', value: 0, level: 'alarm', groups: VMS },
    { kind: 'above', value: 0, level: 'notice', groups: NOT_VMS },
  ],
  'SWW/s': [
    { kind: 'above', value: 0, level: 'alarm', groups: VMS },
    { kind: 'above', value: 0, level: 'notice', groups: NOT_VMS },
  ],
};

interface CellAttention {
  level: Level;
  /** A character to put beside the value (`!` for MCTLSZ at MCTLMAX), or ''. */
  mark: string;
}

const LEVEL_RANK: Record<Level, number> = { notice: 1, alarm: 2 };

export function hasThresholds(id: string): boolean {
  return (THRESHOLDS as Record<string, readonly Threshold[] | undefined>)[id] !== undefined;
}

/** The strongest threshold a counter cell meets, or null when it is unremarkable or missing. */
export function cellAttention(id: CounterId, group: Group, hostState: MemState | null): CellAttention | null {
  const list = THRESHOLDS[id];
  if (!list) return null;
  const value = group.values[id];
  if (value === null || value === undefined) return null;
  let best: CellAttention | null = null;
  for (const t of list) {
    if (!t.groups.includes(group.kind) || !meets(t, shown(id, value), group, hostState)) continue;
    const mark = t.kind === 'atLeastColumn' ? t.mark : '';
    if (!best) best = { level: t.level, mark };
    else best = { level: LEVEL_RANK[t.level] > LEVEL_RANK[best.level] ? t.level : best.level, mark: best.mark || mark };
  }
  return best;
}

/** A value as its cell shows it: two decimals for MB and MB/s, so a colour never sits on a "0.00". */
function shown(id: CounterId, value: number): number {
  return getColumn(id).format === 'fixed2' ? Math.round(value * 100) / 100 : value;
}

function meets(t: Threshold, value: number, group: Group, hostState: MemState | null): boolean {
  switch (t.kind) {
    case 'above':
      return value > t.value;
    case 'atLeastColumn': {
      const limit = group.values[t.column];
      return limit !== null && limit !== undefined && limit > 0 && value >= limit - t.margin;
    }
    case 'offInStates':
      return value === 0 && hostState !== null && t.states.includes(hostState);
  }
}

/** One line of the colour legend per threshold, in words (the help screen). */
export function describeThresholds(): { column: CounterId; level: Level; text: string }[] {
  const out: { column: CounterId; level: Level; text: string }[] = [];
  for (const [column, list] of Object.entries(THRESHOLDS) as [CounterId, readonly Threshold[]][]) {
    for (const t of list) out.push({ column, level: t.level, text: describe(column, t) });
  }
  return out;
}

function describe(column: CounterId, t: Threshold): string {
  const on = t.groups.includes('vm') ? 'on a VM' : 'on a user world or system group (system swap)';
  switch (t.kind) {
    case 'above':
      return `${column} above ${t.value} ${on}`;
    case 'atLeastColumn':
      return `${column} at ${t.column} (within ${t.margin} MB) ${on}, marked "${t.mark}"`;
    case 'offInStates':
      return `${column} N ${on} while the host is ${t.states.join(', ')}`;
  }
}
