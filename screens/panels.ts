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

/** The whole help text: keys, then every column and host counter described by the registry. */
export function helpLines(width: number): Line[] {
  const lines: Line[] = [textLine('balloontop: esxtop\'s memory page for ballooning, compression and swap', width, 'title'), []];
  for (const section of KEY_SECTIONS) {
    lines.push(textLine(section.title, width, 'title'));
    for (const k of section.keys) lines.push(new LineBuilder(width).add(`  ${k.keys.padEnd(14)}`, 'key').add(k.what).build());
    lines.push([]);
  }
  lines.push(textLine('columns (f shows or hides them by field letter)', width, 'title'));
  for (const c of ALL_COLUMNS) {
    lines.push(new LineBuilder(width).add(`  ${c.group} `, 'key').add(`${c.id.padEnd(9)} ${c.unit.padEnd(6)} ${c.description}`).build());
  }
  lines.push([]);
  lines.push(textLine('header lines', width, 'title'));
  for (const h of HOST_COUNTERS) lines.push(textLine(`  ${h.line.padEnd(7)}${h.label.padEnd(17)} ${h.description}`, width));
  lines.push([]);
  lines.push(textLine('colours: MCTLSZ > 0 notice; SWCUR, SWR/s, SWW/s > 0 alarm; MCTL? N in soft/hard/low state alarm; "!" = MCTLSZ at MCTLMAX', width));
  lines.push(textLine('times are UTC, as in esxtop batch captures', width));
  return lines;
}
