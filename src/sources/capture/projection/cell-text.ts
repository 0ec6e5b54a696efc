/** The text of a raw CSV cell, as the sample reader decodes it (csv-scanner.ts). */

/**
 * `"a""b"` is `a"b`; an unquoted cell is itself; text after a closing quote
 * is kept with that quote (`"a"b` is `a"b`, as spreadsheets read it); a cell
 * cut inside its quotes is what there is of it.
 */
export function decodeCellText(raw: string): string {
  if (raw.charCodeAt(0) !== 0x22) return raw;
  let out = '';
  let i = 1;
  for (;;) {
    const j = raw.indexOf('"', i);
    if (j < 0) return out + raw.slice(i);
    if (raw.charCodeAt(j + 1) === 0x22) {
      out += raw.slice(i, j + 1);
      i = j + 2;
      continue;
    }
    if (j === raw.length - 1) return out + raw.slice(i, j);
    return out + raw.slice(i);
  }
}

/** A CSV cell as esxtop writes every cell: in quotes, `"` doubled. */
export function quoteCell(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
