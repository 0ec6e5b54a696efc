/**
 * When a cell deserves attention, by column: the table colours and marks
 * cells from this table, and the help screen's colour legend is written from
 * it, so the two cannot disagree.
 */
import type { Group } from '../sample/sample';
import type { MemState } from '../sample/mem-state';
import type { CounterId } from './group-fields';

type Level = 'notice' | 'alarm';

type Threshold =
  /** value > `value` */
  | { kind: 'above'; value: number; level: Level }
  /** value >= the same group's `column` (less a rounding margin) while that column is > 0: MCTLSZ at MCTLMAX */
  | { kind: 'atLeastColumn'; column: CounterId; margin: number; level: Level; mark: string }
  /**
   * A flag that is off (0) on a virtual machine while the host is in one of
   * `states`. Only VMs can have a balloon driver: a user world or a system
   * group is never flagged.
   */
  | { kind: 'offOnVmInStates'; states: readonly MemState[]; level: Level };

const PRESSURE_STATES: readonly MemState[] = ['soft', 'hard', 'low'];

/** Every threshold of the memory page. A column not listed is never coloured. */
export const THRESHOLDS: Partial<Record<CounterId, readonly Threshold[]>> = {
  'MCTL?': [{ kind: 'offOnVmInStates', states: PRESSURE_STATES, level: 'alarm' }],
  MCTLSZ: [
    { kind: 'above', value: 0, level: 'notice' },
    { kind: 'atLeastColumn', column: 'MCTLMAX', margin: 0.5, level: 'alarm', mark: '!' },
  ],
  SWCUR: [{ kind: 'above', value: 0, level: 'alarm' }],
  'SWR/s': [{ kind: 'above', value: 0, level: 'alarm' }],
  'SWW/s': [{ kind: 'above', value: 0, level: 'alarm' }],
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
    if (!meets(t, value, group, hostState)) continue;
    const mark = t.kind === 'atLeastColumn' ? t.mark : '';
    if (!best) best = { level: t.level, mark };
    else best = { level: LEVEL_RANK[t.level] > LEVEL_RANK[best.level] ? t.level : best.level, mark: best.mark || mark };
  }
  return best;
}

function meets(t: Threshold, value: number, group: Group, hostState: MemState | null): boolean {
  switch (t.kind) {
    case 'above':
      return value > t.value;
    case 'atLeastColumn': {
      const limit = group.values[t.column];
      return limit !== null && limit !== undefined && limit > 0 && value >= limit - t.margin;
    }
    case 'offOnVmInStates':
      return group.kind === 'vm' && value === 0 && hostState !== null && t.states.includes(hostState);
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
  switch (t.kind) {
    case 'above':
      return `${column} above ${t.value}`;
    case 'atLeastColumn':
      return `${column} at ${t.column} (within ${t.margin} MB), marked "${t.mark}"`;
    case 'offOnVmInStates':
      return `${column} N on a VM while the host is ${t.states.join(', ')}`;
  }
}
