/** The memory page itself: esxtop's header lines, the column titles and one row per visible group. */
import { headerLines } from '../parts/header-lines';
import { textLine, type Line } from '../parts/line';
import { rowLine, titleLine, visibleColumns } from '../parts/table';
import { selectedIndex } from '../rows';
import type { FrameInput, Screen } from '../screen';

/** Rows above the first table row: the header lines, a blank line, the column titles. */
export function tableTop(input: Pick<FrameInput, 'sample' | 'width'>): number {
  return input.sample ? headerLines(input.sample, input.width).length + 2 : 1;
}

function memoryPage(input: FrameInput, room: number): Line[] {
  const { width, view, sample, rows } = input;
  if (!sample) return [textLine('waiting for the first sample...', width)];
  const lines = headerLines(sample, width);
  lines.push([]);
  const columns = visibleColumns(view.layout);
  lines.push(titleLine(columns, width));
  const fit = Math.max(0, room - lines.length);
  const selected = selectedIndex(view, rows);
  const top = Math.max(0, Math.min(selected - fit + 1, rows.length - fit));
  const end = Math.min(rows.length, top + fit);
  for (let i = top; i < end; i++) lines.push(rowLine(rows[i], columns, sample.host.state, width, i === selected));
  return lines;
}

export const tableScreen: Screen = {
  id: 'table',
  body: (input, room) => ({ lines: memoryPage(input, room) }),
  keys: [],
};
