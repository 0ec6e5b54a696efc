/**
 * One located capture row to batch output: checked exactly as the sample
 * reader (capture-source.ts) checks it, reported in the same words, then
 * written as `-b` (the capture's own cell text, in its order; neighbouring
 * quoted number cells of a comma-separated capture as one copy of the input
 * bytes) or `--json` (json-template.ts). No I/O: the sequential and the
 * parallel drivers both feed it rows.
 */
import type { ByteBuffer } from '../../../output/byte-buffer';
import type { CaptureLayout } from '../capture-layout';
import { cellOutputText, cellTextNumber, isBlankCell, longCellText, NOT_A_NUMBER, notANumberText } from '../cell-number';
import { parseCaptureTime } from '../pdh-header';
import { badTimestampText, LONG_ROW_TEXT, LONG_TIMESTAMP_TEXT, MAX_ROW_BYTES } from '../row-problems';
import { decodeCellText, quoteCell } from './cell-text';
import { CaptureJsonTemplate } from './json-template';
import type { ProjectionColumns } from './projection-columns';
import { CELL_EMPTY, CELL_EMPTY_QUOTED, CELL_LONG, CELL_MISSING, CELL_OTHER, CELL_PLAIN, CELL_PLAIN_QUOTED, type RowLocator } from './row-locator';
import { Byte } from '../csv-bytes';

/** The -b header line: the capture's first cell and its memory columns, in its order. */
export function csvHeaderLine(layout: CaptureLayout, columns: ProjectionColumns): string {
  const cells = [quoteCell(layout.firstCell)];
  for (let w = 1; w < columns.indexes.length; w++) cells.push(quoteCell(layout.memoryHeaders.get(columns.indexes[w]) as string));
  return `${cells.join(',')}\n`;
}

/** Where a row's problems go: `kind` as the sample reader names it, and the message after `FILE:LINE: `. */
export interface RowWarnings {
  add(kind: string, line: number, message: string): void;
}

export class RowProjector {
  samples = 0;
  /** Times of the first and the last good row (ms), NaN before one. */
  firstTime = NaN;
  lastTime = -Infinity;
  /** Line of the first good row, 0 before one. */
  firstLine = 0;
  /** Called on the first good row, before its own time-order check (the parallel driver places a block's border check there). */
  onFirstSample: (() => void) | null = null;
  private json: CaptureJsonTemplate | null = null;
  private readonly commaSeparated: boolean;

  constructor(
    private readonly layout: CaptureLayout,
    private readonly columns: ProjectionColumns,
    private readonly locator: RowLocator,
    private readonly format: 'csv' | 'json',
    separator: string,
    private readonly warn: RowWarnings,
    /** Where the output goes. */
    readonly out: ByteBuffer,
    /** -b: write the header line before the first sample (a part of a capture read by another thread leaves it to the coordinator). */
    private readonly withCsvHeader: boolean,
  ) {
    this.commaSeparated = separator === ',';
  }

  /**
   * About the most output the located row can make (to hand the output over
   * before a row rather than grow the buffer; the writers make room for
   * themselves in any case): every byte of the row twice over (quotes
   * doubled), per wanted cell its separator and quotes, and for --json the
   * literal pieces and numbers.
   */
  outputBound(rowStart: number): number {
    const cells = this.locator.kind.length;
    const json = this.format === 'json' ? (this.json ? this.json.bytesPerRow : 64 * cells + 4096) : 0;
    return 2 * (this.locator.rowEnd - rowStart) + cells * 4 + 64 + json;
  }

  /** A row on `line` too long to be held: skipped, as the sample reader skips it. */
  longRow(line: number): void {
    this.warn.add('long-row', line, LONG_ROW_TEXT);
  }

  /** The located row, which starts on `line`; `buf` holds it, `text` is a Buffer over the same bytes. */
  row(buf: Uint8Array, text: Buffer, line: number): void {
    const loc = this.locator;
    const kind = loc.kind;
    const layout = this.layout;
    if (loc.contentEnd - loc.rowStart > MAX_ROW_BYTES) {
      this.longRow(line);
      return;
    }
    // A line with nothing on it is no row at all; a row of blank cells (`,,,`) is a null row: both are passed over.
    if (loc.fieldCount === 1 && kind[0] === CELL_EMPTY) return;
    const stamp = kind[0] === CELL_LONG ? null : this.cellText(text, 0);
    if (stamp !== null && isBlankCell(stamp) && this.blankRow(text)) return;
    if (loc.unterminated && (loc.fieldCount < layout.fieldCount || loc.cutInCell)) {
      const where = loc.fieldCount < layout.fieldCount ? `${loc.fieldCount} of ${layout.fieldCount} cells` : 'it ends inside a cell';
      this.warn.add('truncated', line, `the last line is truncated (${where}); skipped`);
      return;
    }
    if (loc.fieldCount !== layout.fieldCount) {
      this.warn.add('width', line, `${loc.fieldCount} cells where the header has ${layout.fieldCount}; row skipped`);
      return;
    }
    if (stamp === null) {
      this.warn.add('time', line, LONG_TIMESTAMP_TEXT);
      return;
    }
    const time = parseCaptureTime(stamp, layout.biasMinutes);
    if (time === null) {
      this.warn.add('time', line, badTimestampText(stamp));
      return;
    }
    if (this.samples === 0) {
      this.firstTime = time;
      this.firstLine = line;
      this.onFirstSample?.();
    }
    if (time < this.lastTime) this.warn.add('order', line, 'timestamp goes back in time; kept');
    this.lastTime = time;
    if (loc.hasOther) this.reportBadCells(text, line);
    if (this.format === 'csv') {
      if (this.samples === 0 && this.withCsvHeader) this.out.text(csvHeaderLine(layout, this.columns));
      this.csvRow(buf, text, stamp);
    } else {
      this.json ??= new CaptureJsonTemplate(layout, this.columns);
      this.json.write(this.out, time, buf, loc, (w) => this.cellNumber(text, w));
    }
    this.samples++;
  }

