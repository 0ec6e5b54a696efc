/**
 * The number in a capture cell's text, as both the sample reader and the
 * batch projection read it.
 *
 * esxtop writes plain decimals (`1302.00`, `0`, `-1`); a spreadsheet that
 * re-saves a capture drops trailing zeros and, in locales with a decimal
 * comma, writes `0,78` or `1.302,00` (and `1,302.00` with thousands
 * grouping). So a number is: an optional sign, digits with at most one
 * decimal mark, surrounded by nothing but spaces or tabs, or one of those
 * locale forms. A single comma is a decimal mark (`1,302` is 1.302): esxtop
 * writes decimals, and a resaved capture with a comma in a number comes from
 * a decimal-comma locale. Anything else that `Number()` would read (`0x1F`,
 * `1e3`, `Infinity`, a number too big for a double) is not a number: shown as
 * missing and reported, never read as some other value. A blank cell is a
 * missing value.
 */
import { safeExcerpt } from '../../text/safe-text';
import { shownCell } from './message-text';

/** No header cell is longer than this (counter paths): a longer one means the file is not a capture. */
export const MAX_CELL_BYTES = 64 << 10;

/**
 * No data cell the readers decode (a timestamp, a memory counter) is longer
 * than this, quotes included: a longer one is not a number (nor a time), and
 * is not held in memory to find that out.
 */
export const MAX_DATA_CELL_BYTES = 1 << 10;

/** A cell that is neither blank nor a number. */
export const NOT_A_NUMBER = Symbol('not a number');

const SPACES = /^[ \t]+|[ \t]+$/g;
const PLAIN_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const DECIMAL_COMMA = /^[+-]?(?:\d+|\d{1,3}(?:\.\d{3})+),\d+$/;
const GROUPED_DECIMAL_POINT = /^[+-]?\d{1,3}(?:,\d{3})+\.\d+$/;

/** The text without the spaces and tabs around it. */
function trimmed(text: string): string {
  return text.replace(SPACES, '');
}

/** A cell with nothing but spaces and tabs in it (a missing value). */
export function isBlankCell(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/** The number's text as esxtop writes it (the text itself, or a spreadsheet's locale form with a decimal point), or null when it is not a number. */
function canonicalNumber(t: string): string | null {
  if (PLAIN_DECIMAL.test(t)) return t;
  if (DECIMAL_COMMA.test(t)) return t.replace(/\./g, '').replace(',', '.');
  if (GROUPED_DECIMAL_POINT.test(t)) return t.replace(/,/g, '');
  return null;
}

/** The value of a cell's text: a finite number, null when blank, NOT_A_NUMBER otherwise. */
export function cellTextNumber(text: string): number | null | typeof NOT_A_NUMBER {
  const t = trimmed(text);
  if (t === '') return null;
  const canonical = canonicalNumber(t);
  if (canonical === null) return NOT_A_NUMBER;
  const v = Number(canonical);
  return Number.isFinite(v) ? v : NOT_A_NUMBER;
}

/**
 * What `-b` writes for a cell that holds a number or nothing: the text itself
 * (blank, or a plain decimal, spaces kept), or esxtop's form of a
 * spreadsheet's locale number (`1302,00` is written `1302.00`); null when it
 * is not a number.
 */
export function cellOutputText(text: string): string | null {
  const t = trimmed(text);
  if (t === '') return text;
  if (cellTextNumber(t) === NOT_A_NUMBER) return null;
  return PLAIN_DECIMAL.test(t) ? text : canonicalNumber(t);
}

/** The warning for a memory cell that holds no number, after `FILE:LINE: ` (the same for every reader of captures). */
export function notANumberText(index: number, counter: string, text: string): string {
  return `column ${index + 1} (${safeExcerpt(counter, 80)}) is ${shownCell(text.trim(), 20)}, not a number; shown as missing`;
}

/** The warning for a memory cell longer than MAX_DATA_CELL_BYTES, after `FILE:LINE: `. */
export function longCellText(index: number, counter: string): string {
  return `column ${index + 1} (${safeExcerpt(counter, 80)}) is longer than ${MAX_DATA_CELL_BYTES} bytes, not a number; shown as missing`;
}
