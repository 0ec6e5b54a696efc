/**
 * Draws a frame straight into blessed's cell buffer (`screen.lines`): no tag
 * parsing, no widget layout, only the cells that changed are marked. blessed
 * then writes the difference to the terminal. This is the "draw the table
 * yourself" that blessed's widgets need at this size, and what keeps a 200x60 frame of 1,000 groups
 * in a few milliseconds.
 */
import type { ScreenCell, ScreenWithLines } from './blessed-types';
import type { Line } from '../parts/line';
import { safeText } from '../../src/text/safe-text';
import { graphemes } from '../parts/text-width';
import type { Theme } from '../parts/theme';

const ASCII = /^[\x20-\x7e]*$/;

type Row = ScreenCell[] & { dirty?: boolean };

function put(row: Row, x: number, attr: number, ch: string): boolean {
  const cell = row[x];
  if (cell[0] === attr && cell[1] === ch) return false;
  cell[0] = attr;
  cell[1] = ch;
  return true;
}

export function paint(screen: ScreenWithLines, lines: readonly Line[], theme: Theme): void {
  const blank = theme.attr('plain');
  const rows = screen.lines as Row[];
  for (let y = 0; y < rows.length; y++) {
    const row = rows[y];
    const width = row.length;
    let x = 0;
    let changed = false;
    const line = lines[y];
    if (line) {
      for (const seg of line) {
        const attr = theme.attr(seg.style);
        const text = seg.text;
        if (ASCII.test(text)) {
          for (let i = 0; i < text.length && x < width; i++, x++) changed = put(row, x, attr, text[i]) || changed;
        } else {
          // A wide grapheme takes two cells: itself, then an empty cell, so that blessed writes
          // nothing for the second column whatever its own (older) width table says. Frames hold
          // safe text already; nothing else reaches the terminal through here either.
          for (const g of graphemes(safeText(text))) {
            if (g.width === 0) continue;
            if (x + g.width > width) break;
            changed = put(row, x++, attr, g.text) || changed;
            if (g.width === 2) changed = put(row, x++, attr, '') || changed;
          }
        }
        if (x >= width) break;
      }
    }
    for (; x < width; x++) changed = put(row, x, blank, ' ') || changed;
    if (changed) row.dirty = true;
  }
}
