/**
 * SIGINT/SIGTERM as a promise, so that a long-running output (a recording, a
 * live host to -b) stops between two samples and ends its file cleanly
 * instead of dying in the middle of a line.
 */
import { errorText } from '../errors';
export interface StopSignal {
  /** Resolves with the signal's name when one arrives. */
  stopped: Promise<string>;
  isStopped(): boolean;
  /** Calls `listener` when a signal arrives; returns the function that removes it. */
  onStop(listener: () => void): () => void;
  /** Removes the handlers (the default action comes back). */
  dispose(): void;
}

export function stopSignal(): StopSignal {
  let fired: string | null = null;
  let resolveStop!: (s: string) => void;
  const stopped = new Promise<string>((r) => (resolveStop = r));
  const listeners = new Set<() => void>();
  const handler = (sig: NodeJS.Signals) => {
    fired = sig;
    resolveStop(sig);
    for (const l of listeners) l();
    listeners.clear();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    stopped,
    isStopped: () => fired !== null,
    onStop: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

const STOP: unique symbol = Symbol('stop');

/**
 * The next sample, or STOP when a signal came first (a read cut short never
 * becomes an unhandled rejection). Nothing stays attached to the signal once
 * the sample is there: a race against the long-lived `stopped` promise would
 * keep every sample of a long run reachable from it.
 */
export function nextOrStop<T>(next: Promise<T>, signal: StopSignal): Promise<T | typeof STOP> {
  next.catch(() => {});
  if (signal.isStopped()) return Promise.resolve(STOP);
  return new Promise((resolve, reject) => {
    const off = signal.onStop(() => resolve(STOP));
    next.then(
      (v) => {
        off();
        resolve(v);
      },
      (err: unknown) => {
        off();
        reject(err instanceof Error ? err : new Error(errorText(err)));
      },
    );
  });
}

export function isStop(x: unknown): x is typeof STOP {
  return x === STOP;
}
