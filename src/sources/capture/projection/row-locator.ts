/**
 * Finds the wanted cells of one capture row held whole in memory, without
 * decoding anything: for each wanted column the byte range of its cell and
 * what kind of text it holds. The unwanted cells between them (95% of an
 * `esxtop -b -a` row) are passed over by the WebAssembly SIMD skip where
 * there is one, else by the same state machine in JavaScript.
 *
 * The CSV rules are the sample reader's (csv-scanner.ts), so both readers
 * split every row the same way: a cell that starts with `"` runs to the next
 * lone `"` (`""` is a quote, separators and line breaks inside are data);
 * text after a closing quote is kept as the spreadsheets do (`"a"b` is
 * `a"b`); rows end at LF, CRLF or a lone CR; an LF inside quotes starts a new
 * line of the file but not a new row.
 */
import type { SkipKernel } from '../simd-skip';
import { Byte, CellState } from '../csv-bytes';

/** Kinds of cell text. */
export const CELL_MISSING = 0; // the row ended before this column
export const CELL_EMPTY = 1; // nothing between the separators
export const CELL_EMPTY_QUOTED = 2; // `""`
export const CELL_PLAIN = 3; // `-12.50`: an optional minus, digits, at most one point, at least one digit
export const CELL_PLAIN_QUOTED = 4; // `"-12.50"`
export const CELL_OTHER = 5; // anything else: decode it as the sample reader does
export const CELL_LONG = 6; // longer than the data-cell limit: not a number, not even looked at

/**
 * A plain number cell with more digits than this goes the long way (decoded
 * as text, as the sample reader decodes it): only a number of hundreds of
 * digits is too big for a double, and then it is not a number.
 */
const PLAIN_DIGITS = 15;
/** The longest `"-123456789012345.6"`: quotes, sign, point and PLAIN_DIGITS digits. */
const PLAIN_CELL_BYTES = PLAIN_DIGITS + 4;

/** What `locate` found. */
const ROW_DONE = 0;
/** The row goes on past the data in memory (and the input has more). */
export const ROW_NEEDS_MORE = 1;

/** Wanted columns as alternating runs: skip `skip[s]` cells, then take `take[s]` cells. */
interface RowPlan {
  skip: Int32Array;
  take: Int32Array;
  /** Number of wanted columns. */
  wanted: number;
}

/** `columns`: the wanted column indexes, ascending. */
export function rowPlan(columns: readonly number[]): RowPlan {
  const skip: number[] = [];
  const take: number[] = [];
  let next = 0;
  for (let k = 0; k < columns.length; ) {
    const start = columns[k];
    let end = k + 1;
    while (end < columns.length && columns[end] === columns[end - 1] + 1) end++;
    skip.push(start - next);
    take.push(end - k);
    next = columns[end - 1] + 1;
    k = end;
  }
  return { skip: Int32Array.from(skip), take: Int32Array.from(take), wanted: columns.length };
}

export class RowLocator {
  /**
   * Per wanted column (in column order): the cell's raw bytes `[start, end)`,
   * quotes included, and its kind. Only the first `taken` are the row's; the
   * kind of every later one is CELL_MISSING.
   */
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly kind: Uint8Array;
  /** Wanted cells the row reached. */
  taken = 0;
  /** Cells in the row. */
  fieldCount = 0;
  /** Where the row starts, where its line break is (or the data ends), and where the next row starts. */
  rowStart = 0;
  contentEnd = 0;
  rowEnd = 0;
  /** Line breaks in the file that this row takes up (its own, plus LFs inside quoted cells). */
  lines = 0;
  /** The input ended inside this row (no line break after it). */
  unterminated = false;
  /** With `unterminated`: it ended inside an open quote or right after a separator. */
  cutInCell = false;
  /** Some memory cell (a wanted cell after the timestamp) is CELL_OTHER or CELL_LONG. */
  hasOther = false;
  /** Kinds beyond `taken` that a row (or an unfinished look at one) set: they go back to CELL_MISSING. */
  private kindsSet = 0;

  private buf: Uint8Array = new Uint8Array(0);
  private limit = 0;
  private eof = false;
  private pos = 0;
  /** Set by the skip loops when the row ended inside them. */
  private ended = false;
  private needMore = false;

  constructor(
    private readonly plan: RowPlan,
    private readonly sep: number,
    private readonly kernel: SkipKernel | null,
    /** A wanted cell longer than this (quotes included) is CELL_LONG, as the sample reader marks it. */
    private readonly maxCellBytes = Number.MAX_SAFE_INTEGER,
  ) {
    this.start = new Int32Array(plan.wanted);
    this.end = new Int32Array(plan.wanted);
    this.kind = new Uint8Array(plan.wanted);
  }

