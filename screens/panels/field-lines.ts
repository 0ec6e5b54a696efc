/**
 * The lines the `f` and `o` panels share: one per field group, in display
 * order, with its letter, name, description and columns, made to fit the
 * terminal. A line too long for the width shortens its description (the
 * unit in brackets first, then the end, marked `~`), never the column names,
 * which wrap onto a line of their own when even the name leaves no room. When
 * the panel is taller than the rows it has, the blank lines go first, then
 * the groups are listed in two columns by letter and name only.
 */
import { formatPanelLine, type FieldLayout } from '../../src/config/field-layout';
import type { FieldGroup } from '../../src/fields/group-fields';
import { fieldGroup } from '../../src/fields/registry';
import { LineBuilder, textLine, type Line } from '../parts/line';
import { displayWidth, truncate, wrap } from '../parts/text-width';

const NAME_WIDTH = 13;
/** Continuation lines of a group start under its name. */
const INDENT = '      ';

function currentOrderLine(layout: FieldLayout, width: number): Line {
  return textLine(`Current Field order: ${formatPanelLine(layout)}`, width);
}

/** The description that fits `room` columns: whole, without its bracketed unit, or cut with `~`; '' when under 4 columns are left. */
function fittedDescription(description: string, room: number): string {
  if (displayWidth(description) <= room) return description;
  const short = description.replace(/ \([^)]*\)$/, '');
  if (displayWidth(short) <= room) return short;
  return room >= 4 ? truncate(short, room) : '';
}

function groupLine(group: FieldGroup, shown: boolean, width: number): Line[] {
  const head = `  ${group.name.padEnd(NAME_WIDTH)}`;
  const columns = `(${group.columns.map((c) => c.id).join(' ')})`;
  const lead = 2 + 2 + head.length; // mark, letter and colon, name
  const room = width - lead - 2 - 2 - columns.length; // "= " before the description, two spaces before the columns
  const description = fittedDescription(group.description, room);
  const first = new LineBuilder(width).add(shown ? '* ' : '  ').add(`${group.letter}:`, 'key').add(head);
  if (description) return [first.add(`= ${description}`).add(`  ${columns}`, 'dim').build()];
  if (lead + columns.length <= width) return [first.add(columns, 'dim').build()];
  // Not even the name and the columns: the column names go on lines of their own, whole.
  const lines = [first.build()];
  let current = '';
  for (const word of columns.split(' ')) {
    if (current && INDENT.length + current.length + 1 + word.length > width) {
      lines.push(new LineBuilder(width).add(INDENT).add(current, 'dim').build());
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  lines.push(new LineBuilder(width).add(INDENT).add(current, 'dim').build());
  return lines;
}

function groupsOf(layout: FieldLayout): FieldGroup[] {
  return layout.order.map((l) => fieldGroup(l)).filter((g): g is FieldGroup => g !== undefined);
}

/** Two columns of `* J: MCTL` entries, for a panel with fewer rows than groups. */
function compactLines(layout: FieldLayout, width: number): Line[] {
  const groups = groupsOf(layout);
  const rows = Math.ceil(groups.length / 2);
  const half = Math.floor(width / 2);
  const lines: Line[] = [];
  for (let r = 0; r < rows; r++) {
    const b = new LineBuilder(width);
    for (const g of [groups[r], groups[r + rows]]) {
      if (!g) continue;
      const entry = `${layout.visible.has(g.letter) ? '* ' : '  '}${g.letter}: ${g.name}`;
      b.add(entry.slice(0, 2)).add(entry.slice(2, 4), 'key').add(entry.slice(4).padEnd(half - 4));
    }
    lines.push(b.build());
  }
  return lines;
}

/**
 * A whole panel in at most `room` lines: the current field order, `intro`,
 * one entry per group, and `footer` (what the keys do), which always shows.
 */
export function panelLines(layout: FieldLayout, width: number, room: number, intro: readonly string[], footer: string): Line[] {
  const groups = groupsOf(layout).flatMap((g) => groupLine(g, layout.visible.has(g.letter), width));
  const order = currentOrderLine(layout, width);
  const words = (t: string) => wrap(t, width, Infinity).map((l) => textLine(l, width));
  const introLines = intro.flatMap(words);
  const foot = words(footer);
  const full = [order, [], ...introLines, ...groups, [], ...foot];
  if (full.length <= room) return full;
  const tight = [order, ...introLines, ...groups, ...foot];
  if (tight.length <= room) return tight;
  const compact = [order, ...introLines, ...compactLines(layout, width), ...foot];
  return compact.length <= room ? compact : [order, ...compactLines(layout, width), ...foot];
}
