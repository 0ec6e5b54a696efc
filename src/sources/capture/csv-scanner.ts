/**
 * A streaming CSV scanner that decodes only the cells it is asked for.
 *
 * esxtop batch captures have tens of thousands of columns of which the memory
 * page needs a few percent. The scanner walks the bytes once, keeps its state
 * across chunks (a chunk may end anywhere: inside quotes, between the two
 * quotes of `""`, between CR and LF, inside the BOM), and turns into values
 * only the cells whose index is wanted. Memory grows with the longest wanted
 * cell (capped by `maxCellBytes`), never with the file or the row.
 *
 * RFC 4180 quoting: a cell that starts with `"` runs to the next lone `"`;
 * `""` inside it is a literal quote; commas, CR and LF inside quotes are data.
 * Rows end at LF, CRLF or a lone CR. A UTF-8 BOM at the start is skipped.
 * Malformed text after a closing quote (`"a"b`) is kept (`a"b`), as
 * spreadsheets do.
 *
 * Wanted cells come out as strings, or in numeric mode as numbers when the
 * cell is a plain decimal (`-12.50`), decoded straight from the bytes with the
 * same result as `Number(text)`; anything else stays a string.
 *
 * Limits keep a hostile input from costing memory or time beyond its size:
 * a wanted cell longer than the limit fails the scan (the header) or comes
 * out as LONG_CELL without being held (data rows); a row longer than its
 * limit is marked `tooLong` and its cells are no longer decoded; the work
 * per row is bounded by the row's own bytes, never by the header's width.
 */

import { createFastSkipper, type FastSkipper } from './simd-skip';
import { Byte, CellState } from './csv-bytes';

/** No wanted cell after this one. */
const NONE = 0x7fffffff;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const EMPTY = Buffer.alloc(0);

/** 10^k for the exact decimal fast path (all exact in a double up to 10^22). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** A wanted cell longer than the data-cell limit: not kept, only marked. */
export const LONG_CELL = Symbol('longer than the cell limit');

export type CellValue = string | number | typeof LONG_CELL;

export interface CsvRow {
  /**
   * Cells by column index; only wanted cells are filled. In selective mode
   * (`want(indexes)`) the array is reused for the next row: read it in the
   * row handler, copy what you keep.
   */
  cells: (CellValue | undefined)[];
  /** Number of cells the row had. */
  fieldCount: number;
  /** 1-based line number where the row started. */
  line: number;
  /** true when the input ended inside this row (no final line break). */
  unterminated: boolean;
  /**
   * With `unterminated`: the input stopped inside a cell that cannot be whole
   * (inside an open quote, or right after a comma), so the row was cut.
   */
  cutInCell: boolean;
  /** Longer than the row limit (`want`'s maxRowBytes), line break excluded: its cells were not all decoded. */
  tooLong: boolean;
}

type RowHandler = (row: CsvRow) => void;
/** Receives wanted cells instead of the row (header mode: nothing is held). */
type CellSink = (index: number, value: string | number) => void;
/** Tells from a cell's raw bytes `buf[a, b)` (quotes included) whether the sink wants it decoded. */
type CellFilter = (index: number, buf: Buffer, a: number, b: number) => boolean;

/** A cell too long to be a capture's cell: the input is not what it claims to be. */
export class CsvCellTooLong extends Error {
  constructor(
    readonly line: number,
    readonly index: number,
    readonly limit: number,
  ) {
    super(`cell ${index + 1} is longer than ${limit} bytes`);
  }
}

interface CsvScannerOptions {
  /** Refuse a wanted cell longer than this (bytes, quotes included). Default 1 MiB. */
  maxCellBytes?: number;
  /** Skip unwanted cells with WebAssembly SIMD where available (default true; same results either way). */
  simd?: boolean;
  /** The cell separator: `,` (default), or `;` or a tab as spreadsheets in some locales write. */
  separator?: Separator;
}

export type Separator = ',' | ';' | '\t';

