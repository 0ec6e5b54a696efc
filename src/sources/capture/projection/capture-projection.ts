/**
 * Batch output (`-b`, `--json`) straight from a capture's bytes.
 *
 * `replay CAPTURE -b` is a column projection: once the header is read, each
 * row's memory cells are found (row-locator.ts) and their bytes copied to
 * the output as they are (row-projector.ts). That is both what esxtop users
 * need (the source's own text in every cell: `0.00` stays `0.00`, no column
 * the capture lacks) and the cheapest way: nothing is decoded into numbers
 * and no Sample objects are made. `--json` copies a cell's digits when they
 * already are the JSON number, so it too decodes only what it must.
 *
 * Rows are checked exactly as the sample reader (capture-source.ts) checks
 * them and problems are reported in the same words, so `-b` and the
 * dashboard agree on what a capture holds; the test suite compares both
 * readers on real and damaged captures.
 *
 * A big plain file is read by more than one thread (parallel-projection.ts);
 * gzip, pipes, `-n` and small files by this one.
 */
import { fstatSync, openSync, closeSync, readSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { Writable } from 'node:stream';
import { UserError } from '../../../errors';
import { tellUser } from '../../../text/user-message';
import { InputDataError } from '../../file/input-file';
import { ByteBuffer } from '../../../output/byte-buffer';
import { LineSink } from '../../../output/line-sink';
import { describeWarnings, WarningCounter } from '../../warnings';
import { addHeaderWarnings } from '../capture-layout';
import type { CaptureAfterHeader } from '../capture-source';
import { createSkipKernel } from '../simd-skip';
import { projectionColumns } from './projection-columns';
import { ROW_NEEDS_MORE, RowLocator, rowPlan } from './row-locator';
import { csvHeaderLine, RowProjector } from './row-projector';
import { MAX_DATA_CELL_BYTES } from '../cell-number';
import { RowEndFinder } from './row-end';
import { inputReader, RowReader } from './row-reader';

/** Output is handed to the stream in pieces of up to this size (and one row's worth more when needed). */
const OUTPUT_BYTES = 4 << 20;
/**
 * Below this much data one thread does it all: a second thread costs about
 * 35 ms of CPU to start (a new JavaScript heap, the modules compiled again),
 * which pays off in time only on big files. Measured in bench/batch.ts.
 */
export const PARALLEL_MIN_BYTES = 256 << 20;
/** Threads at most (reading and writing run out before more cores help). */
const MAX_THREADS = 4;

export interface ProjectionOptions {
  format: 'csv' | 'json';
  limit: number | null;
  out: Writable;
  err: Writable;
  /** Threads to use for a big file (default: BALLOONTOP_THREADS, else the cores the machine has free, at most 4; 1: this one only). */
  threads?: number;
  /** Files with less data than this are read by one thread (default PARALLEL_MIN_BYTES). */
  parallelMinBytes?: number;
  /** Size of the blocks threads share (default BLOCK_BYTES of parallel-projection.ts). */
  blockBytes?: number;
}

/**
 * The cores not busy with other work (a shared machine's other jobs slow a
 * second thread down more than it helps: measured in bench/batch.ts).
 */
function freeCores(): number {
  return Math.max(1, Math.floor(availableParallelism() - loadavg()[0] + 0.5));
}

/** BALLOONTOP_THREADS=N, when it is a whole number of at least 1. */
function threadsFromEnvironment(): number | null {
  const n = Number(process.env.BALLOONTOP_THREADS);
  return Number.isInteger(n) && n >= 1 ? n : null;
}

/**
 * Writes up to `limit` samples of the capture; returns the exit code (0, also
 * when the reader of the output went away). When the input fails part way
 * (corrupt or truncated gzip, a read error), the rows before the failure are
 * written and the problems met so far reported before it is thrown.
 */
export async function writeCaptureProjection(capture: CaptureAfterHeader, opts: ProjectionOptions): Promise<number> {
  const warn = new WarningCounter();
  addHeaderWarnings((kind, message, count) => warn.add(kind, message, count), capture.label, capture.layout);
  const sink = new LineSink(opts.out);
  let samples = 0;
  try {
    const threads = Math.min(opts.threads ?? threadsFromEnvironment() ?? freeCores(), MAX_THREADS);
    const parallel = threads > 1 ? parallelPlan(capture, opts) : null;
    if (parallel) {
      const { projectInParallel } = require('./parallel-projection') as typeof import('./parallel-projection');
      samples = (await projectInParallel(parallel, threads, sink, warn, opts.blockBytes)).samples;
    } else {
      samples = await projectInThisThread(capture, opts, sink, warn);
    }
    await sink.finish();
  } catch (err) {
    await sink.finish();
    for (const line of describeWarnings(warn.list())) tellUser(line, opts.err);
    throw err;
  } finally {
    sink.detach();
    capture.input.close();
  }
  if (samples === 0 && !sink.gone) {
    const skipped = warn.list();
    const why = skipped.length === 0 ? '' : ` (${skipped.reduce((a, w) => a + w.count, 0)} rows skipped; the first: ${skipped[0].message})`;
    throw new UserError(`${capture.label}: has a header but no samples${why}`);
  }
  for (const line of describeWarnings(warn.list())) tellUser(line, opts.err);
  return 0;
}

/** What a parallel projection needs, or null when this one is for one thread: not a big plain file, `-n`, or --json with group kinds left to the first sample. */
function parallelPlan(capture: CaptureAfterHeader, opts: ProjectionOptions) {
  if (!capture.input.readInto || opts.limit !== null) return null;
  if (opts.format === 'json' && capture.layout.groups.some((g) => g.kind === null)) return null;
  const fd = openSync(capture.input.path, 'r');
  try {
    const fileSize = fstatSync(fd).size;
    let dataOffset = capture.dataOffset;
    if (fileSize - dataOffset < (opts.parallelMinBytes ?? PARALLEL_MIN_BYTES)) return null;
    if (capture.skipLF) {
      // The header ended with a CR: an LF right after it belongs to it.
      const b = Buffer.alloc(1);
      if (readSync(fd, b, 0, 1, dataOffset) === 1 && b[0] === 0x0a) dataOffset++;
    }
    const setup = { label: capture.label, layout: capture.layout, format: opts.format, separator: capture.separator };
    const header = opts.format === 'csv' ? csvHeaderLine(capture.layout, projectionColumns(capture.layout)) : null;
    return { label: capture.label, path: capture.input.path, fileSize, dataOffset, line: capture.line, setup, csvHeader: header };
  } finally {
    closeSync(fd);
  }
}

async function projectInThisThread(capture: CaptureAfterHeader, opts: ProjectionOptions, sink: LineSink, warn: WarningCounter): Promise<number> {
  const label = capture.label;
  const columns = projectionColumns(capture.layout);
  const sep = capture.separator.charCodeAt(0);
  const kernel = createSkipKernel(sep);
  const locator = new RowLocator(rowPlan(columns.indexes), sep, kernel, MAX_DATA_CELL_BYTES);
  const reader = new RowReader(inputReader(capture.input), kernel, capture.pending, capture.skipLF);
  const finder = new RowEndFinder(sep, kernel);
  const projector = new RowProjector(capture.layout, columns, locator, opts.format, capture.separator, { add: (kind, line, message) => warn.add(kind, `${label}:${line}: ${message}`) }, new ByteBuffer(OUTPUT_BYTES), true);
  const out = projector.out;
  const flush = async () => {
    await sink.write(out.take());
    // Written through at once (a file, /dev/null, a pipe with room): its buffer can be filled again.
    if (opts.out.writableLength === 0) out.recycle();
  };
  let line = capture.line;
  try {
    for (;;) {
      if (sink.gone || (opts.limit !== null && projector.samples >= opts.limit)) break;
      if (reader.at >= reader.limit) {
        if (!(await reader.more())) break;
        continue;
      }
      const blank = locator.lineBreaks(reader.buf, reader.at, reader.limit, reader.eof);
      if (blank > 0) {
        reader.at += blank;
        line += locator.lines;
        continue;
      }
      if (locator.locate(reader.buf, reader.at, reader.limit, reader.eof) === ROW_NEEDS_MORE) {
        if (!(await reader.wholeRow(finder))) {
          projector.longRow(line);
          line += reader.skippedLines;
          continue;
        }
        if (locator.locate(reader.buf, reader.at, reader.limit, reader.eof) === ROW_NEEDS_MORE) throw new Error('row locator: a whole row needs more');
      }
      const bound = projector.outputBound(reader.at);
      if (out.length > 0 && bound > out.room) await flush();
      out.ensure(bound);
      reader.at = locator.rowEnd;
      const rowLine = line;
      line += locator.lines;
      projector.row(reader.buf, reader.text, rowLine);
    }
    if (reader.failure) throw reader.failure;
  } catch (err) {
    // The rows before the damage go out first; the line named is the first one that did not.
    if (out.length > 0 && !sink.gone) await flush();
    throw err instanceof InputDataError ? new UserError(`${label}:${line}: ${err.problem}`) : err;
  }
  if (out.length > 0) await flush();
  return projector.samples;
}
