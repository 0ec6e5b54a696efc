/**
 * The esxtop panels over the memory page: `f` (fields), `o` (order) and the
 * help screen, as lines. Field letters, names, descriptions and columns all
 * come from the registry.
 */
import { formatFieldLine, type FieldLayout } from '../src/config/field-layout';
import { ALL_COLUMNS, fieldGroup, GROUP_LETTERS } from '../src/fields/registry';
import { HOST_COUNTERS } from '../src/fields/host-counters';
import { LineBuilder, textLine, type Line } from './line';
import { KEY_SECTIONS } from './key-help';

const LAST = GROUP_LETTERS[GROUP_LETTERS.length - 1].toLowerCase();

function groupLines(layout: FieldLayout, width: number): Line[] {
  const lines: Line[] = [];
  for (const letter of layout.order) {
    const g = fieldGroup(letter);
    if (!g) continue;
    const shown = layout.visible.has(letter);
    lines.push(
      new LineBuilder(width)
        .add(shown ? '* ' : '  ')
        .add(`${letter}:`, 'key')
        .add(`  ${g.name.padEnd(13)}= ${g.description}`)
        .add(`  (${g.columns.map((c) => c.id).join(' ')})`, 'dim')
        .build(),
    );
  }
  return lines;
}

export function fieldsPanel(layout: FieldLayout, width: number): Line[] {
  return [
    textLine(`Current Field order: ${formatFieldLine(layout)}`, width),
    [],
    ...groupLines(layout, width),
    [],
    textLine(`Toggle fields with a-${LAST}, any other key to return:`, width),
  ];
}

export function orderPanel(layout: FieldLayout, width: number): Line[] {
  return [
    textLine(`Current Field order: ${formatFieldLine(layout)}`, width),
    [],
    textLine(`Upper case letter moves field left, lower case letter moves field right`, width),
    ...groupLines(layout, width),
    [],
    textLine('Any other key to return:', width),
  ];
}

/** Words of `text` in lines of at most `width` columns (a word longer than that is cut by the line). */
function wrap(text: string, width: number): string[] {
  if (width <= 0) return [text];
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    if (cur !== '' && cur.length + 1 + word.length > width) {
      out.push(cur);
      cur = word;
    } else cur = cur === '' ? word : `${cur} ${word}`;
  }
  out.push(cur);
  return out;
}

/** A help entry: the key (or column) in a fixed-width gutter, the text wrapped beside it. */
function entry(width: number, gutter: string, text: string): Line[] {
  return wrap(text, width - gutter.length).map((part, i) =>
    new LineBuilder(width).add(i === 0 ? gutter : ' '.repeat(gutter.length), 'key').add(part).build(),
  );
}

/** The whole help text: keys, then every column and host counter described by the registry. */
export function helpLines(width: number): Line[] {
  const lines: Line[] = [textLine('balloontop: esxtop\'s memory page for ballooning, compression and swap', width, 'title'), []];
  for (const section of KEY_SECTIONS) {
    lines.push(textLine(section.title, width, 'title'));
    for (const k of section.keys) lines.push(...entry(width, `  ${k.keys.padEnd(14)}`, k.what));
    lines.push([]);
  }
  lines.push(textLine('columns (f shows or hides them by field letter)', width, 'title'));
  for (const c of ALL_COLUMNS) {
    lines.push(...entry(width, `  ${c.group} ${c.id.padEnd(9)} ${c.unit.padEnd(6)} `, c.description));
  }
  lines.push([]);
  lines.push(textLine('header lines', width, 'title'));
  for (const h of HOST_COUNTERS) lines.push(...entry(width, `  ${h.line.padEnd(7)}${h.label.padEnd(17)} `, h.description));
  lines.push([]);
  for (const l of wrap('colours: MCTLSZ > 0 notice; SWCUR, SWR/s, SWW/s > 0 alarm; MCTL? N in soft/hard/low state alarm; "!" = MCTLSZ at MCTLMAX. Times are UTC, as in esxtop batch captures.', width)) lines.push(textLine(l, width));
  return lines;
}
