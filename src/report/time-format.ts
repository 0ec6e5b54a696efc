/** Times in a report: UTC, with the date only when the report spans more than one day. */
import { format } from 'date-fns/format';
import { UtcDate } from '../timeline/utc-date';

/** `2018-04-24 10:49:12`. */
export function dateTime(ms: number): string {
  return format(new UtcDate(ms), 'yyyy-MM-dd HH:mm:ss');
}

/** `10:49:12`. */
function clockTime(ms: number): string {
  return format(new UtcDate(ms), 'HH:mm:ss');
}

/** The clock alone when `from` and `to` are on the same UTC day, else the date and the clock. */
export function timeFormatFor(from: number, to: number): (ms: number) => string {
  const sameDay = Number.isFinite(from) && Number.isFinite(to) && dateTime(from).slice(0, 10) === dateTime(to).slice(0, 10);
  return sameDay ? clockTime : dateTime;
}

/** ISO 8601 in UTC, as the JSON report writes times. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** `10s`, `4m05s`, `2h03m`, `3d04h`: a duration for people. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86400)}d${String(Math.floor((s % 86400) / 3600)).padStart(2, '0')}h`;
}
