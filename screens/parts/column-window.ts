/**
 * Which columns of the memory page are on screen. When the shown columns fit
 * the terminal, all of them, in the layout's order. When they do not, GID and
 * NAME stay at the left and the other columns scroll sideways from
 * `columnOffset`; a marker on each side that hides columns says how many
 * (`◂3` after NAME, `5▸` at the right edge), in columns of its own that no
 * value cell uses. The title line, the rows, the markers and the scrolling
 * keys all use this one function.
 */
import type { Column } from '../../src/fields/registry';

export interface ColumnWindow {
  /** Columns that never scroll (GID, NAME), at the left; every column when all fit. */
  pinned: readonly Column[];
  /** The scrolling columns on screen, after the left marker. */
  shown: readonly Column[];
  /** Every scrolling column, in order (`offset` indexes it). */
  scrolling: readonly Column[];
  /** Index in `scrolling` of the first column shown (the offset asked for, kept in range). */
  offset: number;
  hiddenLeft: number;
  hiddenRight: number;
  /** `◂N` when columns are hidden on the left, else ''. */
  leftMarker: string;
  /** `N▸` when columns are hidden on the right, else ''. */
  rightMarker: string;
}

const PINNED_SOURCES = new Set<Column['source']>(['gid', 'name']);

/** Columns of a line with one space between them. */
function span(widths: readonly number[]): number {
  if (widths.length === 0) return 0;
  return widths.reduce((a, b) => a + b, 0) + widths.length - 1;
}

function leftMarkerText(hidden: number): string {
  return hidden > 0 ? `◂${hidden}` : '';
}

function rightMarkerText(hidden: number): string {
  return hidden > 0 ? `${hidden}▸` : '';
}

/** How many scrolling columns from `offset` fit, with the markers' columns kept free. */
function fitFrom(pinnedWidths: readonly number[], scrolling: readonly Column[], offset: number, width: number): number {
  const left = leftMarkerText(offset);
  const baseWidths = [...pinnedWidths, ...(left ? [left.length] : [])];
  const base = span(baseWidths);
  const count = (room: number): number => {
    let used = base;
    let k = 0;
    while (offset + k < scrolling.length) {
      const next = used + (used > 0 ? 1 : 0) + scrolling[offset + k].width;
      if (next > room) break;
      used = next;
      k++;
    }
    return k;
  };
  const all = count(width);
  if (offset + all >= scrolling.length) return all;
  // Some are hidden on the right: keep room for a space and the marker (its count at most the columns after offset).
  const reserve = 1 + rightMarkerText(scrolling.length - offset).length;
  return Math.max(1, count(width - reserve));
}

export function columnWindow(columns: readonly Column[], offset: number, width: number): ColumnWindow {
  if (span(columns.map((c) => c.width)) <= width) {
    return { pinned: columns, shown: [], scrolling: [], offset: 0, hiddenLeft: 0, hiddenRight: 0, leftMarker: '', rightMarker: '' };
  }
  const pinned = columns.filter((c) => PINNED_SOURCES.has(c.source));
  const scrolling = columns.filter((c) => !PINNED_SOURCES.has(c.source));
  const pinnedWidths = pinned.map((c) => c.width);
  const o = Math.min(Math.max(0, Math.floor(offset)), maxOffset(pinnedWidths, scrolling, width));
  const k = fitFrom(pinnedWidths, scrolling, o, width);
  const hiddenRight = scrolling.length - o - k;
  return {
    pinned,
    shown: scrolling.slice(o, o + k),
    scrolling,
    offset: o,
    hiddenLeft: o,
    hiddenRight,
    leftMarker: leftMarkerText(o),
    rightMarker: rightMarkerText(hiddenRight),
  };
}

/** The smallest offset from which every remaining column fits: scrolling further right shows nothing new. */
function maxOffset(pinnedWidths: readonly number[], scrolling: readonly Column[], width: number): number {
  for (let o = 0; o < scrolling.length; o++) if (o + fitFrom(pinnedWidths, scrolling, o, width) >= scrolling.length) return o;
  return Math.max(0, scrolling.length - 1);
}

/**
 * The offset that brings the columns `ids` into view, or `offset` when they
 * are already shown. `start` puts the first of them right after NAME (a
 * field group just switched on); `nearest` scrolls as little as it can (the
 * sort column moving left or right).
 */
export function revealOffset(columns: readonly Column[], offset: number, width: number, ids: readonly string[], how: 'start' | 'nearest'): number {
  const win = columnWindow(columns, offset, width);
  const indexes = ids.map((id) => win.scrolling.findIndex((c) => c.id === id)).filter((i) => i >= 0);
  if (indexes.length === 0) return win.offset;
  const first = Math.min(...indexes);
  const last = Math.max(...indexes);
  const end = win.offset + win.shown.length - 1;
  if (first >= win.offset && last <= end) return win.offset;
  if (how === 'start' || first < win.offset) return columnWindow(columns, first, width).offset;
  // Scroll right just until the last one shows (but never past the first).
  for (let o = win.offset + 1; o <= first; o++) {
    const w = columnWindow(columns, o, width);
    if (last <= w.offset + w.shown.length - 1) return w.offset;
  }
  return columnWindow(columns, first, width).offset;
}

/** The message line's words for the columns off screen, or '' when every column shows. */
export function hiddenColumnsText(win: ColumnWindow): string {
  if (win.hiddenLeft + win.hiddenRight === 0) return '';
  const sides = [win.leftMarker ? `${win.leftMarker} on the left` : '', win.rightMarker ? `${win.rightMarker} on the right` : ''].filter(Boolean);
  return `columns hidden: ${sides.join(', ')}; Left/Right scroll`;
}
