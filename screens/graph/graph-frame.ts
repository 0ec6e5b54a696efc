/**
 * The graph view's frame, pure: the memory page's frame with the table's rows
 * cleared, so that the header lines stay above the charts and the caption,
 * message and status lines below; the charts (graph-view.ts) are drawn into
 * the cleared rows. Says so when the terminal is too small for a graph.
 */
import { MIN_HEIGHT, MIN_WIDTH, renderFrame, tableRows, type FrameInput } from '../frame';
import { HEADER_LINE_COUNT } from '../header-lines';
import { textLine, type Line } from '../line';
import { layoutGraph, type GraphLayout } from './graph-layout';

export interface GraphGroup {
  gid: number;
  name: string;
}

export interface GraphFrame {
  lines: Line[];
  /** Charts to draw, or null when the table (or a panel, or a message) is shown instead. */
  layout: GraphLayout | null;
}

/** Whether the frame for this input is the graph view (not a panel, and there is a sample). */
export function graphShown(input: FrameInput): boolean {
  return input.view.graph !== 'off' && input.view.mode === 'main' && input.sample !== null && input.width >= MIN_WIDTH && input.height >= MIN_HEIGHT;
}

export function renderGraphFrame(input: FrameInput, group: GraphGroup | null): GraphFrame {
  const lines = renderFrame(input);
  if (!graphShown(input)) return { lines, layout: null };
  const top = HEADER_LINE_COUNT;
  // The table's rows, its title and the blank line above it.
  const rows = tableRows(input) + 2;
  for (let y = top; y < top + rows && y < lines.length; y++) lines[y] = [];
  const layout = layoutGraph(input.view.graph === 'group' ? 'group' : 'host', group, top, rows, input.width);
  if ('tooSmall' in layout) lines[top + Math.floor(rows / 2)] = textLine(layout.tooSmall, input.width, 'alarm');
  return { lines, layout };
}
