/**
 * The group table of the memory page: which columns (from the field layout and
 * the registry, never a list of our own), the title line, and each row as
 * styled cells with the registry's thresholds applied.
 */
import type { FieldLayout } from '../../src/config/field-layout';
import { columnValue, formatValue } from '../../src/fields/format';
import { fieldGroup, type Column } from '../../src/fields/registry';
import { cellAttention, hasThresholds } from '../../src/fields/thresholds';
import type { CounterId } from '../../src/fields/group-fields';
import type { Group } from '../../src/sample/sample';
import type { MemState } from '../../src/sample/mem-state';
import { LineBuilder, type Line } from './line';
import type { ColumnWindow } from './column-window';
import { safeText } from '../../src/text/safe-text';
import { fit } from './text-width';
import type { StyleName } from './theme';

export function visibleColumns(layout: FieldLayout): Column[] {
  const out: Column[] = [];
  for (const letter of layout.order) {
    if (!layout.visible.has(letter)) continue;
    const g = fieldGroup(letter);
    if (g) out.push(...g.columns);
  }
  return out;
}

/** The window's cells in order: the pinned columns, the left marker's slot (null), the scrolled ones. */
function cells(win: ColumnWindow): (Column | null)[] {
  return [...win.pinned, ...(win.leftMarker ? [null] : []), ...win.shown];
}

export function titleLine(win: ColumnWindow, width: number): Line {
  const b = new LineBuilder(width);
  const list = cells(win);
  for (let i = 0; i < list.length; i++) {
    if (i > 0) b.add(' ', 'title');
    const col = list[i];
    b.add(col ? fit(col.id, col.width, col.align) : win.leftMarker, col ? 'title' : 'marker');
  }
  if (win.rightMarker) {
    b.add(' '.repeat(Math.max(1, b.remaining - win.rightMarker.length)), 'title');
    b.add(win.rightMarker, 'marker');
  }
  return b.fill('title').build();
}

/** One group as a table row. */
export function rowLine(group: Group, win: ColumnWindow, hostState: MemState | null, width: number, selected: boolean): Line {
  const base: StyleName = selected ? 'selected' : 'plain';
  const b = new LineBuilder(width);
  const list = cells(win);
  for (let i = 0; i < list.length; i++) {
    if (b.remaining <= 0) break;
    const col = list[i];
    if (i > 0) b.add(' ', base);
    if (!col) {
      b.add(' '.repeat(win.leftMarker.length), base);
      continue;
    }
    if (col.source === 'name') {
      b.add(fit(safeText(group.name), col.width, 'left'), base);
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