  /**
   * The row that starts at `from` in `buf[0, limit)`; `eof`: nothing follows
   * `limit`. ROW_NEEDS_MORE when the row (or a line break's CR LF pair) goes
   * past `limit` and more input is coming.
   */
  locate(buf: Uint8Array, from: number, limit: number, eof: boolean): number {
    this.buf = buf;
    this.limit = limit;
    this.eof = eof;
    this.pos = from;
    this.rowStart = from;
    this.ended = false;
    this.needMore = false;
    this.lines = 1;
    this.fieldCount = 0;
    this.unterminated = false;
    this.cutInCell = false;
    this.hasOther = false;
    const plan = this.plan;
    let w = 0;
    for (let s = 0; s < plan.skip.length; s++) {
      if (plan.skip[s] > 0) {
        this.skipCells(plan.skip[s]);
        if (this.needMore) return this.unfinished(w);
        if (this.ended) break;
      }
      const take = plan.take[s];
      for (let k = 0; k < take; ) {
        const got = this.takeNumberCells(w, take - k);
        w += got;
        k += got;
        if (k === take) break;
        this.takeCell(w++);
        k++;
        if (this.needMore) return this.unfinished(w);
        if (this.ended) break;
      }
      if (this.ended) break;
    }
    // The cells after the last one reached are missing: only those a row before set need saying so.
    if (this.kindsSet > w) this.kind.fill(CELL_MISSING, w, this.kindsSet);
    this.kindsSet = w;
    this.taken = w;
    if (!this.ended) {
      this.skipCells(0x7fffffff);
      if (this.needMore) return ROW_NEEDS_MORE;
    }
    return ROW_DONE;
  }

  /**
   * How many bytes of line breaks start at `from` (blank lines, a flood of
   * them costing a byte each, not a row each), with `lines` the lines they
   * are; a CR at `limit - 1` is left for `locate` unless `eof` (is an LF next?).
   */
  lineBreaks(buf: Uint8Array, from: number, limit: number, eof: boolean): number {
    let i = from;
    let lines = 0;
    while (i < limit) {
      const x = buf[i];
      if (x === Byte.LF) {
        i++;
      } else if (x === Byte.CR) {
        if (i + 1 < limit) i += buf[i + 1] === Byte.LF ? 2 : 1;
        else if (eof) i++;
        else break;
      } else {
        break;
      }
      lines++;
    }
    this.lines = lines;
    return i - from;
  }

  /** The row goes on past the data: remember how far its kinds were set. */
  private unfinished(w: number): number {
    if (w > this.kindsSet) this.kindsSet = w;
    return ROW_NEEDS_MORE;
  }

  /** A run of `"-12.50",` cells at `pos` by the kernel (the bulk of a capture's memory cells); how many. */
  private takeNumberCells(w: number, max: number): number {
    const kernel = this.kernel;
    if (kernel === null || max < 2) return 0;
    const got = kernel.cells(this.pos, this.limit, max);
    if (got === 0) return 0;
    this.start.set(kernel.cellStarts.subarray(0, got), w);
    this.end.set(kernel.cellEnds.subarray(0, got), w);
    this.kind.fill(CELL_PLAIN_QUOTED, w, w + got);
    // Cells and their separators: longer than plain numbers only when some cell is.
    if (kernel.pos - this.pos > got * (PLAIN_CELL_BYTES + 1)) this.markUnusualCells(w, got);
    this.fieldCount += got;
    this.pos = kernel.pos;
    return got;
  }

  /** Of `count` number cells from `w`, those with too many digits (CELL_OTHER) or over the cell limit (CELL_LONG). */
  private markUnusualCells(w: number, count: number): void {
    for (let k = w; k < w + count; k++) {
      const bytes = this.end[k] - this.start[k];
      if (bytes > PLAIN_CELL_BYTES) {
        this.kind[k] = bytes > this.maxCellBytes ? CELL_LONG : CELL_OTHER;
        if (k > 0) this.hasOther = true;
      }
    }
  }

  /** The wanted cell at `pos`, a cell start; leaves `pos` at the next cell start, or ends the row. */
  private takeCell(w: number): void {
    const buf = this.buf;
    const limit = this.limit;
    const sep = this.sep;
    const a = this.pos;
    let i = a;
    let kind = CELL_OTHER;
    if (i < limit && buf[i] === Byte.QUOTE) {
      // `"-12.50"` straight through; anything else goes the long way.
      i++;
      if (i < limit && buf[i] === Byte.MINUS) i++;
      let digits = 0;
      let dot = false;
      for (; i < limit; i++) {
        const c = buf[i];
        if (c >= Byte.ZERO && c <= Byte.NINE) digits++;
        else if (c === Byte.DOT && !dot) dot = true;
        else break;
      }
      if (i + 1 < limit && buf[i] === Byte.QUOTE) {
        const d = buf[i + 1];
        if (d === sep || d === Byte.LF || d === Byte.CR) {
          if (digits > 0 && digits <= PLAIN_DIGITS) kind = CELL_PLAIN_QUOTED;
          else if (i === a + 1) kind = CELL_EMPTY_QUOTED;
          if (kind !== CELL_OTHER) {
            this.finishCell(w, a, i + 1, kind);
            return;
          }
        }
      }
    } else {
      if (i < limit && buf[i] === Byte.MINUS) i++;
      let digits = 0;
      let dot = false;
      for (; i < limit; i++) {
        const c = buf[i];
        if (c >= Byte.ZERO && c <= Byte.NINE) digits++;
        else if (c === Byte.DOT && !dot) dot = true;
        else break;
      }
      if (i < limit) {
        const d = buf[i];
        if (d === sep || d === Byte.LF || d === Byte.CR) {
          if (digits > 0 && digits <= PLAIN_DIGITS) kind = CELL_PLAIN;
          else if (i === a) kind = CELL_EMPTY;
          if (kind !== CELL_OTHER) {
            this.finishCell(w, a, i, kind);
            return;
          }
        }
      }
    }
    this.longCell(w, a);
  }

