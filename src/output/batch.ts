/**
 * Batch output (`-b`, `--json`): samples straight from a source to a stream,
 * as esxtop does with `-b`. Recoverable problems of the source and samples the
 * CSV header cannot hold are reported once on stderr; the rest is written.
 */
import type { Writable } from 'node:stream';
import type { Sample } from '../sample/sample';
import type { SampleSource } from '../sources/source';
import { describeWarnings } from '../sources/warnings';
import { BatchCsvWriter, type CsvLateArrivals } from './batch-csv';
import { GuestCsvWriter } from './guest-csv';
import { jsonLine } from './json-lines';
import { drain, pacingFor } from './drain';
import { LineSink } from './line-sink';
import { tellUser } from '../text/user-message';
import type { CaptureAfterHeader } from '../sources/capture/capture-source';

const DEFAULT_DELAY_SECONDS = 5;

/** The rows of a capture source that nothing has read from yet. */
function takeCaptureRows(source: SampleSource): CaptureAfterHeader | null {
  const capture = source as SampleSource & { takeAfterHeader?: () => CaptureAfterHeader };
  return source.info.kind === 'capture' && typeof capture.takeAfterHeader === 'function' ? capture.takeAfterHeader() : null;
}

/** A CSV writer: the header from the first sample, then one row per sample. */
interface CsvWriter {
  header(first: Sample): string;
  row(s: Sample, late: CsvLateArrivals): string | Uint8Array;
}

interface BatchOptions {
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

/** Writes up to `limit` samples; returns the exit code (0, also when the reader of the output went away or a signal stopped it between samples). */
export async function writeBatch(source: SampleSource, opts: BatchOptions): Promise<number> {
  const err = opts.err ?? process.stderr;
  // A capture goes out as a projection of its own bytes (faithful to its text, and the fast path).
  const capture = takeCaptureRows(source);
  if (capture) {
    const { writeCaptureProjection } = require('../sources/capture/projection/capture-projection') as typeof import('../sources/capture/projection/capture-projection');
    return writeCaptureProjection(capture, { format: opts.format, limit: opts.limit, out: opts.out, err });
  }
  const sink = new LineSink(opts.out);
  // The first sample decides the CSV layout: a guest's own, or esxtop's memory page.
  let csv: CsvWriter | null = null;
  const late: CsvLateArrivals = { groups: [], counters: [] };
  let lateGroupsReported = false;
  let lateCountersReported = false;
  let headerWritten = false;
  const write = async (s: Sample): Promise<boolean> => {
    if (opts.format === 'csv') {
      const writer = (csv ??= s.guest ? new GuestCsvWriter() : new BatchCsvWriter());
      if (!headerWritten) {
        await sink.write(writer.header(s, source.plannedGroups?.() ?? []));
        headerWritten = true;
      }
      await sink.write(writer.row(s, late));
      // Once, when it first happens (a long or live run may never reach its end).
      if (late.groups.length > 0 && !lateGroupsReported) {
        lateGroupsReported = true;
        tellUser(`${source.info.label}: group ${listSome(late.groups)} appeared after the first sample and cannot be added to the CSV header; not written (use --json to keep every group)`, err);
      }
      if (late.counters.length > 0 && !lateCountersReported) {
        lateCountersReported = true;
        tellUser(`${source.info.label}: counter ${listSome(late.counters)} appeared after the first sample and cannot be added to the CSV header; not written (use --json to keep it)`, err);
      }
    } else {
      await sink.write(jsonLine(s));
    }
    return !sink.gone;
  };
  try {
    await drain(source, write, { limit: opts.limit, pacing: pacingFor(source.info, 'file', opts.delaySeconds ?? DEFAULT_DELAY_SECONDS, 1) });
    await sink.finish();
  } finally {
    sink.detach();
  }
  for (const line of describeWarnings(source.warnings())) tellUser(line, err);
  return 0;
}
