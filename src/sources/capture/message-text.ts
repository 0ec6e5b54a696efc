/**
 * A cell's text quoted in a message on the terminal (a warning on stderr): in
 * JSON quotes with the characters that could act on a terminal (C0, DEL and
 * C1 controls, zero-width characters, bidi embeddings, overrides and
 * isolates, the BOM) escaped (`"\\u001b[31m"`), so the reader sees what the
 * cell held. Names in messages go through `safeExcerpt` (src/text/safe-text.ts)
 * instead, and every message line through `tellUser`.
 */

// Every code point is listed on purpose: they are what is escaped.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const PLAIN = /^[\x20-\x7e]*$/;

/** A cell's text (its first `max` characters) in JSON quotes, with everything that could act on a terminal escaped. */
export function shownCell(text: string, max: number): string {
  const quoted = JSON.stringify(text.slice(0, max));
  return PLAIN.test(quoted) ? quoted : quoted.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