  /** Every memory cell the row reached blank (with a blank timestamp: the sample reader's null row). */
  private blankRow(text: Buffer): boolean {
    const loc = this.locator;
    const kind = loc.kind;
    for (let w = 1; w < loc.taken; w++) {
      const k = kind[w];
      if (k === CELL_PLAIN || k === CELL_PLAIN_QUOTED || k === CELL_LONG) return false;
      if (k === CELL_OTHER && !isBlankCell(this.cellText(text, w))) return false;
    }
    return true;
  }

  /** The decoded text of a wanted cell. */
  private cellText(text: Buffer, w: number): string {
    const loc = this.locator;
    const k = loc.kind[w];
    if (k === CELL_MISSING || k === CELL_EMPTY || k === CELL_EMPTY_QUOTED) return '';
    const a = loc.start[w];
    const b = loc.end[w];
    if (k === CELL_PLAIN_QUOTED) return text.toString('latin1', a + 1, b - 1);
    if (k === CELL_PLAIN) return text.toString('latin1', a, b);
    return decodeCellText(text.toString('utf8', a, b));
  }

  /** The value of a wanted cell as the sample reader has it: a number, null when blank or not a number. */
  private cellNumber(text: Buffer, w: number): number | null {
    const k = this.locator.kind[w];
    if (k === CELL_MISSING || k === CELL_EMPTY || k === CELL_EMPTY_QUOTED || k === CELL_LONG) return null;
    const v = cellTextNumber(this.cellText(text, w));
    return v === NOT_A_NUMBER ? null : v;
  }

  /** Cells that are not numbers, in the order (and with the names) the sample reader reports them. */
  private reportBadCells(text: Buffer, line: number): void {
    const kind = this.locator.kind;
    const order = this.columns.decodeOrder;
    for (let k = 0; k < order.length; k++) {
      const w = order[k].wanted;
      if (kind[w] === CELL_LONG) {
        this.warn.add('number', line, longCellText(this.columns.indexes[w], order[k].counter));
        continue;
      }
      if (kind[w] !== CELL_OTHER) continue;
      const t = this.cellText(text, w);
      if (cellTextNumber(t) === NOT_A_NUMBER) this.warn.add('number', line, notANumberText(this.columns.indexes[w], order[k].counter, t));
    }
  }

  /** The timestamp and the memory cells, in the capture's order, each as the capture has it. */
  private csvRow(src: Uint8Array, text: Buffer, stamp: string): void {
    const loc = this.locator;
    const { start, end, kind } = loc;
    const adjacent = this.columns.adjacent;
    const out = this.out;
    const spanCopies = this.commaSeparated;
    out.ensure(2 * (loc.rowEnd - start[0]) + 4 * kind.length + 64);
    out.byte(Byte.QUOTE);
    out.text(stamp.replace(/"/g, '""'));
    out.byte(Byte.QUOTE);
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
        out.byte(Byte.COMMA);
        spanFrom = start[w];
        spanTo = end[w];
        continue;
      }
      if (spanFrom >= 0) {
        out.copy(src, spanFrom, spanTo);
        spanFrom = -1;
      }
      out.byte(Byte.COMMA);
      if (k === CELL_PLAIN_QUOTED) {
        out.copy(src, start[w], end[w]);
      } else if (k === CELL_PLAIN) {
        out.byte(Byte.QUOTE);
        out.copy(src, start[w], end[w]);
        out.byte(Byte.QUOTE);
      } else if (k === CELL_OTHER) {
        this.otherCell(text, w);
      } else {
        out.byte(Byte.QUOTE);
        out.byte(Byte.QUOTE);
      }
    }
    if (spanFrom >= 0) out.copy(src, spanFrom, spanTo);
    out.byte(Byte.LF);
  }

  /** A cell in any other form: its text when it reads as a number or is blank, in esxtop's decimal form for a spreadsheet's locale form; empty when it is not a number. */
  private otherCell(text: Buffer, w: number): void {
    this.out.text(quoteCell(cellOutputText(this.cellText(text, w)) ?? ''));
  }
}