/** What `want` sets for the data rows. */
interface WantOptions {
  /** Plain decimals come out as numbers. */
  numeric?: boolean;
  /** A wanted cell longer than this (bytes, quotes included) comes out as LONG_CELL (default: the scanner's limit, which fails). */
  maxCellBytes?: number;
  /** A row longer than this (bytes, line break excluded) is marked `tooLong` (default: no limit). */
  maxRowBytes?: number;
}

export class CsvScanner {
  private wanted: Uint8Array = new Uint8Array(0);
  /** For each column, the next wanted column after it (NONE if none). */
  private nextWanted: Int32Array = new Int32Array(0);
  /** For each wanted column, how many wanted columns follow in a row, itself included. */
  private runs: Int32Array = new Int32Array(0);
  /** The wanted column indexes, ascending, to clear the reused cells array after each row. */
  private wantedList: Int32Array = new Int32Array(0);
  private wantAll = true;
  private numeric = false;
  private sink: CellSink | null = null;
  private sinkFilter: CellFilter | null = null;
  private maxCellBytes: number;
  /** Past `maxCellBytes`: fail (the header) or mark the cell LONG_CELL (data rows). */
  private markLongCells = false;
  private maxRowBytes = Number.MAX_SAFE_INTEGER;
  /** The current wanted cell went past `maxCellBytes` in an earlier chunk (its bytes are not kept). */
  private cellTooLong = false;
  /** Offset in the input (after any BOM) of the current chunk's first byte, and of the current row's. */
  private base = 0;
  private rowStart = 0;
  /** Where the row that just ended stopped (its line break, or the end of the input). */
  private rowContentEnd = 0;
  private readonly fast: FastSkipper | null;
  private readonly sep: number;
  private stopRequested = false;
  private rest: Buffer | null = null;
  private state = CellState.FIELD_START;
  private field = 0;
  private cellHasEscape = false;
  /** Earlier chunks' pieces of the current wanted cell (raw bytes, quotes included). */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private cells: (CellValue | undefined)[] = [];
  private line = 1;
  private rowLine = 1;
  private rowHasBytes = false;
  private skipLF = false;
  private bomDone = false;
  private bomHead: Buffer = EMPTY;

  constructor(opts: CsvScannerOptions = {}) {
    this.maxCellBytes = opts.maxCellBytes ?? 1 << 20;
    this.sep = (opts.separator ?? ',').charCodeAt(0);
    this.fast = opts.simd === false ? null : createFastSkipper(this.sep);
  }

  /**
   * Called from a row handler: `push` returns right after this row, and
   * `takeRest()` gives the unread part of the chunk (the next row's first byte on).
   */
  stopAfterRow(): void {
    this.stopRequested = true;
  }

  /** What `push` left unread after `stopAfterRow()` (null when it read everything), and whether an LF that ends a CR line break is still to come. */
  takeRest(): { rest: Buffer | null; skipLF: boolean } {
    const rest = this.rest;
    this.rest = null;
    return { rest, skipLF: this.skipLF };
  }

  /** Decode only these column indexes from now on (null: every cell). */
  want(indexes: Iterable<number> | null, opts: WantOptions = {}): void {
    this.numeric = opts.numeric ?? false;
    if (opts.maxCellBytes !== undefined) {
      this.maxCellBytes = opts.maxCellBytes;
      this.markLongCells = true;
    }
    this.maxRowBytes = opts.maxRowBytes ?? Number.MAX_SAFE_INTEGER;
    if (indexes === null) {
      this.wanted = new Uint8Array(0);
      this.nextWanted = new Int32Array(0);
      this.wantedList = new Int32Array(0);
      this.wantAll = true;
      if (this.field === 0) this.cells = [];
      return;
    }
    const list = [...indexes];
    let max = -1;
    for (const i of list) if (i > max) max = i;
    const mask = new Uint8Array(max + 1);
    for (const i of list) mask[i] = 1;
    const next = new Int32Array(max + 1);
    const runs = new Int32Array(max + 1);
    let after = NONE;
    for (let i = max; i >= 0; i--) {
      next[i] = after;
      if (mask[i] === 1) after = i;
      runs[i] = mask[i] === 1 ? (i < max ? runs[i + 1] : 0) + 1 : 0;
    }
    this.runs = runs;
    // One packed array as long as the mask, reused row after row (a sparse one would be slow).
    const cells: (CellValue | undefined)[] = [];
    for (let i = 0; i <= max; i++) cells.push(undefined);
    this.wanted = mask;
    this.nextWanted = next;
    this.wantedList = Int32Array.from(list).sort();
    this.wantAll = false;
    if (this.field === 0) this.cells = cells;
  }

