/** Time-axis labels of the graph, in UTC like the captures (date-fns, `HH:mm:ss`). */
import { format } from 'date-fns/format';
import { UtcDate } from '../../src/timeline/utc-date';

export function timeLabel(ms: number): string {
  return format(new UtcDate(ms), 'HH:mm:ss');
}

/** Labels for the points' times; equal neighbours (a bucket's min and max) are formatted once. */
export function timeLabels(times: readonly number[]): string[] {
  const out = new Array<string>(times.length);
  for (let i = 0; i < times.length; i++) out[i] = i > 0 && times[i] === times[i - 1] ? out[i - 1] : timeLabel(times[i]);
  return out;
}
