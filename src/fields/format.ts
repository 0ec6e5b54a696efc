/** Turns registry values into the text esxtop would print. */
import type { Column, CounterId } from './group-fields';
import type { Group, Value } from '../sample/sample';

export const MISSING = '-';

/**
 * The raw value of a column for a group: GID and NAME come from the instance,
 * the rest from counters. A diagnosis column is not in the group (the screen
 * fills it from the diagnosis of the sample): null here.
 */
export function columnValue(column: Column, group: Group): Value | string {
  switch (column.source) {
    case 'gid':
      return group.gid;
    case 'name':
      return group.name;
    case 'counter':
      return group.values[column.id as CounterId] ?? null;
    case 'none':
    case 'diagnosis':
      return null;
  }
}

export function formatValue(column: Column, value: Value | string): string {
  if (value === null) return MISSING;
  if (typeof value === 'string') return value;
  switch (column.format) {
    case 'flag':
      return value ? 'Y' : 'N';
    case 'int':
      return String(Math.round(value));
    case 'fixed2':
      return value.toFixed(2);
    case 'text':
      return String(value);
  }
}

export function formatCell(column: Column, group: Group): string {
  return formatValue(column, columnValue(column, group));
}