  /** Send wanted cells to `sink` as they complete instead of collecting them in the row (null: collect). */
  setCellSink(sink: CellSink | null, filter: CellFilter | null = null): void {
    this.sink = sink;
    this.sinkFilter = filter;
  }

  /** The line the scanner is on (1-based). */
  get currentLine(): number {
    return this.line;
  }

  /** Cells of the row being read so far. */
  get cellsInRow(): number {
    return this.field;
  }

  /** The line the row being read started on: the first line not yet handed to the row handler. */
  get rowStartLine(): number {
    return this.rowLine;
  }

  /** Feed a chunk; `onRow` is called for every row it completes. */
  push(input: Buffer, onRow: RowHandler): void {
    let chunk = input;
    if (!this.bomDone) {
      const head = this.bomHead.length > 0 ? Buffer.concat([this.bomHead, chunk]) : chunk;
      if (head.length < 3 && BOM.subarray(0, head.length).equals(head)) {
        this.bomHead = Buffer.from(head);
        return;
      }
      this.bomDone = true;
      this.bomHead = EMPTY;
      chunk = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
    }
    this.scan(chunk, onRow);
  }

  /** The input ended: emit the last row if it had no line break. */
  end(onRow: RowHandler): void {
    if (!this.bomDone) {
      this.bomDone = true;
      const head = this.bomHead;
      this.bomHead = EMPTY;
      if (head.length > 0) this.scan(head, onRow);
    }
    if (this.field > 0 || this.rowHasBytes || this.partialBytes > 0) {
      const cut = this.state === CellState.QUOTED || (this.state === CellState.FIELD_START && this.field > 0);
      this.rowContentEnd = this.base;
      this.endCell(EMPTY, 0, 0);
      this.endRow(onRow, true, cut);
    }
    this.state = CellState.FIELD_START;
    this.skipLF = false;
  }

