/**
 * Batch output (`-b`, `--json`) straight from a capture's bytes.
 *
 * `replay CAPTURE -b` is a column projection: once the header is read, each
 * row's memory cells are found (row-locator.ts) and their bytes copied to
 * the output as they are, runs of neighbouring cells in one copy. That is
 * both what esxtop users need (the source's own text in every cell: `0.00`
 * stays `0.00`, no column the capture lacks) and the cheapest way: nothing
 * is decoded into numbers and no Sample objects are made. `--json` writes a
 * cell's text as the JSON number when it already is one (`1302.00`), so it
 * too decodes only what it must.
 *
 * It checks rows exactly as the sample reader (capture-source.ts) does and
 * reports the same problems in the same words, so that `-b` and the
 * dashboard agree on what a capture holds: a row with the wrong number of
 * cells, a bad timestamp, or a truncated last line is skipped; a memory cell
 * that is not a number is written empty (missing); a timestamp that goes
 * back is kept. The test suite compares both readers on real and damaged
 * captures.
 */
import type { Writable } from 'node:stream';
import { UserError } from '../../../errors';
import { ByteBuffer } from '../../../output/byte-buffer';
import { LineSink } from '../../../output/line-sink';
import { describeWarnings, WarningCounter } from '../../warnings';
import type { CaptureAfterHeader } from '../capture-source';
import { notANumberMessage } from '../capture-source';
import { canonicalLocaleNumber, cellTextNumber, NOT_A_NUMBER } from '../cell-number';
import { parseCaptureTime } from '../pdh-header';
import { createSkipKernel } from '../simd-skip';
import { decodeCellText, quoteCell } from './cell-text';
import { CaptureJsonTemplate } from './json-template';
import { projectionColumns, type ProjectionColumns } from './projection-columns';
import { CELL_EMPTY, CELL_EMPTY_QUOTED, CELL_MISSING, CELL_OTHER, CELL_PLAIN, CELL_PLAIN_QUOTED, ROW_NEEDS_MORE, RowLocator, rowPlan } from './row-locator';
import { RowReader } from './row-reader';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
/** Output is handed to the stream in pieces of up to this size (and one row's worth more when needed). */
const OUTPUT_BYTES = 4 << 20;

export interface ProjectionOptions {
  format: 'csv' | 'json';
  limit: number | null;
  out: Writable;
  err: Writable;
}

/** Writes up to `limit` samples of the capture; returns the exit code (0, also when the reader of the output went away). */
export async function writeCaptureProjection(capture: CaptureAfterHeader, opts: ProjectionOptions): Promise<number> {
  const projection = new CaptureProjection(capture, opts);
  try {
    await projection.run();
  } finally {
    capture.input.close();
  }
  for (const line of describeWarnings(projection.warn.list())) opts.err.write(`balloontop: ${line}\n`);
  return 0;
}

class CaptureProjection {
  readonly warn = new WarningCounter();
  private readonly columns: ProjectionColumns;
  private readonly locator: RowLocator;
  private readonly reader: RowReader;
  private readonly sink: LineSink;
  private readonly out = new ByteBuffer(OUTPUT_BYTES);
  private readonly label: string;
  private readonly commaSeparated: boolean;
  private json: CaptureJsonTemplate | null = null;
  private samples = 0;
  private lastTime = -Infinity;
  private line: number;

  constructor(
    private readonly capture: CaptureAfterHeader,
    private readonly opts: ProjectionOptions,
  ) {
    this.label = capture.label;
    this.columns = projectionColumns(capture.layout);
    const sep = capture.separator.charCodeAt(0);
    this.commaSeparated = sep === COMMA;
    const kernel = createSkipKernel(sep);
    this.locator = new RowLocator(rowPlan(this.columns.indexes), sep, kernel);
    this.reader = new RowReader(capture.input, kernel, capture.pending, capture.skipLF, capture.label);
    this.sink = new LineSink(opts.out);
    this.line = capture.line;
  }

