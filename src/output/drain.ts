/**
 * The one loop that takes samples from a source and hands them to a sink:
 * batch output (`-b`, `--json`), `record` and `serve` all run it. It owns the
 * pacing rule, `-n`, and stopping on SIGINT/SIGTERM between two samples, so a
 * file is never left with half a line.
 *
 * Pacing:
 * - a source that pushes its samples (a feed taking every sample) sets its
 *   own pace: nothing is added;
 * - a realtime source that is asked (a live host) is asked once every `-d`
 *   seconds, as `esxtop -b -d` does, and never sooner than half of `-d` after
 *   its previous answer (`pacer.ts`);
 * - a recorded or simulated source goes as fast as the sink takes it, except
 *   when it is served to people watching: then its samples are spaced as
 *   their own timestamps say, divided by the speed.
 */
import type { Sample } from '../sample/sample';
import type { SourceInfo, SampleSource } from '../sources/source';
import { Pacer } from './pacer';
import { isStop, nextOrStop, stopSignal, type StopSignal } from './stop-signal';
import { checkedSampleTime } from '../sample/sample-time';

type Pacing =
  | { kind: 'asFast' }
  | { kind: 'every'; ms: number }
  | { kind: 'timestamps'; speed: number };

/** Who reads what the drain produces: a file or pipe (batch, record), or people watching a feed (serve). */
type Audience = 'file' | 'watchers';

export function pacingFor(info: SourceInfo, audience: Audience, delaySeconds: number, speed: number): Pacing {
  if (info.pushes) return { kind: 'asFast' };
  if (info.realtime) return { kind: 'every', ms: delaySeconds * 1000 };
  return audience === 'watchers' ? { kind: 'timestamps', speed } : { kind: 'asFast' };
}

/** Takes a sample; `false` means it wants no more (the reader of a pipe went away). */
type SampleSink = (sample: Sample) => Promise<boolean | void> | boolean | void;

interface DrainOptions {
  /** `-n`: stop after this many samples; null: until the source ends. */
  limit: number | null;
  pacing: Pacing;
  /** A stop to listen to instead of SIGINT/SIGTERM (serve shares one with its server). */
  signal?: StopSignal;
}

export type DrainEnd = 'end' | 'limit' | 'signal' | 'sink';

export interface DrainResult {
  count: number;
  endedBy: DrainEnd;
}

/** Longest stretch without giving signals and timers a turn, while a fast source is drained. */
const YIELD_EVERY_MS = 50;

export async function drain(source: SampleSource, sink: SampleSink, opts: DrainOptions): Promise<DrainResult> {
  const signal = opts.signal ?? stopSignal();
  const pacer = opts.pacing.kind === 'every' ? new Pacer(opts.pacing.ms) : null;
  let previousTime: number | null = null;
  let lastTurn = Date.now();
  let count = 0;
  try {
    for (;;) {
      if (opts.limit !== null && count >= opts.limit) return { count, endedBy: 'limit' };
      if (pacer) await pacer.wait(signal.stopped);
      if (Date.now() - lastTurn > YIELD_EVERY_MS) {
        // A fast source answers from memory for a long time: let a pending signal be handled.
        await new Promise((resolve) => setImmediate(resolve));
        lastTurn = Date.now();
      }
      if (signal.isStopped()) return { count, endedBy: 'signal' };
      const s = await nextOrStop(source.next(), signal);
      pacer?.answered();
      if (isStop(s)) return { count, endedBy: 'signal' };
      if (s === null) return { count, endedBy: 'end' };
      checkedSampleTime(s.time, source.info.label);
      // A realtime source that cannot reach its host answers with its last good sample again: not a new one.
      if (source.info.realtime && s.time === previousTime) continue;
      if (opts.pacing.kind === 'timestamps' && previousTime !== null) {
        const wait = Math.max(0, (s.time - previousTime) / opts.pacing.speed);
        if (wait > 0 && (await sleepOrStop(wait, signal))) return { count, endedBy: 'signal' };
      }
      previousTime = s.time;
      const wanted = await sink(s);
      count++;
      if (wanted === false) return { count, endedBy: 'sink' };
    }
  } finally {
    if (!opts.signal) signal.dispose();
  }
}

/** Sleeps `ms`, or less when a stop comes first; true when it was stopped. */
async function sleepOrStop(ms: number, signal: StopSignal): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const slept = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([slept, signal.stopped.then(() => true)]);
  } finally {
    clearTimeout(timer);
  }
}
