/**
 * OOM kills in a kernel log (mm/oom_kill.c `__oom_kill_process`, and
 * `oom_kill_process` before it). The line that names the victim has kept its
 * core across kernel versions:
 *
 * - since Linux 4.19: `Out of memory: Killed process 1234 (java) total-vm:...kB, anon-rss:...`
 *   (`Memory cgroup out of memory: Killed process ...` for a cgroup's limit,
 *   `Out of memory (oom_kill_allocating_task): Killed process ...`);
 * - 3.x and 4.x: `Killed process 1234 (java) total-vm:...`, after
 *   `Out of memory: Kill process 1234 (java) score 901 or sacrifice child`
 *   (or `Memory cgroup out of memory: Kill process ...`);
 * - 2.6: `Killed process 1234 (java) vsz:...kB, ...` or `Killed process 1234 (java)`.
 *
 * So a kill is a kernel line with `Killed process <pid> (<comm>)`; whether a
 * cgroup's limit caused it comes from the prefix of that line, or of the
 * `Kill process` line before it. `oom_reaper: reaped process ...` is not a
 * kill of its own.
 */
import { parseLogLine, type LogLine } from './log-line';

export interface LoggedKill {
  pid: number;
  process: string;
  cgroup: boolean;
  wall: LogLine['wall'];
  uptimeS: number | null;
}

/** `comm` is at most 15 bytes, but may hold spaces and parentheses: the known fields after it mark its end. */
const KILLED_WITH_STATS = /^(?:(.*?): )?Killed process (\d+) \((.*)\) (?:total-vm|vsz):/;
const KILLED = /^(?:(.*?): )?Killed process (\d+) \((.+?)\)(?=[\s,]|$)/;
const KILL_WORDS = /Kill(?:ed)? process \d/;
const KILL_INTENT = /^(.*?out of memory.*?): Kill process (\d+) \(/i;

/** A process name fit for a terminal: no control characters, at most 64 characters. */
function cleanProcessName(name: string): string {
  return name.replace(/[\x00-\x1f\x7f-\x9f]/g, '?').slice(0, 64);
}

/** Every OOM kill in `text`, in file order. `referenceMs` dates syslog lines without a year (the file's date). */
export function findOomKills(text: string, referenceMs: number): LoggedKill[] {
  const kills: LoggedKill[] = [];
  const cgroupIntent = new Map<number, boolean>();
  let from = 0;
  while (from < text.length) {
    // Only lines naming a kill are parsed in full; a log is mostly other lines.
    const at = text.indexOf(' process ', from);
    if (at < 0) break;
    const start = text.lastIndexOf('\n', at) + 1;
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    from = end + 1;
    if (!KILL_WORDS.test(text.slice(start, end))) continue;
    const line = parseLogLine(text.slice(start, end).replace(/\r$/, ''), referenceMs);
    if (!line) continue;
    const intent = KILL_INTENT.exec(line.message);
    if (intent) {
      cgroupIntent.set(Number(intent[2]), /cgroup/i.test(intent[1]));
      continue;
    }
    const m = KILLED_WITH_STATS.exec(line.message) ?? KILLED.exec(line.message);
    if (!m) continue;
    const pid = Number(m[2]);
    const cgroup = m[1] !== undefined ? /cgroup/i.test(m[1]) : (cgroupIntent.get(pid) ?? false);
    kills.push({ pid, process: cleanProcessName(m[3]), cgroup, wall: line.wall, uptimeS: line.uptimeS });
  }
  return kills;
}
