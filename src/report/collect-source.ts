/**
 * Reads a source into a report collector: every sample (or the first `limit`),
 * a realtime source paced by the delay as record does; SIGINT/SIGTERM stop the
 * reading between two samples and the report covers what was read. When the
 * source fails part way, the samples before the failure are kept and the
 * failure is returned with them.
 */
import { UserError } from '../errors';
import { Pacer } from '../output/pacer';
import { isStop, nextOrStop, stopSignal } from '../output/stop-signal';
import type { SampleSource } from '../sources/source';
import { ReportCollector } from './collector';
import { checkedSampleTime } from '../sample/sample-time';

interface CollectOptions {
  /** Stop after this many samples; null: until the source ends (or a signal). */
  limit: number | null;
  /** A realtime source is asked once every this many seconds. */
  delaySeconds: number;
}

/** Longest stretch without giving signals a chance, while a fast source is read. */
const YIELD_EVERY_MS = 50;

export async function collectReport(source: SampleSource, opts: CollectOptions): Promise<{ collector: ReportCollector; failure: UserError | null }> {
  const collector = new ReportCollector();
  const signal = stopSignal();
  const pacer = source.info.realtime && !source.info.pushes ? new Pacer(opts.delaySeconds * 1000) : null;
  let lastTurn = Date.now();
  let failure: UserError | null = null;
  try {
    while (opts.limit === null || collector.samples < opts.limit) {
      if (pacer) await pacer.wait(signal.stopped);
      if (Date.now() - lastTurn > YIELD_EVERY_MS) {
        await new Promise((r) => setImmediate(r));
        lastTurn = Date.now();
      }
      if (signal.isStopped()) break;
      const s = await nextOrStop(source.next(), signal);
      pacer?.answered();
      if (isStop(s) || s === null) break;
      checkedSampleTime(s.time, source.info.label);
      collector.push(s);
    }
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    failure = err;
  } finally {
    signal.dispose();
  }
  return { collector, failure };
}
