/** Lines to blessed tagged text. The dashboard paints cells directly (painter.ts); this is the baseline bench/frame.ts compares against. */
import type { Line } from '../screens/parts/line';
import { themeFor } from '../screens/parts/theme';

const theme = themeFor('dark');

function escape(text: string): string {
  return text.indexOf('{') < 0 && text.indexOf('}') < 0 ? text : text.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

export function lineToTags(line: Line): string {
  let out = '';
  for (const seg of line) {
    if (seg.style === 'plain') out += escape(seg.text);
    else {
      const [open, close] = theme.tags(seg.style);
      out += open + escape(seg.text) + close;
    }
  }
  return out;
}

export function frameToTags(lines: readonly Line[]): string {
  return lines.map(lineToTags).join('\n');
}