  private scan(chunk: Buffer, onRow: RowHandler): void {
    const n = chunk.length;
    let i = 0;
    if (this.skipLF && n > 0) {
      this.skipLF = false;
      if (chunk[0] === Byte.LF) {
        i = 1;
        this.rowStart++;
      }
    }
    const wantAll = this.wantAll;
    const mask = this.wanted;
    const maskLen = mask.length;
    const next = this.nextWanted;
    const fast = wantAll ? null : this.fast;
    const quickNumbers = !wantAll && this.numeric && this.sink === null;
    const fastLoaded = fast !== null && n >= 64;
    if (fastLoaded) fast.load(chunk);
    const runs = this.runs;
    const COMMA = this.sep;
    let cellStart = i;
    let nextLF = -1;
    let state = this.state;
    let line = this.line;
    let field = this.field;
    while (i < n) {
      let c: number;
      if (!wantAll && !(field < maskLen && mask[field] === 1)) {
        // Unwanted cells, up to the next wanted one or the end of the row:
        // the same state machine, with nothing decoded or stored.
        const last = (field < maskLen ? next[field] : NONE) - 1;
        let from = i;
        if (fast !== null && state === CellState.FIELD_START && n - i >= 64) {
          // Whole blocks of unwanted cells at once; it stops at a cell start.
          const to = fast.skip(i, n, last - field + 1);
          const skipped = fast.count;
          if (skipped > 0) {
            this.rowHasBytes = true;
            field += skipped;
            i = to;
            from = i;
            if (field > last) {
              cellStart = i;
              continue; // at the next wanted cell
            }
          }
        }
        for (; i < n; i++) {
          const x = chunk[i];
          if (state === CellState.QUOTED) {
            if (x === Byte.QUOTE) state = CellState.QUOTE_IN_QUOTED;
            else if (x === Byte.LF) line++;
            continue;
          }
          if (x === COMMA) {
            if (field === last) break;
            field++;
            state = CellState.FIELD_START;
            continue;
          }
          if (x === Byte.LF || x === Byte.CR) break;
          state = state === CellState.UNQUOTED || x !== Byte.QUOTE ? CellState.UNQUOTED : CellState.QUOTED; // `""` in quotes: back to QUOTED
        }
        if (i > from) this.rowHasBytes = true;
        if (i === n) break;
        c = chunk[i];
      } else if (quickNumbers && state === CellState.FIELD_START && chunk[i] === Byte.QUOTE) {
        // A run of wanted `"-12.50",` cells decoded in place (the bulk of wanted cells);
        // the first cell that is anything else goes the long way.
        this.rowHasBytes = true;
        const cells = this.cells;
        if (fastLoaded) {
          const got = (fast).numbers(i, n, runs[field]);
          if (got > 0) {
            const out = (fast).numbersOut;
            for (let k = 0; k < got; k++) cells[field + k] = out[k];
            field += got;
            i = (fast).pos;
            cellStart = i;
            continue;
          }
        }
        for (;;) {
          let j = i + 1;
          let neg = false;
          if (j < n && chunk[j] === Byte.MINUS) {
            neg = true;
            j++;
          }
          let mant = 0;
          let digits = 0;
          let frac = -1;
          let x = 0;
          for (; j < n; j++) {
            x = chunk[j];
            if (x >= Byte.ZERO && x <= Byte.NINE) {
              mant = mant * 10 + (x - Byte.ZERO);
              digits++;
              if (frac >= 0) frac++;
            } else if (x === Byte.DOT && frac < 0) {
              frac = 0;
            } else {
              break;
            }
          }
          if (x !== Byte.QUOTE || j + 1 >= n || chunk[j + 1] !== COMMA || digits === 0 || digits > 15) break;
          const v = frac > 0 ? mant / POW10[frac] : mant;
          cells[field] = neg ? -v : v;
          field++;
          i = j + 2;
          if (i >= n || field >= maskLen || mask[field] !== 1 || chunk[i] !== Byte.QUOTE) break;
        }
        cellStart = i;
        if (i < n && chunk[i] === Byte.QUOTE && field < maskLen && mask[field] === 1) {
          // Not a plain number: the state machine takes this cell.
          state = CellState.QUOTED;
          i++;
        }
        continue;
      } else if (state === CellState.QUOTED) {
        if (wantAll) {
          // Long quoted cells (a header's counter paths): jump to the next quote natively,
          // counting the line breaks in between (the next LF is looked up once per row).
          let q = chunk.indexOf(Byte.QUOTE, i);
          if (q < 0) q = n;
          if (nextLF < i) nextLF = lfAfter(chunk, i);
          while (nextLF < q) {
            line++;
            nextLF = lfAfter(chunk, nextLF + 1);
          }
          i = q;
        } else {
          // Tight loop to the next quote.
          while (i < n) {
            c = chunk[i];
            if (c === Byte.QUOTE) break;
            if (c === Byte.LF) line++;
            i++;
          }
        }
        if (i === n) break;
        state = CellState.QUOTE_IN_QUOTED;
        i++;
        continue;
      } else {
        c = chunk[i];
        if (state === CellState.UNQUOTED) {
          while (c !== COMMA && c !== Byte.LF && c !== Byte.CR) {
            if (++i === n) break;
            c = chunk[i];
          }
          if (i === n) break;
        } else if (state === CellState.QUOTE_IN_QUOTED) {
          if (c === Byte.QUOTE) {
            this.cellHasEscape = true;
            state = CellState.QUOTED;
            i++;
            continue;
          }
          if (c !== COMMA && c !== Byte.LF && c !== Byte.CR) {
            state = CellState.UNQUOTED; // `"a"b`: keep the rest as text
            i++;
            continue;
          }
        } else if (c !== COMMA && c !== Byte.LF && c !== Byte.CR) {
          // FIELD_START
          this.rowHasBytes = true;
          state = c === Byte.QUOTE ? CellState.QUOTED : CellState.UNQUOTED;
          i++;
          continue;
        }
      }
      // A delimiter at i ends the cell.
      if (wantAll || (field < maskLen && mask[field] === 1)) {
        this.state = state;
        this.line = line;
        this.field = field;
        this.endCell(chunk, cellStart, i);
        field = this.field;
      } else {
        field++;
      }
      this.cellHasEscape = false;
      state = CellState.FIELD_START;
      i++;
      if (c !== COMMA) {
        this.field = field;
        this.line = line;
        this.rowContentEnd = this.base + i - 1;
        this.endRow(onRow, false);
        field = 0;
        line++;
        this.rowLine = line;
        if (c === Byte.CR) {
          if (i < n) {
            if (chunk[i] === Byte.LF) i++;
          } else {
            this.skipLF = true;
          }
        }
        this.rowStart = this.base + i;
        if (this.stopRequested) {
          this.stopRequested = false;
          this.line = line;
          this.field = 0;
          this.state = CellState.FIELD_START;
          if (i < n) this.rest = chunk.subarray(i);
          this.base += i;
          this.rowStart = this.base;
          return;
        }
        // Blank lines after it (a flood of line breaks) are passed over a byte each, with no cell or row.
        while (i < n) {
          const x = chunk[i];
          if (x !== Byte.LF && x !== Byte.CR) break;
          line++;
          i++;
          if (x === Byte.CR) {
            if (i === n) this.skipLF = true;
            else if (chunk[i] === Byte.LF) i++;
          }
        }
        this.rowLine = line;
        this.rowStart = this.base + i;
      }
      cellStart = i;
    }
    this.state = state;
    this.line = line;
    this.field = field;
    if (cellStart < n && this.isWanted()) {
      // A wanted cell goes on in the next chunk: keep its bytes, up to the limit.
      this.partialBytes += n - cellStart;
      if (this.partialBytes > this.maxCellBytes) {
        if (!this.markLongCells) throw new CsvCellTooLong(this.rowLine, this.field, this.maxCellBytes);
        this.cellTooLong = true;
        this.partial = [];
      }
      if (!this.cellTooLong) this.partial.push(Buffer.from(chunk.subarray(cellStart, n)));
    }
    this.base += n;
  }

