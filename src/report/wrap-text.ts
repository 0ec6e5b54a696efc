/** A paragraph of a report wrapped to the page's width. */
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
