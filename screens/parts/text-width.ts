/**
 * Text measured, cut and padded by display width. Text from the outside
 * world (VM names, captions, messages, labels) is made safe for a terminal
 * first, by `safeText` (src/text/safe-text.ts).
 *
 * Width comes from the `string-width` package (Unicode's East Asian Width and
 * emoji data, per grapheme), with a fast path for plain ASCII, which is
 * nearly every name: the package loads with the first text that needs it
 * (about 25 ms of start-up otherwise).
 *
 * Terminals disagree on the width of some sequences: an emoji with a
 * variation selector (U+FE0F), a ZWJ sequence (a family emoji), a skin-tone
 * modifier. tmux, for one, draws the parts of a ZWJ sequence one by one.
 * `safeText` removes those joiners and modifiers, and replaces code points
 * whose width terminals disagree on, so every grapheme left has the width
 * every terminal agrees on, and rows stay aligned.
 */

const PLAIN = /^[\x20-\x7e]*$/;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

let stringWidth: ((text: string) => number) | null = null;

/** Widths of non-ASCII strings already measured (names repeat every frame); bounded. */
const widthCache = new Map<string, number>();
const WIDTH_CACHE_LIMIT = 10_000;

export function displayWidth(text: string): number {
  if (PLAIN.test(text)) return text.length;
  let w = widthCache.get(text);
  if (w === undefined) {
    stringWidth ??= (require('string-width') as typeof import('string-width')).default;
    w = stringWidth(text);
    if (widthCache.size >= WIDTH_CACHE_LIMIT) widthCache.clear();
    widthCache.set(text, w);
  }
  return w;
}

/** The graphemes of `text` with their widths (0, 1 or 2), in order. */
export function* graphemes(text: string): Generator<{ text: string; width: number }> {
  if (PLAIN.test(text)) {
    for (let i = 0; i < text.length; i++) yield { text: text[i], width: 1 };
    return;
  }
  for (const { segment } of segmenter.segment(text)) yield { text: segment, width: Math.min(2, displayWidth(segment)) };
}

/** Cuts `text` to at most `width` columns; a cut name ends in `~` (never half a wide character). */
export function truncate(text: string, width: number, marker = '~'): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  const room = width - displayWidth(marker);
  let w = 0;
  let out = '';
  for (const g of graphemes(text)) {
    if (w + g.width > room) break;
    out += g.text;
    w += g.width;
  }
  return out + ' '.repeat(Math.max(0, room - w)) + marker;
}

/** Pads or cuts to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const t = truncate(text, width);
  const pad = width - displayWidth(t);
  if (pad <= 0) return t;
  return align === 'left' ? t + ' '.repeat(pad) : ' '.repeat(pad) + t;
}

/**
 * Word-wraps `text` into lines of at most `width` columns, and at most
 * `maxLines` of them (the last one then ends in `...`). A word longer than a
 * line is cut.
 */
export function wrap(text: string, width: number, maxLines: number): string[] {
  if (width <= 0 || maxLines <= 0) return [];
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = cur ? `${cur} ${word}` : word;
    if (displayWidth(next) <= width) {
      cur = next;
      continue;
    }
    if (cur) lines.push(cur);
    cur = displayWidth(word) <= width ? word : truncate(word, width);
  }
  if (cur) lines.push(cur);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = truncate(`${kept[maxLines - 1]} ${lines[maxLines]}`, width, '...').replace(/ +\.\.\.$/, '...');
  return kept;
}