  async run(): Promise<void> {
    const reader = this.reader;
    const locator = this.locator;
    try {
      for (;;) {
        if (this.sink.gone || (this.opts.limit !== null && this.samples >= this.opts.limit)) break;
        if (reader.at >= reader.limit) {
          if (!(await reader.more(this.line))) break;
          continue;
        }
        if (locator.locate(reader.buf, reader.at, reader.limit, reader.eof) === ROW_NEEDS_MORE) {
          if (!(await reader.more(this.line))) reader.eof = true;
          continue;
        }
        const rowStart = reader.at;
        const bound = this.outputBound(rowStart);
        if (this.out.length > 0 && bound > this.out.room) await this.flush();
        this.out.ensure(bound);
        reader.at = locator.rowEnd;
        const line = this.line;
        this.line += locator.lines;
        this.row(line);
      }
      if (this.out.length > 0) await this.flush();
      await this.sink.finish();
    } finally {
      this.sink.detach();
    }
    if (this.samples === 0 && !this.sink.gone) {
      const skipped = this.warn.list();
      const why = skipped.length === 0 ? '' : ` (${skipped.reduce((a, w) => a + w.count, 0)} rows skipped; the first: ${skipped[0].message})`;
      throw new UserError(`${this.label}: has a header but no samples${why}`);
    }
  }

  /**
   * About the most output the located row can make (to hand the output over
   * before a row rather than grow the buffer; the writers make room for
   * themselves in any case): every byte of the row twice over (quotes
   * doubled), per wanted cell its separator and quotes, and for --json the
   * literal pieces and numbers.
   */
  private outputBound(rowStart: number): number {
    const cells = this.locator.kind.length;
    return 2 * (this.locator.rowEnd - rowStart) + cells * 4 + 64 + (this.json ? this.json.bytesPerRow : this.opts.format === 'json' ? 64 * cells + 4096 : 0);
  }

  private async flush(): Promise<void> {
    await this.sink.write(this.out.take());
    // Written through at once (a file, /dev/null, a pipe with room): its buffer can be filled again.
    if (this.opts.out.writableLength === 0) this.out.recycle();
  }

  /** One complete row: checked as the sample reader checks it, then written. */
  private row(line: number): void {
    const loc = this.locator;
    const kind = loc.kind;
    const layout = this.capture.layout;
    // A line with nothing on it is no row at all; a row of blank cells (`,,,`) is a null row: both are passed over.
    if (loc.fieldCount === 1 && kind[0] === CELL_EMPTY) return;
    const stamp = this.cellText(0);
    if (stamp.trim() === '' && this.blankRow()) return;
    if (loc.unterminated && (loc.fieldCount < layout.fieldCount || loc.cutInCell)) {
      const where = loc.fieldCount < layout.fieldCount ? `${loc.fieldCount} of ${layout.fieldCount} cells` : 'it ends inside a cell';
      this.warn.add('truncated', `${this.label}:${line}: the last line is truncated (${where}); skipped`);
      return;
    }
    if (loc.fieldCount !== layout.fieldCount) {
      this.warn.add('width', `${this.label}:${line}: ${loc.fieldCount} cells where the header has ${layout.fieldCount}; row skipped`);
      return;
    }
    const time = parseCaptureTime(stamp, layout.biasMinutes);
    if (time === null) {
      this.warn.add('time', `${this.label}:${line}: bad timestamp ${JSON.stringify(stamp.slice(0, 40))}; row skipped`);
      return;
    }
    if (time < this.lastTime) this.warn.add('order', `${this.label}:${line}: timestamp goes back in time; kept`);
    this.lastTime = time;
    if (loc.hasOther) this.reportBadCells(line);
    if (this.opts.format === 'csv') {
      if (this.samples === 0) this.csvHeader();
      this.csvRow(stamp);
    } else {
      this.json ??= new CaptureJsonTemplate(layout, this.columns, (w) => this.cellNumber(w));
      this.json.write(this.out, time, this.reader.buf, loc, (w) => this.cellNumber(w));
    }
    this.samples++;
  }

  /** Every wanted cell blank (the sample reader's null row). */
  private blankRow(): boolean {
    const kind = this.locator.kind;
    for (let w = 1; w < kind.length; w++) {
      const k = kind[w];
      if (k === CELL_PLAIN || k === CELL_PLAIN_QUOTED) return false;
      if (k === CELL_OTHER && this.cellText(w).trim() !== '') return false;
    }
    return true;
  }

