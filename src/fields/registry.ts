/** Look-ups over the field registry (`group-fields.ts`). */
import { FIELD_GROUPS, type Column, type ColumnId, type CounterId, type FieldGroup, type GroupLetter } from './group-fields';

export const ALL_COLUMNS: readonly Column[] = FIELD_GROUPS.flatMap((g): readonly Column[] => g.columns);

/** Columns whose values are counters in `Group.values`, in registry order (the order `esxtop -b` writes them). */
export const COUNTER_COLUMNS: readonly Column[] = ALL_COLUMNS.filter((c) => c.source === 'counter');

/** Ids of the counter columns, in registry order. */
export const COUNTER_IDS = COUNTER_COLUMNS.map((c) => c.id) as readonly CounterId[];

const columnById = new Map<string, Column>(ALL_COLUMNS.map((c) => [c.id, c]));
const groupByLetter = new Map<string, FieldGroup>(FIELD_GROUPS.map((g) => [g.letter, g]));

export function getColumn(id: ColumnId): Column {
  return columnById.get(id) as Column;
}

/** A column by a title that comes from outside (a config file, a recording); undefined when unknown. */
export function findColumn(id: string): Column | undefined {
  return columnById.get(id);
}

export function fieldGroup(letter: string): FieldGroup | undefined {
  return groupByLetter.get(letter.toUpperCase());
}

/** Every field group's letter, esxtop's and balloontop's own (the `f` and `o` panels list them all). */
export const GROUP_LETTERS: readonly GroupLetter[] = FIELD_GROUPS.map((g) => g.letter);

/** esxtop's letters, A to Q: the only ones its rc files hold (esxtop reads the file back). */
export const ESXTOP_LETTERS: readonly GroupLetter[] = FIELD_GROUPS.filter((g) => g.esxtop).map((g) => g.letter);

/**
 * The esxtop config line of the memory panel: letters in display order,
 * upper case when shown (`aBcDefgHijKLmnOpq` for the defaults).
 */
export const DEFAULT_MEMORY_FIELDS = FIELD_GROUPS.filter((g) => g.esxtop).map((g) => (g.defaultVisible ? g.letter : g.letter.toLowerCase())).join('');

/** A values record with every counter missing. */
export function emptyGroupValues(): Record<CounterId, null> {
  const values = {} as Record<CounterId, null>;
  for (const id of COUNTER_IDS) values[id] = null;
  return values;
}

export { FIELD_GROUPS };
export type { Column, GroupLetter };
