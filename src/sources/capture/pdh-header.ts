/**
 * Parses the header of an esxtop batch capture (Windows perfmon "PDH" CSV):
 * `"(PDH-CSV 4.0) (UTC)(0)"` then `\\<host>\<Object>(<instance>)\<Counter>`.
 * The object is split on the first `(` and the last `)`, because instances
 * hold spaces, colons, commas and parentheses.
 */

export interface CounterPath {
  host: string;
  object: string;
  instance: string | null;
  counter: string;
}

/** `\\host\Object(inst)\Counter` to its parts, or null when the cell is not a counter path. */
export function parseCounterPath(cell: string): CounterPath | null {
  if (!cell.startsWith('\\\\')) return null;
  const hostEnd = cell.indexOf('\\', 2);
  if (hostEnd < 0) return null;
  const counterSep = cell.lastIndexOf('\\');
  if (counterSep <= hostEnd) return null;
  const host = cell.slice(2, hostEnd);
  const objectToken = cell.slice(hostEnd + 1, counterSep);
  const counter = cell.slice(counterSep + 1);
  const open = objectToken.indexOf('(');
  const close = objectToken.lastIndexOf(')');
  if (open > 0 && close > open) {
    return { host, object: objectToken.slice(0, open), instance: objectToken.slice(open + 1, close), counter };
  }
  return { host, object: objectToken, instance: null, counter };
}

/** The time-zone bias in minutes from the first header cell (`(UTC)(0)`), or null when it is not a PDH header. */
export function parsePdhFirstCell(cell: string): { biasMinutes: number } | null {
  const m = /^\(PDH-CSV [0-9.]+\)\s*\(([^)]*)\)\s*\((-?\d+)\)\s*$/.exec(cell.trim());
  if (m) return { biasMinutes: Number(m[2]) };
  if (/^\(PDH-CSV [0-9.]+\)/.test(cell.trim())) return { biasMinutes: 0 };
  return null;
}

/**
 * A capture timestamp to milliseconds since the epoch (UTC plus the header's
 * bias). Accepts `MM/dd/yyyy HH:mm:ss` as esxtop writes it and `M/d/yyyy H:mm`
 * as spreadsheets re-save it, with optional milliseconds. Null when the text
 * is not such a time or the date is absurd (not a real day, or outside 1990..2100).
 */
export function parseCaptureTime(text: string, biasMinutes = 0): number | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?\s*$/.exec(text);
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const year = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] ? Number(m[6]) : 0;
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(t).getUTCDate() !== day) return null; // 02/30 and the like
  return t + biasMinutes * 60_000;
}