  private isWanted(): boolean {
    if (this.wantAll) return true;
    return this.field < this.wanted.length && this.wanted[this.field] === 1;
  }

  /** Decode the wanted cell that ends at `to` and store or sink it. */
  private endCell(chunk: Buffer, from: number, to: number): void {
    if (this.isWanted()) {
      const bytes = this.partialBytes + to - from;
      if (bytes > this.maxCellBytes) {
        if (!this.markLongCells) throw new CsvCellTooLong(this.rowLine, this.field, this.maxCellBytes);
        this.cells[this.field] = LONG_CELL;
      } else if (this.base + to - this.rowStart <= this.maxRowBytes) {
        let buf = chunk;
        let a = from;
        let b = to;
        if (this.partial.length > 0) {
          this.partial.push(chunk.subarray(from, to));
          buf = Buffer.concat(this.partial);
          a = 0;
          b = buf.length;
        }
        if (this.sink) {
          if (this.sinkFilter === null || this.sinkFilter(this.field, buf, a, b)) this.sink(this.field, this.decode(buf, a, b));
        } else {
          this.cells[this.field] = this.decode(buf, a, b);
        }
      }
      if (this.partialBytes > 0) {
        this.partial = [];
        this.partialBytes = 0;
        this.cellTooLong = false;
      }
    }
    this.cellHasEscape = false;
    this.field++;
  }

