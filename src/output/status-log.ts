/**
 * What an unattended consumer of a source that reconnects (`record`, `serve`)
 * says on stderr: the moment the source loses its server, with the reason, and
 * the moment it is back. Only the changes are told, not every retry, so a
 * night-long outage is two lines. The dashboard shows the same on its status
 * line instead.
 */
import type { SampleSource, SourceStatus } from '../sources/source';
import { formatDuration } from '../timeline/time-text';

const LOOK_EVERY_MS = 500;

/** Watches `source.status()` until the returned function is called; `tell` gets one line per change. */
export function logStatusChanges(source: SampleSource, tell: (line: string) => void): () => void {
  if (!source.status) return () => {};
  const status = () => (source.status as () => SourceStatus)();
  let troubleSince: number | null = null;
  let told = '';
  const look = () => {
    const s = status();
    if (s.state === 'reconnecting' || s.state === 'failed') {
      troubleSince ??= Date.now();
      // A new state, or a fatal reason after a passing one; not each retry's new delay.
      const what = `${s.state}: ${s.message.replace(/; retrying in [^;]*$/, '')}`;
      if (what !== told) tell(`${s.state}: ${s.message}`);
      told = what;
    } else if (s.state === 'connected' && troubleSince !== null) {
      tell(`connected again after ${formatDuration(Date.now() - troubleSince)}: ${s.message}`);
      troubleSince = null;
      told = '';
    }
  };
  const timer = setInterval(look, LOOK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
