/**
 * The number in a capture cell's text, as both the sample reader and the
 * batch projection read it: surrounding spaces ignored, a blank cell is a
 * missing value, and besides what `Number()` reads, the forms a spreadsheet
 * writes in locales with a decimal comma: `0,78`, `1.302,00`; and `1,302.00`
 * with thousands grouping. A single comma is a decimal mark (`1,302` is
 * 1.302): esxtop writes decimals, and a resaved capture with a comma in a
 * number comes from a decimal-comma locale.
 */

/** No cell the readers decode is longer than this (counter paths, numbers, timestamps): a longer one means the file is not a capture. */
export const MAX_CELL_BYTES = 64 << 10;

/** A cell that is neither blank nor a number. */
export const NOT_A_NUMBER = Symbol('not a number');

const DECIMAL_COMMA = /^[+-]?(?:\d+|\d{1,3}(?:\.\d{3})+),\d+$/;
const GROUPED_DECIMAL_POINT = /^[+-]?\d{1,3}(?:,\d{3})+\.\d+$/;

/**
 * The text with a decimal point and no grouping, for a number in a
 * spreadsheet's locale form; null when the text is not such a number.
 */
export function canonicalLocaleNumber(t: string): string | null {
  if (DECIMAL_COMMA.test(t)) return t.replace(/\./g, '').replace(',', '.');
  if (GROUPED_DECIMAL_POINT.test(t)) return t.replace(/,/g, '');
  return null;
}

/** The value of a cell's text: a finite number, null when blank, NOT_A_NUMBER otherwise. */
export function cellTextNumber(text: string): number | null | typeof NOT_A_NUMBER {
  const t = text.trim();
  if (t === '') return null;
  const v = Number(t);
  if (Number.isFinite(v)) return v;
  const canonical = canonicalLocaleNumber(t);
  if (canonical !== null) return Number(canonical);
  return NOT_A_NUMBER;
}


/** The warning for a memory cell that holds no number, after `FILE:LINE: ` (the same for every reader of captures). */
export function notANumberText(index: number, counter: string, text: string): string {
  return `column ${index + 1} (${counter}) is ${JSON.stringify(text.trim().slice(0, 20))}, not a number; shown as missing`;
}
