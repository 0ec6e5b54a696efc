/**
 * The group table of the memory page: which columns (from the field layout and
 * the registry, never a list of our own), which groups (VMs only, sorted,
 * limited), and each visible row as styled cells with the registry's
 * thresholds applied.
 */
import type { FieldLayout } from '../src/config/field-layout';
import { columnValue, formatValue } from '../src/fields/format';
import { fieldGroup, findColumn, type Column } from '../src/fields/registry';
import { cellAttention, hasThresholds } from '../src/fields/thresholds';
import type { CounterId } from '../src/fields/group-fields';
import type { Group, Sample } from '../src/sample/sample';
import type { MemState } from '../src/sample/mem-state';
import { LineBuilder, type Line } from './line';
import { fit, sanitize } from './text-width';
import type { StyleName } from './theme';
import type { SortSpec } from './view-state';

export function visibleColumns(layout: FieldLayout): Column[] {
  const out: Column[] = [];
  for (const letter of layout.order) {
    if (!layout.visible.has(letter)) continue;
    const g = fieldGroup(letter);
    if (g) out.push(...g.columns);
  }
  return out;
}

export function titleLine(columns: readonly Column[], width: number): Line {
  const b = new LineBuilder(width);
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) b.add(' ', 'title');
    b.add(fit(columns[i].id, columns[i].width, columns[i].align), 'title');
  }
  return b.fill('title').build();
}

function compareBy(column: Column, descending: boolean): (a: Group, b: Group) => number {
  const dir = descending ? -1 : 1;
  return (a, b) => {
    const va = columnValue(column, a);
    const vb = columnValue(column, b);
    if (va === null || vb === null) {
      if (va === vb) return a.gid - b.gid;
      return va === null ? 1 : -1; // missing values last, whatever the direction
    }
    let c: number;
    if (typeof va === 'string' || typeof vb === 'string') c = String(va).localeCompare(String(vb));
    else c = va - vb;
    return c !== 0 ? c * dir : a.gid - b.gid;
  };
}

let memo: { sample: Sample; sort: SortSpec; vmsOnly: boolean; rows: Group[] } | null = null;

/** The groups in display order: filtered (`V`), sorted. Memoised on the last sample and settings. */
export function sortedGroups(sample: Sample, sort: SortSpec, vmsOnly: boolean): Group[] {
  if (memo && memo.sample === sample && memo.sort === sort && memo.vmsOnly === vmsOnly) return memo.rows;
  const base = vmsOnly ? sample.groups.filter((g) => g.kind === 'vm') : [...sample.groups];
  const column = findColumn(sort.column);
  if (column) base.sort(compareBy(column, sort.descending));
  memo = { sample, sort, vmsOnly, rows: base };
  return base;
}

/** One group as a table row. */
export function rowLine(group: Group, columns: readonly Column[], hostState: MemState | null, width: number, selected: boolean): Line {
  const base: StyleName = selected ? 'selected' : 'plain';
  const b = new LineBuilder(width);
  for (let i = 0; i < columns.length; i++) {
    if (b.remaining <= 0) break;
    const col = columns[i];
    if (i > 0) b.add(' ', base);
    if (col.source === 'name') {
      b.add(fit(sanitize(group.name), col.width, 'left'), base);
      continue;
    }
    const text = formatValue(col, columnValue(col, group));
    const attention = col.source === 'counter' && hasThresholds(col.id) ? cellAttention(col.id as CounterId, group, hostState) : null;
    if (attention) b.add(fit(text + attention.mark, col.width, col.align), selected ? `${attention.level}-selected` : attention.level);
    else b.add(fit(text, col.width, col.align), base);
  }
  if (selected) b.fill('selected');
  return b.build();
}
