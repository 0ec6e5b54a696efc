/**
 * What the user types after `J`: a clock time on the current sample's day
 * (`10:49:17`), a full time (`04/24/2018 10:49:17`, as the capture writes it,
 * or ISO `2018-04-24T10:49:17Z`), or an offset from the current sample
 * (`+5m`, `-30s`, `+1h`, `+90`). Times are UTC, like the capture.
 */
import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';
import { EARLIEST_SAMPLE_TIME, END_OF_SAMPLE_TIME, sampleTime } from '../sample/sample-time';
import { UtcDate } from './utc-date';

type JumpResult = { time: number } | { problem: string };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const FORMATS = ['MM/dd/yyyy HH:mm:ss', 'MM/dd/yyyy HH:mm', 'M/d/yyyy HH:mm:ss', 'M/d/yyyy H:mm', "yyyy-MM-dd'T'HH:mm:ssX", "yyyy-MM-dd'T'HH:mm:ss", 'yyyy-MM-dd HH:mm:ss', 'HH:mm:ss', 'HH:mm', 'H:mm:ss', 'H:mm'];

export function parseJumpTarget(text: string, currentTime: number): JumpResult {
  const t = text.trim();
  if (t === '') return { problem: 'no time given (try 10:49:17, 04/24/2018 10:49:17, +5m or -30s)' };
  const rel = /^([+-])\s*(\d+(?:\.\d+)?)\s*([smhd]?)$/i.exec(t);
  if (rel) {
    const ms = Number(rel[2]) * UNIT_MS[(rel[3] || 's').toLowerCase()];
    // Any offset past the ends of what a sample can hold lands there (the jump then goes to the first or last sample).
    const time = Math.min(END_OF_SAMPLE_TIME, Math.max(EARLIEST_SAMPLE_TIME, currentTime + (rel[1] === '-' ? -ms : ms)));
    return Number.isFinite(time) ? { time } : { problem: `cannot read ${JSON.stringify(t.slice(0, 40))} as an offset` };
  }
  const ref = new UtcDate(currentTime);
  for (const f of FORMATS) {
    if (t.length < 4) break;
    const d = parse(t, f, ref);
    if (isValid(d)) return sampleTime(d.getTime()) !== null ? { time: d.getTime() } : { problem: `${JSON.stringify(t.slice(0, 40))} is not a time between 1990 and 2100` };
  }
  return { problem: `cannot read ${JSON.stringify(t.slice(0, 40))} as a time (try 10:49:17, 04/24/2018 10:49:17, +5m or -30s)` };
}
