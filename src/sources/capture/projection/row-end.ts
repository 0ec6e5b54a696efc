/**
 * Finds where a row ends while it arrives in pieces: the CSV state machine
 * of the row locator, reduced to what tells a row's end (quotes and line
 * breaks), resumed where it stopped each time more data comes. The row
 * locator looks at a row only once it is whole, so a row much longer than a
 * read (a row that arrives by 64 KB or 1 MB pieces, a line of many MB with no
 * line break) costs time in proportion to its length, not to its length
 * times the number of pieces.
 *
 * Positions are offsets from the row's start, so the bytes before them may
 * be dropped as they are passed (a row too long to be held).
 */
import type { SkipKernel } from '../simd-skip';
import { Byte, CellState } from '../csv-bytes';

export class RowEndFinder {
  /** Bytes of the row looked at so far. */
  private scanned = 0;
  private state = CellState.FIELD_START;
  /** LFs inside quoted cells so far (lines of the file the row takes up besides its own). */
  private quotedLines = 0;
  /** With `find` >= 0: the offset of the row's line break (the data's end for a last row without one), and whether it has one. */
  contentEnd = 0;
  terminated = false;

  constructor(
    private readonly sep: number,
    private readonly kernel: SkipKernel | null,
  ) {}

  /** A new row. */
  reset(): void {
    this.scanned = 0;
    this.state = CellState.FIELD_START;
    this.quotedLines = 0;
  }

  /** Lines of the file the row takes up (its own and those inside quotes). */
  get lines(): number {
    return this.quotedLines + 1;
  }

  /** The first `n` bytes of the row are dropped (already looked at): offsets move back by `n`. */
  drop(n: number): void {
    this.scanned -= n;
  }

  /** How many bytes of the row may be dropped now (looked at, and not a CR whose LF may follow). */
  get droppable(): number {
    return this.scanned;
  }

  /**
   * The offset from `rowStart` where the next row starts, or -1 when the row
   * goes on past `limit` (or a CR at `limit - 1` may be followed by an LF)
   * and `eof` is false. `buf` is the kernel's memory when there is a kernel.
   */
  find(buf: Uint8Array, rowStart: number, limit: number, eof: boolean): number {
    const sep = this.sep;
    const kernel = this.kernel;
    let state = this.state;
    let i = rowStart + this.scanned;
    while (i < limit) {
      if (state === CellState.FIELD_START && kernel !== null && limit - i >= 64) {
        // Whole blocks of cells at once; it stops at a cell start, before any block with a line break.
        const to = kernel.skip(i, limit, 0x7fffffff);
        if (kernel.count > 0) i = to;
      }
      for (; i < limit; i++) {
        const x = buf[i];
        if (state === CellState.QUOTED) {
          if (x === Byte.QUOTE) state = CellState.QUOTE_IN_QUOTED;
          else if (x === Byte.LF) this.quotedLines++;
          continue;
        }
        if (x === sep) {
          state = CellState.FIELD_START;
          i++;
          break; // back to the kernel
        }
        if (x === Byte.LF || x === Byte.CR) {
          if (x === Byte.CR && i + 1 >= limit && !eof) {
            // Is an LF next? Look again with more data.
            this.state = state;
            this.scanned = i - rowStart;
            return -1;
          }
          this.contentEnd = i - rowStart;
          this.terminated = true;
          return (x === Byte.CR && i + 1 < limit && buf[i + 1] === Byte.LF ? i + 2 : i + 1) - rowStart;
        }
        state = state === CellState.UNQUOTED || x !== Byte.QUOTE ? CellState.UNQUOTED : CellState.QUOTED; // `""` in quotes: back to QUOTED
      }
    }
    this.state = state;
    this.scanned = limit - rowStart;
    if (!eof) return -1;
    this.contentEnd = limit - rowStart;
    this.terminated = false;
    return limit - rowStart;
  }
}
