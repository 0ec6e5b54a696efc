/**
 * An OOM kill of a guest in words, for the guest page and the report: when
 * it happened (and how sure that time is) and what the balloon held then.
 */
import type { KillBalloon } from '../diagnosis/guest-kills';
import type { OomKill } from '../sample/guest';

function mb(v: number): string {
  return `${Math.round(v).toLocaleString('en-US')} MB`;
}

/** `2026-03-01 08:00:00 UTC`, with how sure it is (`local time`, `year inferred`), or the seconds since boot when no time was found. */
function killTimeWords(k: OomKill, dateTime: (ms: number) => string): string {
  if (k.time === null) return k.uptimeS !== null ? `time unknown (${k.uptimeS} s after boot)` : 'time unknown';
  const note = k.clock === 'local' ? ' (local time)' : k.clock === 'local-year' ? ' (year inferred)' : '';
  return `${dateTime(k.time)} UTC${note}`;
}

/** `balloon then 2,048 MB (sample at 11:59:55)`, `balloon then: not in the data (before the first sample, 12:00:00)`, ... */
function balloonAtKillWords(b: KillBalloon, time: (ms: number) => string): string {
  switch (b.how) {
    case 'sample':
      return `balloon then ${mb(b.mb as number)} (sample at ${time(b.at as number)})`;
    case 'never-inflated':
      return 'balloon then empty (no page ballooned since boot)';
    case 'before-data':
      return `balloon then: not in the data (before the first sample${b.at !== null ? `, ${time(b.at)}` : ''})`;
    case 'unknown':
      return 'balloon then unknown';
  }
}

/** One kill on one line: time, pid, process, the balloon then, and whether a memory cgroup's limit did it. */
export function killWords(k: OomKill, b: KillBalloon | undefined, dateTime: (ms: number) => string, time: (ms: number) => string, safe: (s: string) => string): string {
  const cgroup = k.cgroup ? "; a memory cgroup's limit, not the guest out of memory" : '';
  return `${killTimeWords(k, dateTime)}  pid ${k.pid}  ${safe(k.process)}${b ? `; ${balloonAtKillWords(b, time)}` : ''}${cgroup}`;
}
