/**
 * Names from a capture or a live host can hold anything: escape sequences,
 * control characters, bidirectional overrides. A report is pasted into
 * terminals, tickets and browsers, so they are taken out.
 */

// CSI, OSC (to BEL or ST), other two-byte ESC sequences, then any C0/C1 control, DEL and invisible format characters.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|[\u009b][0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g;

export function safeText(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '');
}

/** Words of a paragraph, wrapped to `width` columns; continuation lines start with `indent`. */
export function wrapText(text: string, width: number, indent: string, firstIndent = indent): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = indent + w;
    } else {
      line += (empty ? '' : ' ') + w;
    }
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}