  private decode(buf: Buffer, a: number, b: number): string | number {
    if (a < b && buf[a] === Byte.QUOTE) {
      if (this.state === CellState.UNQUOTED) return unquoteMalformed(buf.toString('utf8', a, b));
      const end = this.state === CellState.QUOTE_IN_QUOTED ? b - 1 : b; // else: the input ended inside the quotes
      if (this.numeric && !this.cellHasEscape) {
        const v = plainDecimal(buf, a + 1, end);
        if (v !== null) return v;
      }
      const text = buf.toString('utf8', a + 1, end);
      return this.cellHasEscape ? text.replace(/""/g, '"') : text;
    }
    if (this.numeric) {
      const v = plainDecimal(buf, a, b);
      if (v !== null) return v;
    }
    return buf.toString('utf8', a, b);
  }

  private endRow(onRow: RowHandler, unterminated: boolean, cutInCell = false): void {
    const fieldCount = this.field;
    const blank = fieldCount === 1 && !this.rowHasBytes;
    const cells = this.cells;
    this.field = 0;
    this.rowHasBytes = false;
    if (this.wantAll) this.cells = [];
    if (!blank) {
      const tooLong = this.rowContentEnd - this.rowStart > this.maxRowBytes;
      onRow({ cells, fieldCount, line: this.rowLine, unterminated, cutInCell, tooLong });
    }
    if (!this.wantAll && cells === this.cells) {
      // Only the cells this row reached can hold a value: the cost follows the row, not the header's width.
      const list = this.wantedList;
      for (let k = 0; k < list.length && list[k] < fieldCount; k++) cells[list[k]] = undefined;
    }
  }
}

/** The next LF at or after `from`, or the chunk's length when there is none. */
function lfAfter(chunk: Buffer, from: number): number {
  const p = chunk.indexOf(Byte.LF, from);
  return p < 0 ? chunk.length : p;
}

/** `"a"b` or `"a""b"c` (a quoted cell with text after its closing quote) to `a"b` / `a"b"c`. */
function unquoteMalformed(raw: string): string {
  let out = '';
  let i = 1;
  for (; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '"') {
      if (raw[i + 1] === '"') {
        out += '"';
        i++;
        continue;
      }
      // The closing quote: everything after it is kept as it is, the quote too.
      return out + raw.slice(i);
    }
    out += ch;
  }
  return out;
}

/**
 * `-?digits[.digits]` (at least one digit, at most 15 in all) straight from the
 * bytes, with exactly the double `Number(text)` gives (an integer of at most 15
 * digits and a power of ten up to 10^22 are exact, and IEEE division rounds
 * correctly). Null for anything else.
 */
export function plainDecimal(buf: Uint8Array, a: number, b: number): number | null {
  let i = a;
  let neg = false;
  if (i < b && buf[i] === Byte.MINUS) {
    neg = true;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let frac = -1;
  for (; i < b; i++) {
    const c = buf[i];
    if (c >= Byte.ZERO && c <= Byte.NINE) {
      mant = mant * 10 + (c - Byte.ZERO);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === Byte.DOT && frac < 0) {
      frac = 0;
    } else {
      return null;
    }
  }
  if (digits === 0 || digits > 15) return null;
  const v = frac > 0 ? mant / POW10[frac] : mant;
  return neg ? -v : v;
}

/** A row of text cells (full mode never decodes numbers). */
interface TextRow extends CsvRow {
  cells: (string | undefined)[];
}

/** Split a whole text into rows of all cells, as strings (tests, small files). */
export function parseCsv(text: string | Buffer): TextRow[] {
  const rows: TextRow[] = [];
  const s = new CsvScanner({ maxCellBytes: Number.MAX_SAFE_INTEGER });
  const push = (r: CsvRow) => rows.push(r as TextRow);
  s.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, push);
  s.end(push);
  return rows;
}