  /** Any cell, by the full state machine. */
  private longCell(w: number, a: number): void {
    const buf = this.buf;
    const limit = this.limit;
    const sep = this.sep;
    let state = CellState.FIELD_START;
    let i = a;
    for (; i < limit; i++) {
      const x = buf[i];
      if (state === CellState.QUOTED) {
        if (x === Byte.QUOTE) state = CellState.QUOTE_IN_QUOTED;
        else if (x === Byte.LF) this.lines++;
        continue;
      }
      if (x === sep || x === Byte.LF || x === Byte.CR) break;
      state = state === CellState.UNQUOTED || x !== Byte.QUOTE ? CellState.UNQUOTED : CellState.QUOTED; // `""` in quotes: back to QUOTED
    }
    if (i >= limit && !this.eof) {
      this.needMore = true;
      return;
    }
    if (w > 0) this.hasOther = true;
    if (i >= limit) {
      // The input ends in this cell.
      const cut = state === CellState.QUOTED || (state === CellState.FIELD_START && this.fieldCount > 0);
      this.start[w] = a;
      this.end[w] = i;
      this.kind[w] = i - a > this.maxCellBytes ? CELL_LONG : CELL_OTHER;
      this.fieldCount++;
      this.endOfInput(cut);
      return;
    }
    this.finishCell(w, a, i, CELL_OTHER);
  }

  /** Record the cell `[a, b)`; `b` is at a separator or line break (inside `limit`). */
  private finishCell(w: number, a: number, b: number, kind: number): void {
    this.start[w] = a;
    this.end[w] = b;
    if (b - a > this.maxCellBytes) {
      this.kind[w] = CELL_LONG;
      if (w > 0) this.hasOther = true;
    } else {
      this.kind[w] = kind;
    }
    this.fieldCount++;
    const d = this.buf[b];
    if (d === this.sep) this.pos = b + 1;
    else this.lineBreak(b);
  }

  /** The row ends with the line break at `b`. */
  private lineBreak(b: number): void {
    this.contentEnd = b;
    let next = b + 1;
    if (this.buf[b] === Byte.CR) {
      if (next < this.limit) {
        if (this.buf[next] === Byte.LF) next++;
      } else if (!this.eof) {
        this.needMore = true; // is an LF next?
        return;
      }
    }
    this.rowEnd = next;
    this.ended = true;
  }

  private endOfInput(cutInCell: boolean): void {
    this.contentEnd = this.limit;
    this.rowEnd = this.limit;
    this.ended = true;
    this.unterminated = true;
    this.cutInCell = cutInCell;
  }

  /** Pass over up to `k` cells from the cell start `pos` (the row may end first). */
  private skipCells(k: number): void {
    const buf = this.buf;
    const limit = this.limit;
    const sep = this.sep;
    let i = this.pos;
    let left = k;
    const kernel = this.kernel;
    if (kernel !== null && limit - i >= 64) {
      // Whole blocks at once; it stops at a cell start, before any block with a line break.
      const to = kernel.skip(i, limit, left);
      const skipped = kernel.count;
      if (skipped > 0) {
        this.fieldCount += skipped;
        left -= skipped;
        i = to;
        if (left === 0) {
          this.pos = i;
          return;
        }
      }
    }
    let state = CellState.FIELD_START;
    for (; i < limit; i++) {
      const x = buf[i];
      if (state === CellState.QUOTED) {
        if (x === Byte.QUOTE) state = CellState.QUOTE_IN_QUOTED;
        else if (x === Byte.LF) this.lines++;
        continue;
      }
      if (x === sep) {
        this.fieldCount++;
        state = CellState.FIELD_START;
        if (--left === 0) {
          this.pos = i + 1;
          return;
        }
        continue;
      }
      if (x === Byte.LF || x === Byte.CR) {
        this.fieldCount++;
        this.lineBreak(i);
        return;
      }
      state = state === CellState.UNQUOTED || x !== Byte.QUOTE ? CellState.UNQUOTED : CellState.QUOTED; // `""` in quotes: back to QUOTED
    }
    if (!this.eof) {
      this.needMore = true;
      return;
    }
    // The input ends in this row: a last cell, cut when inside quotes or right after a separator.
    const cut = state === CellState.QUOTED || (state === CellState.FIELD_START && this.fieldCount > 0);
    this.fieldCount++;
    this.endOfInput(cut);
  }
}
