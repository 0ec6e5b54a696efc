/**
 * The cell separator of a capture, from its first header cell: esxtop writes
 * commas; a spreadsheet re-saving the file in a decimal-comma locale writes
 * semicolons (and some write tabs). The first cell is the PDH cell
 * (`(PDH-CSV 4.0) (UTC)(0)`, quoted or not), which holds none of them, so the
 * byte after it is the separator.
 */
import type { Separator } from './csv-scanner';
import { Byte } from './csv-bytes';

const SEPARATORS: Record<number, Separator> = { 0x2c: ',', 0x3b: ';', 0x09: '\t' };

type SeparatorGuess =
  | { kind: 'found'; separator: Separator }
  /** The first line has one cell only (the header check then says what is wrong). */
  | { kind: 'single' }
  /** Another byte follows the first cell. */
  | { kind: 'other'; after: string }
  /** Not enough bytes yet to tell. */
  | { kind: 'more' };

/** Looks at the start of the file (after any BOM). */
export function guessSeparator(head: Uint8Array): SeparatorGuess {
  let i = 0;
  if (head.length > 0 && head[0] === Byte.QUOTE) {
    for (i = 1; ; i++) {
      if (i >= head.length) return { kind: 'more' };
      if (head[i] !== Byte.QUOTE) continue;
      if (i + 1 >= head.length) return { kind: 'more' };
      if (head[i + 1] !== Byte.QUOTE) break;
      i++;
    }
    i++;
  } else {
    while (i < head.length && SEPARATORS[head[i]] === undefined && head[i] !== 0x0a && head[i] !== 0x0d) i++;
  }
  if (i >= head.length) return { kind: 'more' };
  const b = head[i];
  const separator = SEPARATORS[b];
  if (separator) return { kind: 'found', separator };
  if (b === 0x0a || b === 0x0d) return { kind: 'single' };
  return { kind: 'other', after: Buffer.from(head.subarray(i, i + 1)).toString('latin1') };
}
