/**
 * Batch output (`-b`, `--json`): samples straight from a source to a stream,
 * as esxtop does with `-b`. Recoverable problems of the source and samples the
 * CSV header cannot hold are reported once on stderr; the rest is written.
 */
import type { Writable } from 'node:stream';
import type { SampleSource } from '../sources/source';
import { describeWarnings } from '../sources/warnings';
import { BatchCsvWriter, type CsvLateArrivals } from './batch-csv';
import { jsonLine } from './json-lines';
import { LineSink } from './line-sink';
import { Pacer } from './pacer';
import { isStop, nextOrStop, stopSignal } from './stop-signal';
import type { CaptureAfterHeader } from '../sources/capture/capture-source';

/** The rows of a capture source that nothing has read from yet. */
function takeCaptureRows(source: SampleSource): CaptureAfterHeader | null {
  const capture = source as SampleSource & { takeAfterHeader?: () => CaptureAfterHeader };
  return source.info.kind === 'capture' && typeof capture.takeAfterHeader === 'function' ? capture.takeAfterHeader() : null;
}

export interface BatchOptions {
  format: 'csv' | 'json';
  limit: number | null;
  out: Writable;
  /** A realtime source (a live host) is asked once every this many seconds, as esxtop -b -d does; one that pushes its samples sets its own pace. */
  delaySeconds?: number;
  /** Where warnings go (stderr by default). */
  err?: Writable;
}

function listSome(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** Writes up to `limit` samples; returns the exit code (0, also when the reader of the output went away). */
export async function writeBatch(source: SampleSource, opts: BatchOptions): Promise<number> {
  const err = opts.err ?? process.stderr;
  // A capture goes out as a projection of its own bytes (faithful to its text, and the fast path).
  const capture = takeCaptureRows(source);
  if (capture) {
    const { writeCaptureProjection } = require('../sources/capture/projection/capture-projection') as typeof import('../sources/capture/projection/capture-projection');
    return writeCaptureProjection(capture, { format: opts.format, limit: opts.limit, out: opts.out, err });
  }
  const sink = new LineSink(opts.out);
  const csv = opts.format === 'csv' ? new BatchCsvWriter() : null;
  const late: CsvLateArrivals = { groups: [], counters: [] };
  let lateGroupsReported = false;
  let lateCountersReported = false;
  // A realtime source runs until -n or Ctrl-C: stop between samples, never inside a line.
  const signal = source.info.realtime ? stopSignal() : null;
  const pacer = source.info.realtime && !source.info.pushes ? new Pacer((opts.delaySeconds ?? 5) * 1000) : null;
  let count = 0;
  try {
    while ((opts.limit === null || count < opts.limit) && !sink.gone) {
      if (pacer) await pacer.wait(signal?.stopped);
      if (signal?.isStopped()) break;
      const s = signal ? await nextOrStop(source.next(), signal) : await source.next();
      if (isStop(s) || !s) break;
      if (csv) {
        if (count === 0) await sink.write(csv.header(s));
        await sink.write(csv.row(s, late));
        // Once, when it first happens (a long or live run may never reach its end).
        if (late.groups.length > 0 && !lateGroupsReported) {
          lateGroupsReported = true;
          err.write(`balloontop: ${source.info.label}: group ${listSome(late.groups)} appeared after the first sample and cannot be added to the CSV header; not written (use --json to keep every group)\n`);
        }
        if (late.counters.length > 0 && !lateCountersReported) {
          lateCountersReported = true;
          err.write(`balloontop: ${source.info.label}: counter ${listSome(late.counters)} appeared after the first sample and cannot be added to the CSV header; not written (use --json to keep it)\n`);
        }
      } else {
        await sink.write(jsonLine(s));
      }
      count++;
    }
    await sink.finish();
  } finally {
    signal?.dispose();
    sink.detach();
  }
  for (const line of describeWarnings(source.warnings())) err.write(`balloontop: ${line}\n`);
  return 0;
}
