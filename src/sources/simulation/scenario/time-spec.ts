/** Scenario times: seconds as a number, or `"90s"`, `"2m"`, `"1h"`, `"1:30"`, `"1:02:03"`, at most a year; and back to `m:ss`. */
export function parseTimeSpec(v: unknown): number | null {
  const t = timeSpecSeconds(v);
  return t !== null && t <= MAX_SCENARIO_SECONDS ? t : null;
}

/** A lesson lasts hours; a year is far beyond any, and keeps every simulated time well inside what a sample can hold. */
export const MAX_SCENARIO_SECONDS = 366 * 86_400;

function timeSpecSeconds(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  if (typeof v !== 'string' || v.length > 40) return null;
  const s = v.trim();
  let m = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/.exec(s);
  if (m) return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
  m = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(s);
  if (m) {
    const mins = Number(m[2]);
    const secs = Number(m[3]);
    if (secs >= 60 || (m[1] !== undefined && mins >= 60)) return null;
    return Number(m[1] ?? 0) * 3600 + mins * 60 + secs;
  }
  return null;
}

/** Seconds into a lesson as `m:ss` (`h:mm:ss` from an hour). */
export function formatLessonTime(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
