/**
 * Text from outside (names and counters from a file, a server's fault string,
 * a client's hello, a scenario's caption) on its way to a terminal or a log.
 * Every such string goes through `safeText` (the screens, stderr, serve's log,
 * the report): nothing in it can move the cursor, clear the screen, set the
 * window title, reorder the line (bidi overrides), hide text (zero-width
 * characters) or take a width the terminal measures differently from
 * balloontop.
 *
 * - removed: escape sequences (CSI, OSC, other ESC sequences, C1 CSI); every
 *   control (C0, DEL, C1) and format character (zero-width space and
 *   joiners, bidi embeddings, overrides and isolates, the soft hyphen, BOM,
 *   tags), line and paragraph separators, variation selectors and emoji
 *   skin-tone modifiers (terminals disagree on the width they give the
 *   sequences these build);
 * - replaced by `?`: unassigned and private-use code points, lone
 *   surrogates, and the assigned code points terminals measure differently
 *   (`unknown-width.ts`);
 * - then NFC, so an accent and its letter are one character.
 *
 * Data written with `-b`/`--json` or to a recording is never passed through
 * this: there the text is data, and CSV quoting and JSON escaping keep it.
 */
import { UNKNOWN_WIDTH_RANGES } from './unknown-width';

const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\u009b[0-?]*[ -/]*[@-~]/g;
// Variation selectors and skin-tone modifiers are listed on purpose: they are what is removed.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\ufe00-\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0100}-\u{e01ef}]/gu;
const hex = (cp: number) => `\\u{${cp.toString(16)}}`;
const UNSURE = new RegExp(`[\\p{Cn}\\p{Co}\\p{Cs}${UNKNOWN_WIDTH_RANGES.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('')}]`, 'gu');
const PLAIN = /^[\x20-\x7e]*$/;

/** `text` safe for a terminal: see the module comment. Plain printable ASCII comes back as it is. */
export function safeText(text: string): string {
  if (PLAIN.test(text)) return text;
  return text.replace(ESCAPES, '').replace(INVISIBLE, '').normalize('NFC').replace(UNSURE, '?');
}

/** Longest message line written to stderr or a log; a longer one is cut (a server's fault string, a huge name). */
const MAX_LINE_CHARS = 2000;

/** One line for stderr or a log: `safeText`, at most 2,000 characters (a cut line ends in `...`). */
export function safeLine(text: string): string {
  const clean = safeText(text.length > MAX_LINE_CHARS * 4 ? text.slice(0, MAX_LINE_CHARS * 4) : text);
  return clean.length > MAX_LINE_CHARS ? `${clean.slice(0, MAX_LINE_CHARS - 3)}...` : clean;
}

/** At most `max` characters of `safeText(text)`, for a name quoted inside a message. */
export function safeExcerpt(text: string, max: number): string {
  const clean = safeText(text.length > max * 4 ? text.slice(0, max * 4) : text);
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}
