/**
 * One part ("block") of a capture on disk, projected on its own, so that
 * several threads can share a big capture: a block owns the rows that start
 * in its byte range, reads past its end to finish its last row, and reports
 * its output, its problems (by line within the block), its first and last
 * sample times and the line breaks it took, for the coordinator to put
 * together in order (parallel-projection.ts).
 *
 * A block other than the first does not know where its first row starts: it
 * takes the byte after the first line break at or after its start. That is
 * right unless a quoted cell holds a line break there; the coordinator checks
 * that each block started where the one before it ended, and reads on in one
 * thread from there if not.
 */
import { ByteBuffer } from '../../../output/byte-buffer';
import type { CaptureLayout } from '../capture-layout';
import { createSkipKernel, type SkipKernel } from '../simd-skip';
import { projectionColumns, type ProjectionColumns } from './projection-columns';
import { ROW_NEEDS_MORE, RowLocator, rowPlan } from './row-locator';
import { MAX_DATA_CELL_BYTES } from '../cell-number';
import { RowEndFinder } from './row-end';
import { RowProjector, type RowWarnings } from './row-projector';
import { fileRangeReader, RowReader } from './row-reader';

/** Each block's output goes out in pieces of about this size. */
const BLOCK_OUTPUT_BYTES = 4 << 20;

export interface BlockJob {
  index: number;
  /** First byte of the range; the first row starts here when `exactStart`, else after the first line break from `start - 1` on. */
  start: number;
  exactStart: boolean;
  /** The block owns the rows that start before this byte. */
  end: number;
}

export interface BlockWarning {
  kind: string;
  /** Line within the block (1: its first row). */
  line: number;
  message: string;
  count: number;
}

export interface BlockResult {
  index: number;
  /** The end of its range. */
  end: number;
  /** Where its first row started, and where the row after its last one starts (-1: no row starts in its range). */
  startPos: number;
  endPos: number;
  /** Line breaks its rows took. */
  lines: number;
  samples: number;
  firstTime: number;
  lastTime: number;
  /** Line (within the block) of its first sample. */
  firstLine: number;
  /** Problems by kind, in the order they first came up. */
  warnings: BlockWarning[];
  /** How many of `warnings` came up before its first sample's time-order check. */
  warningsBeforeFirstSample: number;
  chunks: Buffer[];
}

/** What every block of one capture shares. */
export interface BlockSetup {
  label: string;
  layout: CaptureLayout;
  format: 'csv' | 'json';
  separator: string;
}

class BlockWarnings implements RowWarnings {
  readonly list: BlockWarning[] = [];
  private readonly byKind = new Map<string, BlockWarning>();
  add(kind: string, line: number, message: string): void {
    const w = this.byKind.get(kind);
    if (w) {
      w.count++;
      return;
    }
    const first = { kind, line, message, count: 1 };
    this.byKind.set(kind, first);
    this.list.push(first);
  }
}

/** Projects blocks of one file, one after another (one per thread). */
export class BlockProjector {
  private readonly columns: ProjectionColumns;
  private readonly kernel: SkipKernel | null;
  private readonly locator: RowLocator;
  private readonly finder: RowEndFinder;
  private readonly sep: number;
  /** One output buffer for all blocks; each block's output leaves it as a copy of its own size. */
  private readonly out = new ByteBuffer(BLOCK_OUTPUT_BYTES);

  constructor(
    private readonly setup: BlockSetup,
    private readonly fd: number,
    private readonly fileSize: number,
  ) {
    this.columns = projectionColumns(setup.layout);
    this.sep = setup.separator.charCodeAt(0);
    this.kernel = createSkipKernel(this.sep);
    this.locator = new RowLocator(rowPlan(this.columns.indexes), this.sep, this.kernel, MAX_DATA_CELL_BYTES);
    this.finder = new RowEndFinder(this.sep, this.kernel);
  }

