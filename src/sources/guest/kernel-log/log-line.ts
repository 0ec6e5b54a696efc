/**
 * One line of a kernel log, in any of the forms it is saved in, split into
 * its time stamp and the kernel's message:
 *
 * - /dev/kmsg records: `6,1234,5678901,-;message` (priority, sequence,
 *   microseconds since boot; records from user space, facility other than 0,
 *   are skipped);
 * - `dmesg`: `[ 5678.901234] message` (seconds since boot), `dmesg -r`: `<6>[...]`;
 * - `dmesg -T`: `[Tue Mar  5 10:11:12 2024] message` (local time);
 * - `dmesg --time-format iso`: `2024-03-05T10:11:12,123456+01:00 message`;
 * - syslog files (kern.log, messages, syslog) and `journalctl -k`:
 *   `Mar  5 10:11:12 host kernel: [ 5678.9] message` (local time, no year),
 *   `2024-03-05T10:11:12.123456+01:00 host kernel: message` (rsyslog's
 *   precise format, `journalctl -o short-iso`),
 *   `Tue 2024-03-05 10:11:12 CET host kernel: message` (`-o short-full`).
 *
 * Syslog lines from anything but the kernel are skipped: a program that logs
 * "Killed process" is not the OOM killer.
 */

export type WallClock = 'log' | 'local' | 'local-year';

export interface LogLine {
  /** Wall time the line carries, and how sure it is. */
  wall: { ms: number; clock: WallClock } | null;
  /** Seconds since boot, from a kernel time stamp. */
  uptimeS: number | null;
  message: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(${MONTHS.join('|')})`;
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';

const KMSG = /^(\d+),\d+,(\d+),[^;]*;(.*)$/;
const LEVEL = /^<\d+>/;
const UPTIME = /^\[\s*(\d+\.\d+)\]\s?(.*)$/;
const CTIME = new RegExp(`^\\[${DAY} ${MONTH} +(\\d{1,2}) (\\d\\d):(\\d\\d):(\\d\\d) (\\d{4})\\]\\s?(.*)$`);
const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?(Z|[+-]\d\d:?\d\d)?\s+(.*)$/;
const SYSLOG = new RegExp(`^${MONTH} +(\\d{1,2}) (\\d\\d):(\\d\\d):(\\d\\d)(?:\\.\\d+)? (.*)$`);
const SHORT_FULL = new RegExp(`^${DAY} (\\d{4})-(\\d\\d)-(\\d\\d) (\\d\\d):(\\d\\d):(\\d\\d) [A-Za-z0-9+-]+ (.*)$`);
/** `host tag[pid]: message` after a syslog time stamp. */
const TAGGED = /^(\S+) ([^\s:[]+)(?:\[\d+\])?: ?(.*)$/;

function zoneOffsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone) as RegExpExecArray;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

function fraction(digits: string | undefined): number {
  return digits ? Number(`0.${digits}`) * 1000 : 0;
}

/** A local time (this process's TZ) without a year: the year that puts it no later than the reference (the file's date) plus two days. */
function localWithoutYear(month: number, day: number, h: number, mi: number, s: number, referenceMs: number): number {
  const year = new Date(referenceMs).getFullYear();
  const t = new Date(year, month, day, h, mi, s).getTime();
  return t > referenceMs + 2 * 86_400_000 ? new Date(year - 1, month, day, h, mi, s).getTime() : t;
}

/** The message of a syslog line when the kernel wrote it; null for other programs; undefined when the text is not `host tag: message`. */
function kernelMessage(rest: string): string | null | undefined {
  const m = TAGGED.exec(rest);
  if (!m) return undefined;
  return m[2] === 'kernel' ? m[3] : null;
}

/** A `[ 5678.9]` kernel time stamp at the start of a message. */
function withUptime(wall: LogLine['wall'], message: string): LogLine {
  const u = UPTIME.exec(message);
  return u ? { wall, uptimeS: Number(u[1]), message: u[2] } : { wall, uptimeS: null, message };
}

/** The line's time stamp and message; null when it is a syslog line from another program. */
export function parseLogLine(raw: string, referenceMs: number): LogLine | null {
  const line = raw.replace(LEVEL, '');
  let m = KMSG.exec(line);
  if (m) {
    // Facility 0 is the kernel; records written to /dev/kmsg from user space carry another one.
    if (Number(m[1]) >> 3 !== 0) return null;
    return { wall: null, uptimeS: Number(m[2]) / 1e6, message: m[3] };
  }
  m = UPTIME.exec(line);
  if (m) return { wall: null, uptimeS: Number(m[1]), message: m[2] };
  m = CTIME.exec(line);
  if (m) {
    const ms = new Date(Number(m[6]), MONTHS.indexOf(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])).getTime();
    return { wall: { ms, clock: 'local' }, uptimeS: null, message: m[7] };
  }
  m = ISO.exec(line);
  if (m) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number((m as RegExpExecArray)[i]));
    const frac = fraction(m[7]);
    const wall = m[8]
      ? { ms: Date.UTC(y, mo - 1, d, h, mi, s) + frac - zoneOffsetMinutes(m[8]) * 60_000, clock: 'log' as const }
      : { ms: new Date(y, mo - 1, d, h, mi, s).getTime() + frac, clock: 'local' as const };
    const message = kernelMessage(m[9]);
    if (message === null) return null;
    return withUptime(wall, message ?? m[9]);
  }
  m = SYSLOG.exec(line);
  if (m) {
    const message = kernelMessage(m[6]);
    if (message === null) return null;
    const ms = localWithoutYear(MONTHS.indexOf(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), referenceMs);
    return withUptime({ ms, clock: 'local-year' }, message ?? m[6]);
  }
  m = SHORT_FULL.exec(line);
  if (m) {
    const message = kernelMessage(m[7]);
    if (message === null) return null;
    const ms = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])).getTime();
    return withUptime({ ms, clock: 'local' }, message ?? m[7]);
  }
  return { wall: null, uptimeS: null, message: line };
}
