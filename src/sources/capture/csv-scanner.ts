/**
 * A streaming CSV scanner that decodes only the cells it is asked for.
 *
 * esxtop batch captures have tens of thousands of columns of which the memory
 * page needs a few percent. The scanner walks the bytes once, keeps its state
 * across chunks (memory grows with the longest wanted cell, never with the
 * file or the row), and turns into strings only the cells whose index is wanted.
 *
 * RFC 4180 quoting: a cell that starts with `"` runs to the next lone `"`;
 * `""` inside it is a literal quote; commas, CR and LF inside quotes are data.
 * Rows end at LF, CRLF or a lone CR. A UTF-8 BOM at the start is skipped.
 * Malformed text after a closing quote (`"a"b`) is kept, as spreadsheets do.
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

export interface CsvRow {
  /** Cells by column index; only wanted cells are filled. */
  cells: (string | undefined)[];
  /** Number of cells the row had. */
  fieldCount: number;
  /** 1-based line number where the row started. */
  line: number;
  /** true when the input ended inside this row (no final line break). */
  unterminated: boolean;
}

export type RowHandler = (row: CsvRow) => void;

export class CsvScanner {
  private wanted: Uint8Array | null = null;
  private wantAll = true;
  private state = FIELD_START;
  private field = 0;
  private cellQuoted = false;
  private cellHasEscape = false;
  /** Earlier chunks' pieces of the current wanted cell (raw bytes, quotes included). */
  private partial: Buffer[] = [];
  private cells: (string | undefined)[] = [];
  private line = 1;
  private rowLine = 1;
  private rowHasBytes = false;
  private skipLF = false;
  private started = false;

  /** Decode only these column indexes from now on (null: every cell). */
  want(indexes: Iterable<number> | null): void {
    if (indexes === null) {
      this.wanted = null;
      this.wantAll = true;
      return;
    }
    const list = [...indexes];
    const mask = new Uint8Array(list.length ? Math.max(...list) + 1 : 0);
    for (const i of list) mask[i] = 1;
    this.wanted = mask;
    this.wantAll = false;
  }

  /** Feed a chunk; `onRow` is called for every row it completes. */
  push(chunk: Buffer, onRow: RowHandler): void {
    const n = chunk.length;
    let i = 0;
    if (!this.started && n > 0) {
      this.started = true;
      if (n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    if (this.skipLF && i < n) {
      this.skipLF = false;
      if (chunk[i] === LF) i++;
    }
    let cellStart = i;
    let state = this.state;
    while (i < n) {
      const c = chunk[i];
      if (state === QUOTED) {
        if (c === QUOTE) state = QUOTE_IN_QUOTED;
        else if (c === LF) this.line++;
        i++;
        continue;
      }
      if (state === QUOTE_IN_QUOTED) {
        if (c === QUOTE) {
          this.cellHasEscape = true;
          state = QUOTED;
          i++;
          continue;
        }
        if (c !== COMMA && c !== LF && c !== CR) {
          state = UNQUOTED;
          i++;
          continue;
        }
        // A closing quote followed by a delimiter: handled below.
      }
      if (c === COMMA) {
        this.state = state;
        this.endCell(chunk, cellStart, i);
        state = FIELD_START;
        i++;
        cellStart = i;
        continue;
      }
      if (c === LF || c === CR) {
        this.state = state;
        this.endCell(chunk, cellStart, i);
        this.endRow(onRow, false);
        state = FIELD_START;
        this.line++;
        this.rowLine = this.line;
        i++;
        if (c === CR) {
          if (i < n) {
            if (chunk[i] === LF) i++;
          } else {
            this.skipLF = true;
          }
        }
        cellStart = i;
        continue;
      }
      if (state === FIELD_START) {
        this.rowHasBytes = true;
        if (c === QUOTE) {
          this.cellQuoted = true;
          state = QUOTED;
        } else {
          state = UNQUOTED;
        }
      }
      i++;
    }
    this.state = state;
    if (cellStart < n && this.isWanted()) this.partial.push(Buffer.from(chunk.subarray(cellStart, n)));
  }

  /** The input ended: emit the last row if it had no line break. */
  end(onRow: RowHandler): void {
    if (this.field > 0 || this.rowHasBytes || this.partial.length > 0) {
      this.endCell(Buffer.alloc(0), 0, 0);
      this.endRow(onRow, true);
    }
    this.state = FIELD_START;
  }

  private isWanted(): boolean {
    if (this.wantAll) return true;
    const w = this.wanted as Uint8Array;
    return this.field < w.length && w[this.field] === 1;
  }

  private endCell(chunk: Buffer, from: number, to: number): void {
    if (this.isWanted()) {
      let raw: string;
      if (this.partial.length > 0) {
        this.partial.push(chunk.subarray(from, to));
        raw = Buffer.concat(this.partial).toString('utf8');
        this.partial = [];
      } else {
        raw = chunk.toString('utf8', from, to);
      }
      this.cells[this.field] = this.cellQuoted ? unquote(raw, this.state === QUOTE_IN_QUOTED, this.cellHasEscape) : raw;
    }
    this.cellQuoted = false;
    this.cellHasEscape = false;
    this.field++;
  }

  private endRow(onRow: RowHandler, unterminated: boolean): void {
    const fieldCount = this.field;
    const blank = fieldCount === 1 && !this.rowHasBytes;
    const row: CsvRow = { cells: this.cells, fieldCount, line: this.rowLine, unterminated };
    this.cells = [];
    this.field = 0;
    this.rowHasBytes = false;
    if (!blank) onRow(row);
  }
}

/** `"a""b"` (raw, with its quotes) to `a"b`. `closed` tells whether the last byte is the closing quote. */
function unquote(raw: string, closed: boolean, hasEscape: boolean): string {
  let text = closed ? raw.slice(1, -1) : raw.slice(1);
  if (hasEscape) text = text.replace(/""/g, '"');
  return text;
}

/** Split a whole text into rows of all cells (tests, small files). */
export function parseCsv(text: string | Buffer): CsvRow[] {
  const rows: CsvRow[] = [];
  const s = new CsvScanner();
  const push = (r: CsvRow) => rows.push(r);
  s.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, push);
  s.end(push);
  return rows;
}
