/**
 * A whole screen as lines: state in, lines out, no terminal. The memory page
 * (header, column titles, one row per group), or the `f`/`o`/help panel over
 * it, then the caption, the message or prompt, and the status line.
 */
import type { Sample, SampleNote } from '../src/sample/sample';
import { HEADER_LINE_COUNT, headerLines } from './header-lines';
import { barLine, LineBuilder, textLine, type Line } from './line';
import { fieldsPanel, helpLines, orderPanel } from './panels';
import { statusLine, type StatusInput } from './status-line';
import { rowLine, sortedGroups, titleLine, visibleColumns } from './table';
import { sanitize, wrap } from './text-width';
import type { ViewState } from './view-state';

export const MIN_WIDTH = 40;
export const MIN_HEIGHT = 12;

export interface FrameInput {
  view: ViewState;
  sample: Sample | null;
  notes: readonly SampleNote[];
  status: StatusInput;
  width: number;
  height: number;
}

/**
 * The narration in force, word-wrapped for a class to read in full: at most
 * a quarter of the screen, 1 to 4 lines (a longer caption ends in `...`).
 */
export function captionLines(input: Pick<FrameInput, 'height' | 'notes' | 'width'>): string[] {
  if (input.notes.length === 0) return [];
  const text = input.notes.map((n) => sanitize(n.text)).join('  ');
  const maxLines = Math.max(1, Math.min(4, Math.floor(input.height / 8)));
  return wrap(text, input.width - 2, maxLines);
}

/** Rows of the group table that fit, for paging keys. */
export function tableRows(input: Pick<FrameInput, 'height' | 'notes' | 'view' | 'width'>): number {
  const below = 1 + captionLines(input).length + (input.view.message || input.view.prompt ? 1 : 0);
  return Math.max(0, input.height - HEADER_LINE_COUNT - 2 - below);
}

export function renderFrame(input: FrameInput): Line[] {
  const { width, height, view } = input;
  if (width < MIN_WIDTH || height < MIN_HEIGHT) return tooSmall(width, height);
  const bottom: Line[] = [];
  for (const text of captionLines(input)) bottom.push(barLine(` ${text}`, width, 'caption'));
  if (view.prompt) bottom.push(new LineBuilder(width).add(`${view.prompt.label} `, 'key').add(`${sanitize(view.prompt.text)}_`).build());
  else if (view.message) bottom.push(barLine(` ${sanitize(view.message.text)}`, width, view.message.level === 'error' ? 'error' : 'notice'));
  bottom.push(statusLine(input.status, width));
  const room = height - bottom.length;
  let body: Line[];
  if (view.mode === 'fields') body = fieldsPanel(view.layout, width);
  else if (view.mode === 'order') body = orderPanel(view.layout, width);
  else if (view.mode === 'help') {
    const all = helpLines(width);
    const top = Math.max(0, Math.min(view.helpTop, all.length - room));
    body = all.slice(top, top + room);
    if (all.length > room) body[body.length - 1] = textLine(`-- ${top + room < all.length ? 'more: Down/PgDn' : 'end'}, any other key returns --`, width, 'dim');
  } else body = memoryPage(input, room);
  const lines = body.slice(0, room);
  while (lines.length < room) lines.push([]);
  return [...lines, ...bottom];
}

function memoryPage(input: FrameInput, room: number): Line[] {
  const { width, view, sample } = input;
  if (!sample) return [textLine('waiting for the first sample...', width)];
  const lines = headerLines(sample, width);
  lines.push([]);
  const columns = visibleColumns(view.layout);
  lines.push(titleLine(columns, width));
  const groups = sortedGroups(sample, view.sort, view.vmsOnly);
  const shown = view.maxRows === null ? groups.length : Math.min(view.maxRows, groups.length);
  const fit = Math.max(0, room - lines.length);
  const selected = Math.min(Math.max(0, view.selected), Math.max(0, shown - 1));
  const top = Math.max(0, Math.min(selected - fit + 1, shown - fit));
  const end = Math.min(shown, top + fit);
  for (let i = top; i < end; i++) lines.push(rowLine(groups[i], columns, sample.host.state, width, i === selected));
  return lines;
}

function tooSmall(width: number, height: number): Line[] {
  const msg = [`terminal too small: ${width}x${height}`, `balloontop needs at least ${MIN_WIDTH}x${MIN_HEIGHT}`, 'enlarge it, or press q to quit'];
  const lines: Line[] = [];
  for (let i = 0; i < height; i++) {
    const m = msg[i - Math.floor((height - msg.length) / 2)];
    lines.push(m ? textLine(m, width, 'alarm') : []);
  }
  return lines;
}
