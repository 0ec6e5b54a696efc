/** Evaluates the registry's thresholds: which cells deserve a colour or a mark. */
import type { Column, Level, Threshold } from './group-fields';
import { findColumn } from './registry';
import type { Group } from '../sample/sample';
import type { MemState } from '../sample/mem-state';

export interface CellAttention {
  level: Level;
  /** A character to put beside the value (`!` for MCTLSZ at MCTLMAX), or ''. */
  mark: string;
}

const LEVEL_RANK: Record<Level, number> = { notice: 1, alarm: 2 };

/** The strongest threshold a cell meets, or null when it is unremarkable or missing. */
export function cellAttention(column: Column, group: Group, hostState: MemState | null): CellAttention | null {
  const value = column.source === 'counter' ? group.values[column.id] : null;
  if (value === null || value === undefined) return null;
  let best: CellAttention | null = null;
  for (const t of column.thresholds) {
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
      const limit = findColumn(t.column) ? group.values[t.column] : null;
      return limit !== null && limit !== undefined && limit > 0 && value >= limit - t.margin;
    }
    case 'offInStates':
      return value === 0 && hostState !== null && t.states.includes(hostState);
  }
}
