/** The lines the `f` and `o` panels share: one per field group, in display order, with its letter, name, description and columns. */
import { formatFieldLine, type FieldLayout } from '../../src/config/field-layout';
import { fieldGroup } from '../../src/fields/registry';
import { LineBuilder, textLine, type Line } from '../parts/line';

export function currentOrderLine(layout: FieldLayout, width: number): Line {
  return textLine(`Current Field order: ${formatFieldLine(layout)}`, width);
}

export function groupLines(layout: FieldLayout, width: number): Line[] {
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
