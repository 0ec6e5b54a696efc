/**
 * A whole screen as lines: state in, lines out, no terminal. The current
 * screen's body (the memory page, a graph, or a panel), then the caption, the
 * message or prompt, and the status line. Below the smallest usable size, a
 * message that says so.
 */
import { barLine, LineBuilder, textLine, type Line } from './parts/line';
import { statusLine } from './parts/status-line';
import { diagnosisLine } from './parts/diagnosis-line';
import { scrollRange } from './parts/scrolled';
import { safeText } from '../src/text/safe-text';
import { truncate, wrap } from './parts/text-width';
import { formatSampleTime } from '../src/timeline/time-text';
import { tableTop } from './memory/table-screen';
import type { GraphLayout } from './graph/graph-layout';
import type { FrameInput } from './screen';
import { SCREENS } from './screen-list';

const MIN_WIDTH = 40;
const MIN_HEIGHT = 12;

interface Frame {
  lines: Line[];
  /** Charts for the blessed layer to draw (a graph screen), or null. */
  charts: GraphLayout | null;
}

/**
 * The narration in force, each caption from a line of its own, word-wrapped
 * for a class to read in full: as many lines as it takes, up to a quarter of
 * the screen (6 at 80x24). A longer one
 * says where to read the rest (the lesson outline shows it whole). After the
 * end of a lesson, a line says so when another caption is in force.
 */
export function captionLines(input: Pick<FrameInput, 'height' | 'notes' | 'width' | 'lesson'>): string[] {
  const width = input.width - 2;
  const endedAt = input.lesson?.endedAt ?? null;
  const endLine = endedAt !== null && !input.notes.some((n) => n.end) ? `End of the lesson at ${formatSampleTime(endedAt).slice(-8)} UTC; the simulated host runs on.` : null;
  if (input.notes.length === 0 && endLine === null) return [];
  const maxLines = Math.max(1, Math.floor(input.height / 4)) - (endLine === null ? 0 : 1);
  // Each caption begins a line of its own: a console message and the lesson's words are not one sentence.
  const lines = input.notes.flatMap((n) => wrap(safeText(n.text), width, Infinity));
  if (lines.length > maxLines) {
    const more = ` ... (${lines.length - maxLines + 1} more lines: C shows it whole)`;
    const kept = lines.slice(0, Math.max(0, maxLines - 1));
    lines.length = 0;
    lines.push(...kept, truncate(more.trim(), width, '~'));
  }
  if (endLine !== null) lines.push(...wrap(endLine, width, 1));
  return lines;
}

/**
 * The message, word-wrapped rather than cut: up to two lines (three from 40
 * rows). A message about pausing or resuming is dropped once the replay is no
 * longer in that state, so it never contradicts the status line.
 */
function messageLines(input: FrameInput): Line[] {
  const { view, width, height, status } = input;
  const m = view.message;
  if (!m) return [];
  const ended = !status.info.realtime && status.atLast && status.position.complete;
  if (m.playState && m.playState !== (status.paused ? 'paused' : ended ? 'ended' : 'playing')) return [];
  const style = m.level === 'error' ? 'error' : 'notice';
  return wrap(safeText(m.text), width - 2, height >= 40 ? 3 : 2).map((t) => barLine(` ${t}`, width, style));
}

function bottomLines(input: FrameInput): Line[] {
  const { width, view } = input;
  const bottom: Line[] = [];
  // The lesson outline shows the captions itself, the highlighted one whole.
  if (view.screen !== 'outline') for (const text of captionLines(input)) bottom.push(barLine(` ${text}`, width, 'caption'));
  if (view.prompt) bottom.push(new LineBuilder(width).add(`${view.prompt.label} `, 'key').add(`${safeText(view.prompt.text)}_`).build());
  else bottom.push(...messageLines(input));
  const why = diagnosisLine(input, bottom.length + 1);
  if (why) bottom.push(why);
  bottom.push(statusLine(input.status, width));
  return bottom;
}

/** How far the current screen scrolls, when it is longer than the rows it has (0 when it fits or does not scroll). */
export function scrollLength(input: FrameInput): number {
  const count = SCREENS[input.view.screen].lineCount?.(input) ?? 0;
  return scrollRange(count, input.height - bottomLines(input).length);
}

/** Rows of the group table that fit, for paging keys. */
export function tableRows(input: FrameInput): number {
  return Math.max(0, input.height - tableTop(input) - bottomLines(input).length);
}

/** What PgDn/PgUp move by: a screenful of a screen that scrolls (less its marker line), else the table rows that fit. */
export function pageRows(input: FrameInput): number {
  if (!SCREENS[input.view.screen].lineCount) return tableRows(input);
  return Math.max(1, input.height - bottomLines(input).length - 1);
}

export function renderFrame(input: FrameInput): Frame {
  const { width, height } = input;
  if (width < MIN_WIDTH || height < MIN_HEIGHT) return { lines: tooSmall(width, height), charts: null };
  const bottom = bottomLines(input);
  const room = height - bottom.length;
  const body = SCREENS[input.view.screen].body(input, room);
  const lines = body.lines.slice(0, room);
  while (lines.length < room) lines.push([]);
  return { lines: [...lines, ...bottom], charts: body.charts ?? null };
}

/**
 * What a terminal below the smallest size shows: the size it has, the size
 * needed, how to leave, word-wrapped into what there is. When that does not
 * fit, shorter words; a number is never cut (a cut `40x12` would read `40x1`).
 */
function tooSmall(width: number, height: number): Line[] {
  const forms = [
    `terminal too small: ${width}x${height}. balloontop needs at least ${MIN_WIDTH}x${MIN_HEIGHT}. Enlarge it, or press q to quit.`,
    `too small: ${width}x${height}, needs ${MIN_WIDTH}x${MIN_HEIGHT}. q quits.`,
    `needs ${MIN_WIDTH}x${MIN_HEIGHT}`,
    `${MIN_WIDTH}x${MIN_HEIGHT}`,
  ];
  const fits = (t: string) => {
    const w = wrap(t, width, Infinity);
    return w.length <= height && t.split(/\s+/).every((word) => word.length <= width) ? w : null;
  };
  let msg: string[] = [];
  for (const f of forms) {
    const w = fits(f);
    if (w) {
      msg = w;
      break;
    }
  }
  const lines: Line[] = [];
  for (let i = 0; i < height; i++) {
    const m = msg[i - Math.floor((height - msg.length) / 2)];
    lines.push(m ? textLine(m, width, 'alarm') : []);
  }
  return lines;
}
