/** Look-ups over the field registry (`group-fields.ts`, `host-counters.ts`). */
import { FIELD_GROUPS, type Column, type FieldGroup, type GroupLetter } from './group-fields';

export const ALL_COLUMNS: readonly Column[] = FIELD_GROUPS.flatMap((g) => g.columns);

/** Columns that come from a batch counter, in the order `esxtop -b` writes them. */
export const COUNTER_COLUMNS: readonly Column[] = ALL_COLUMNS.filter((c) => c.source === 'counter');

const columnById = new Map(ALL_COLUMNS.map((c) => [c.id, c]));
const columnByBatch = new Map(COUNTER_COLUMNS.map((c) => [c.batchCounter as string, c]));
const groupByLetter = new Map(FIELD_GROUPS.map((g) => [g.letter, g]));


export function findColumn(id: string): Column | undefined {
  return columnById.get(id);
}

export function getColumn(id: string): Column {
  const c = columnById.get(id);
  if (!c) throw new Error(`unknown column ${id}`);
  return c;
}

export function columnByBatchCounter(name: string): Column | undefined {
  return columnByBatch.get(name);
}

export function fieldGroup(letter: string): FieldGroup | undefined {
  return groupByLetter.get(letter.toUpperCase() as GroupLetter);
}

export const GROUP_LETTERS: readonly GroupLetter[] = FIELD_GROUPS.map((g) => g.letter);

/**
 * The esxtop config line of the memory panel: letters in display order,
 * upper case when shown (`aBcDefgHijKLmnOpq` for the defaults).
 */
export const DEFAULT_MEMORY_FIELDS = FIELD_GROUPS.map((g) => (g.defaultVisible ? g.letter : g.letter.toLowerCase())).join('');

export { FIELD_GROUPS };
export type { Column, FieldGroup, GroupLetter };
