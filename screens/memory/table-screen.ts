/** The memory page itself: esxtop's header lines, the column titles and one row per visible group; Left/Right scroll the columns. */
import { info, result, type KeyBinding, type KeyEnv } from '../keys/binding';
import { headerLines } from '../parts/header-lines';
import { textLine, type Line } from '../parts/line';
import { columnWindow, hiddenColumnsText } from '../parts/column-window';
import { rowLine, titleLine, visibleColumns } from '../parts/table';
import { selectedIndex } from '../rows';
import type { FrameInput, Screen } from '../screen';
import type { ViewState } from '../view-state';

/** Rows above the first table row: the header lines, a blank line, the column titles. */
export function tableTop(input: Pick<FrameInput, 'sample' | 'width'>): number {
  return input.sample ? headerLines(input.sample, input.width).length + 2 : 1;
}

function memoryPage(input: FrameInput, room: number): Line[] {
  const { width, view, sample, rows } = input;
  if (!sample) return [textLine('waiting for the first sample...', width)];
  const lines = headerLines(sample, width);
  lines.push([]);
  const win = columnWindow(visibleColumns(view.layout), view.columnOffset, width);
  lines.push(titleLine(win, width));
  const fit = Math.max(0, room - lines.length);
  const selected = selectedIndex(view, rows);
  const top = Math.max(0, Math.min(selected - fit + 1, rows.length - fit));
  const end = Math.min(rows.length, top + fit);
  for (let i = top; i < end; i++) lines.push(rowLine(rows[i], win, sample.host.state, width, i === selected));
  return lines;
}

/** Left/Right by one column, `[`/`]` by as many as are on screen. */
function scroll(view: ViewState, env: KeyEnv, direction: -1 | 1, page: boolean): ViewState {
  const columns = visibleColumns(view.layout);
  const now = columnWindow(columns, view.columnOffset, env.width);
  if (now.scrolling.length === 0) return info(view, 'every shown column fits: nothing to scroll (f shows more columns)');
  const step = page ? Math.max(1, now.shown.length) : 1;
  const next = columnWindow(columns, now.offset + direction * step, env.width);
  if (next.offset === now.offset) return info({ ...view, columnOffset: now.offset }, direction < 0 ? 'at the first column' : 'at the last column');
  return info({ ...view, columnOffset: next.offset }, hiddenColumnsText(next) || 'every column shown');
}

const S = 'esxtop keys (memory page)' as const;

const keys: readonly KeyBinding[] = [
  { keys: ['left', 'right'], on: ['table'], section: S, help: 'scroll the columns after GID and NAME left / right when they are wider than the terminal (◂3 and 5▸ in the title line: columns hidden on that side)', run: (v, e, k) => result(scroll(v, e, k.name === 'left' ? -1 : 1, false)) },
  { keys: ['[', ']'], on: ['table'], section: S, help: 'scroll the columns by a screenful left / right', run: (v, e, k) => result(scroll(v, e, k.ch === '[' ? -1 : 1, true)) },
];

export const tableScreen: Screen = {
  id: 'table',
  body: (input, room) => ({ lines: memoryPage(input, room) }),
  keys,
};
