/**
 * Text from a capture quoted in a message on the terminal (a warning or an
 * error on stderr): group and counter names, cell texts. A capture can hold
 * anything, escape sequences and control characters included, and none of
 * it may reach the terminal raw.
 *
 * Names lose escape sequences, control characters (C0, DEL, C1) and the
 * invisible or direction-changing marks (zero-width characters, bidi
 * embeddings, overrides and isolates, the BOM); cell texts are shown in JSON
 * quotes with those characters escaped (`"\u001b[31m"`), so the reader sees
 * what the cell held. Both are cut to a length that keeps a message on one line.
 */

// CSI, OSC (to BEL or ST), other two-byte ESC sequences, C1 CSI.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\u009b[0-?]*[ -/]*[@-~]/g;
// Every code point is listed on purpose: they are what is removed or escaped.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const PLAIN = /^[\x20-\x7e]*$/;

/** The most characters of a name shown in a message. */
const NAME_CHARS = 80;

/** A name from a capture as a message shows it: nothing that acts on a terminal, at most 80 characters. */
export function shownName(name: string): string {
  const safe = PLAIN.test(name) ? name : name.replace(ESCAPES, '').replace(UNSAFE, '');
  return safe.length > NAME_CHARS ? `${safe.slice(0, NAME_CHARS)}...` : safe;
}

/** A cell's text (its first `max` characters) in JSON quotes, with everything that could act on a terminal escaped. */
export function shownCell(text: string, max: number): string {
  const quoted = JSON.stringify(text.slice(0, max));
  return PLAIN.test(quoted) ? quoted : quoted.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
