/**
 * What both readers of captures (the sample reader and the batch
 * projection) say about a bad row, in the same words, and how long a row may
 * be. The projection holds a row whole in memory: a row longer than
 * MAX_ROW_BYTES is skipped and reported by both, never held.
 */
import { MAX_DATA_CELL_BYTES } from './cell-number';
import { shownCell } from './message-text';

/** No capture row is this long (100,000 columns of 10 bytes are 1 MB); line break excluded. */
export const MAX_ROW_BYTES = 64 << 20;

/** The warning for a row over MAX_ROW_BYTES, after `FILE:LINE: `. */
export const LONG_ROW_TEXT = `a row longer than ${MAX_ROW_BYTES >> 20} MB; skipped`;

/** The warning for a timestamp that is not one, after `FILE:LINE: `. */
export function badTimestampText(stamp: string): string {
  return `bad timestamp ${shownCell(stamp, 40)}; row skipped`;
}

/** The warning for a timestamp cell over the data-cell limit, after `FILE:LINE: `. */
export const LONG_TIMESTAMP_TEXT = `bad timestamp (a cell longer than ${MAX_DATA_CELL_BYTES} bytes); row skipped`;
