/**
 * Turns a row's cells into a values record (`{ MEMSZ: 2097.16, ... }`) with
 * one object literal generated once per key list: every record then has the
 * same shape (fast for every consumer) and is built without per-key look-ups,
 * the reader's hottest step after the scanner. The keys come from the field
 * registry and are embedded with JSON.stringify; column indexes are data.
 */
import type { Value } from '../../sample/sample';
import type { CellValue } from './csv-scanner';

/** Converts a cell that the scanner did not already decode as a number (and reports a bad one). */
export type CellToNumber = (cell: CellValue | undefined, index: number, counter: string) => Value;

/** `columns[k]` is the cell index of `keys[k]`, or -1 when the capture does not have it (null). */
type RecordDecoder<K extends string> = (cells: readonly (CellValue | undefined)[], columns: Int32Array, toNumber: CellToNumber) => Record<K, Value>;

const cache = new Map<string, RecordDecoder<string>>();

export function recordDecoder<K extends string>(keys: readonly K[]): RecordDecoder<K> {
  const cacheKey = JSON.stringify(keys);
  let d = cache.get(cacheKey);
  if (d) return d;
  const props = keys.map((key, k) => {
    const name = JSON.stringify(key);
    return `${name}: (i = ix[${k}]) < 0 ? null : typeof (x = c[i]) === "number" ? x : num(x, i, ${name})`;
  });
  // Generated once per key list from registry ids (JSON-quoted), never from input: one object literal per row.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  d = new Function('c', 'ix', 'num', `"use strict"; let i, x; return {${props.join(',\n')}};`) as RecordDecoder<string>;
  cache.set(cacheKey, d);
  return d;
}

/** The column index of each key (the later column wins for a key given twice, as assignment would). */
export function columnsFor(keys: readonly string[], cells: readonly { id: string; index: number }[]): Int32Array {
  const pos = new Map(keys.map((k, i) => [k, i]));
  const ix = new Int32Array(keys.length).fill(-1);
  for (const c of cells) {
    const k = pos.get(c.id);
    if (k !== undefined) ix[k] = c.index;
  }
  return ix;
}
