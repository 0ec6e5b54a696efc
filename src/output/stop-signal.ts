/**
 * SIGINT/SIGTERM as a promise, so that a long-running output (a recording, a
 * live host to -b) stops between two samples and ends its file cleanly
 * instead of dying in the middle of a line.
 */
export interface StopSignal {
  /** Resolves with the signal's name when one arrives. */
  stopped: Promise<string>;
  isStopped(): boolean;
  /** Removes the handlers (the default action comes back). */
  dispose(): void;
}

export function stopSignal(): StopSignal {
  let fired: string | null = null;
  let resolveStop!: (s: string) => void;
  const stopped = new Promise<string>((r) => (resolveStop = r));
  const handler = (sig: NodeJS.Signals) => {
    fired = sig;
    resolveStop(sig);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    stopped,
    isStopped: () => fired !== null,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

const STOP: unique symbol = Symbol('stop');

/** The next sample, or STOP when a signal came first (a read cut short never becomes an unhandled rejection). */
export async function nextOrStop<T>(next: Promise<T>, signal: StopSignal): Promise<T | typeof STOP> {
  next.catch(() => {});
  return Promise.race([next, signal.stopped.then((): typeof STOP => STOP)]);
}

export function isStop(x: unknown): x is typeof STOP {
  return x === STOP;
}