  /** The block's rows; `flush` (the one-thread fallback) takes the output as it grows instead of keeping it. */
  async project(job: BlockJob, flush?: (chunk: Buffer) => Promise<void>): Promise<BlockResult> {
    const warnings = new BlockWarnings();
    const projector = new RowProjector(this.setup.layout, this.columns, this.locator, this.setup.format, this.setup.separator, warnings, this.out, false);
    let warningsBeforeFirstSample = 0;
    projector.onFirstSample = () => (warningsBeforeFirstSample = warnings.list.length);
    const from = job.exactStart ? job.start : job.start - 1;
    const range = fileRangeReader(this.fd, from, job.end);
    const reader = new RowReader(range.read, this.kernel, null, false);
    /** The file position of `reader.buf[0]`. */
    const base = () => range.position - reader.limit;
    const chunks: Buffer[] = [];
    const result: BlockResult = { index: job.index, end: job.end, startPos: -1, endPos: -1, lines: 0, samples: 0, firstTime: NaN, lastTime: NaN, firstLine: 0, warnings: warnings.list, warningsBeforeFirstSample: 0, chunks };
    if (!(await this.findFirstRow(reader, job, base))) return result;
    result.startPos = base() + reader.at;
    let line = 1;
    const locator = this.locator;
    for (;;) {
      if (base() + reader.at >= job.end) break;
      if (reader.at >= reader.limit) {
        if (!(await reader.more())) break;
        continue;
      }
      // Blank lines up to the block's end (the next block starts at a line break there).
      const blankLimit = Math.min(reader.limit, job.end - base());
      const blank = locator.lineBreaks(reader.buf, reader.at, blankLimit, reader.eof && blankLimit === reader.limit);
      if (blank > 0) {
        reader.at += blank;
        line += locator.lines;
        continue;
      }
      if (locator.locate(reader.buf, reader.at, reader.limit, reader.eof) === ROW_NEEDS_MORE) {
        if (!(await reader.wholeRow(this.finder))) {
          projector.longRow(line);
          line += reader.skippedLines;
          continue;
        }
        if (locator.locate(reader.buf, reader.at, reader.limit, reader.eof) === ROW_NEEDS_MORE) throw new Error('row locator: a whole row needs more');
      }
      const bound = projector.outputBound(reader.at);
      if (projector.out.length > 0 && bound > projector.out.room) {
        if (flush) await flush(projector.out.takeCopy());
        else chunks.push(projector.out.takeCopy());
      }
      projector.out.ensure(bound);
      reader.at = locator.rowEnd;
      const rowLine = line;
      line += locator.lines;
      projector.row(reader.buf, reader.text, rowLine);
    }
    if (projector.out.length > 0) {
      if (flush) await flush(projector.out.takeCopy());
      else chunks.push(projector.out.takeCopy());
    }
    result.endPos = Math.min(base() + reader.at, this.fileSize);
    result.lines = line - 1;
    result.samples = projector.samples;
    result.firstTime = projector.firstTime;
    result.lastTime = projector.lastTime;
    result.firstLine = projector.firstLine;
    result.warningsBeforeFirstSample = warningsBeforeFirstSample;
    return result;
  }

  /**
   * Moves the reader to the block's first row: after the first line break
   * from `start - 1` on (CR LF as one). False when there is none before the
   * block's end (the block lies inside one long row: it has no row of its own).
   */
  private async findFirstRow(reader: RowReader, job: BlockJob, base: () => number): Promise<boolean> {
    if (!(await reader.more())) return false;
    if (job.exactStart) return true;
    for (;;) {
      const text = reader.text;
      const end = Math.min(reader.limit, job.end - base());
      const lf = text.indexOf(0x0a, reader.at);
      const cr = text.indexOf(0x0d, reader.at);
      let i = lf < 0 || lf >= end ? end : lf;
      if (cr >= 0 && cr < i) i = cr;
      if (i < end && !(text[i] === 0x0d && i + 1 >= reader.limit && !reader.eof)) {
        reader.at = text[i] === 0x0d && text[i + 1] === 0x0a ? i + 2 : i + 1;
        return true;
      }
      if (end < reader.limit) return false;
      reader.at = i; // keep a CR that ends the data (is an LF next?)
      if (!(await reader.more())) return false;
    }
  }
}
