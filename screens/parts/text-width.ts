/**
 * Text from the outside world (VM names, captions, messages, labels) made
 * safe for a terminal, and measured, cut and padded by display width.
 *
 * Width comes from the `string-width` package (Unicode's East Asian Width and
 * emoji data, per grapheme), with a fast path for plain ASCII, which is
 * nearly every name: the package loads with the first text that needs it
 * (about 25 ms of start-up otherwise).
 *
 * Terminals disagree on the width of some sequences: an emoji with a
 * variation selector (U+FE0F), a ZWJ sequence (a family emoji), a skin-tone
 * modifier. tmux, for one, draws the parts of a ZWJ sequence one by one.
 * `sanitize` removes those joiners and modifiers, so every grapheme left has
 * the width every terminal agrees on, and rows stay aligned.
 */

// CSI, OSC (to BEL or ST), other two-byte ESC sequences, C1 CSI.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\u009b[0-?]*[ -/]*[@-~]/g;
/**
 * Removed: C0/C1 controls and DEL; zero-width space, joiners and marks
 * (U+200B-U+200F); line/paragraph separators and bidi embeddings and
 * overrides (U+2028-U+202E); bidi isolates (U+2066-U+2069); the word joiner
 * and invisible operators (U+2060-U+2064); Arabic letter mark (U+061C); BOM
 * (U+FEFF); variation selectors (U+FE00-U+FE0F, U+E0100-U+E01EF); emoji
 * skin-tone modifiers (U+1F3FB-U+1F3FF); tags (U+E0000-U+E007F).
 */
// Every code point is listed on purpose, joiners and modifiers included: they are what is removed.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f\ufeff\u{1f3fb}-\u{1f3ff}\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu;
const PLAIN = /^[\x20-\x7e]*$/;

/** Escape sequences, control characters and invisible or width-ambiguous marks removed; NFC. */
export function sanitize(text: string): string {
  if (PLAIN.test(text)) return text;
  return text.replace(ESCAPES, '').replace(INVISIBLE, '').normalize('NFC');
}

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
