/**
 * Batch output (`-b`, `--json`): samples straight from a source to a stream,
 * as esxtop does with `-b`. Recoverable problems of the source and samples the
 * CSV header cannot hold are reported once on stderr; the rest is written.
 */
import type { Writable } from 'node:stream';
import type { Sample } from '../sample/sample';
import type { SampleSource } from '../sources/source';

const DEFAULT_DELAY_SECONDS = 5;
import { describeWarnings } from '../sources/warnings';
import { BatchCsvWriter, type CsvLateArrivals } from './batch-csv';
import { GuestCsvWriter } from './guest-csv';
import { jsonLine } from './json-lines';
import { drain, pacingFor } from './drain';
import { LineSink } from './line-sink';

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
  const sink = new LineSink(opts.out);
  // The first sample decides the CSV layout: a guest's own, or esxtop's memory page.
  let csv: Pick<BatchCsvWriter, 'header' | 'row'> | null = null;
  const late: CsvLateArrivals = { groups: [], counters: [] };
  let lateGroupsReported = false;
  let lateCountersReported = false;
  const write = async (s: Sample): Promise<boolean> => {
    if (opts.format === 'csv') {
      if (!csv) {
        csv = s.guest ? new GuestCsvWriter() : new BatchCsvWriter();
        await sink.write(csv.header(s, source.plannedGroups?.() ?? []));
      }
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
    return !sink.gone;
  };
  try {
    await drain(source, write, { limit: opts.limit, pacing: pacingFor(source.info, 'file', opts.delaySeconds ?? DEFAULT_DELAY_SECONDS, 1) });
    await sink.finish();
  } finally {
    sink.detach();
  }
  for (const line of describeWarnings(source.warnings())) err.write(`balloontop: ${line}\n`);
  return 0;
}