  /** The decoded text of a wanted cell. */
  private cellText(w: number): string {
    const loc = this.locator;
    const k = loc.kind[w];
    if (k === CELL_MISSING || k === CELL_EMPTY || k === CELL_EMPTY_QUOTED) return '';
    const a = loc.start[w];
    const b = loc.end[w];
    if (k === CELL_PLAIN_QUOTED) return this.reader.text.toString('latin1', a + 1, b - 1);
    if (k === CELL_PLAIN) return this.reader.text.toString('latin1', a, b);
    return decodeCellText(this.reader.text.toString('utf8', a, b));
  }

  /** The value of a wanted cell as the sample reader has it: a number, null when blank or not a number. */
  private cellNumber(w: number): number | null {
    const k = this.locator.kind[w];
    if (k === CELL_MISSING || k === CELL_EMPTY || k === CELL_EMPTY_QUOTED) return null;
    const v = cellTextNumber(this.cellText(w));
    return v === NOT_A_NUMBER ? null : v;
  }

  /** Cells that are not numbers, in the order (and with the names) the sample reader reports them. */
  private reportBadCells(line: number): void {
    const kind = this.locator.kind;
    const order = this.columns.decodeOrder;
    for (let k = 0; k < order.length; k++) {
      const w = order[k].wanted;
      if (kind[w] !== CELL_OTHER) continue;
      const text = this.cellText(w);
      if (cellTextNumber(text) === NOT_A_NUMBER) this.warn.add('number', notANumberMessage(this.label, line, this.columns.indexes[w], order[k].counter, text));
    }
  }

  private csvHeader(): void {
    const layout = this.capture.layout;
    const cells = [quoteCell(layout.firstCell)];
    for (let w = 1; w < this.columns.indexes.length; w++) cells.push(quoteCell(layout.memoryHeaders.get(this.columns.indexes[w]) as string));
    this.out.text(`${cells.join(',')}\n`);
  }

  /**
   * The timestamp and the memory cells, in the capture's order, each as the
   * capture has it; neighbouring quoted number cells of a comma-separated
   * capture go out as one copy of the input bytes.
   */
  private csvRow(stamp: string): void {
    const loc = this.locator;
    const { start, end, kind } = loc;
    const adjacent = this.columns.adjacent;
    const src = this.reader.buf;
    const out = this.out;
    const spanCopies = this.commaSeparated;
    out.ensure(2 * (loc.rowEnd - loc.start[0]) + 4 * kind.length + 64);
    out.byte(QUOTE);
    out.text(stamp.replace(/"/g, '""'));
    out.byte(QUOTE);
    let spanFrom = -1;
    let spanTo = -1;
    for (let w = 1; w < kind.length; w++) {
      const k = kind[w];
      if (spanCopies && (k === CELL_PLAIN_QUOTED || k === CELL_EMPTY_QUOTED)) {
        if (spanFrom >= 0 && adjacent[w] === 1) {
          spanTo = end[w];
          continue;
        }
        if (spanFrom >= 0) out.copy(src, spanFrom, spanTo);
        out.byte(COMMA);
        spanFrom = start[w];
        spanTo = end[w];
        continue;
      }
      if (spanFrom >= 0) {
        out.copy(src, spanFrom, spanTo);
        spanFrom = -1;
      }
      out.byte(COMMA);
      if (k === CELL_PLAIN_QUOTED) {
        out.copy(src, start[w], end[w]);
      } else if (k === CELL_PLAIN) {
        out.byte(QUOTE);
        out.copy(src, start[w], end[w]);
        out.byte(QUOTE);
      } else if (k === CELL_OTHER) {
        this.otherCell(w);
      } else {
        out.byte(QUOTE);
        out.byte(QUOTE);
      }
    }
    if (spanFrom >= 0) out.copy(src, spanFrom, spanTo);
    out.byte(LF);
  }

  /** A cell in any other form: its text when it reads as a number or is blank, in esxtop's decimal form for a spreadsheet's locale form; empty when it is not a number. */
  private otherCell(w: number): void {
    const text = this.cellText(w);
    const v = cellTextNumber(text);
    let shown = '';
    if (v !== NOT_A_NUMBER) shown = v === null || Number.isFinite(Number(text.trim())) ? text : (canonicalLocaleNumber(text.trim()) as string);
    this.out.text(quoteCell(shown));
  }
}

