/**
 * OOM kills from whatever kernel log can be read: on a live guest /dev/kmsg,
 * else the syslog files; under --root the saved logs (a saved `dmesg`, an sos
 * report's dmesg and journal, /var/log files). A kill seen in two logs (kern.log
 * and dmesg) is listed once. Files are read from their end (the last 8 MiB)
 * and parsed again only when they change.
 */
import { readdirSync, statSync } from 'node:fs';
import type { OomClock, OomKill } from '../../../sample/guest';
import { fileStamp, isFailure, readTail } from '../bounded-read';
import type { GuestRoot } from '../guest-root';
import { KmsgReader } from './kmsg';
import { findOomKills, type LoggedKill } from './oom-kills';

/**
 * Saved kernel logs under --root, by directory and file name: a saved
 * `dmesg` (or `journalctl -k`) at the top, the syslog files of /var/log and
 * their first rotation, an sos report's dmesg and journal dumps. Compressed
 * rotations (.gz) are not read.
 */
const SAVED_LOGS: readonly { dir: string; name: RegExp }[] = [
  { dir: '', name: /^(dmesg|kern|kernel|journal)[\w.-]*$/ },
  { dir: 'var/log', name: /^(dmesg|kern\.log|messages|syslog)(\.1|-\d{8})?$/ },
  { dir: 'sos_commands/kernel', name: /^dmesg/ },
  { dir: 'sos_commands/logs', name: /^journalctl_/ },
];
/** Logs read under --root at most. */
const MAX_SAVED_LOGS = 24;
/** Syslog files on a live guest, when /dev/kmsg cannot be read. */
const LIVE_LOGS = ['var/log/kern.log', 'var/log/messages', 'var/log/syslog'] as const;

const TAIL_BYTES = 8 * 1024 * 1024;
/** Kills listed per sample at most (the newest). */
const MAX_LISTED_KILLS = 100;

interface KernelLogResult {
  /** Kills found, oldest first; null when no log could be read. */
  kills: OomKill[] | null;
  /** Why there is no list, or null. */
  problem: string | null;
  /** Files (or /dev/kmsg) read. */
  read: string[];
  /** One line per log that exists but could not be read. */
  unreadable: string[];
  /** Logs of which only the end was read. */
  cut: string[];
}

const CLOCK_RANK: Record<OomClock, number> = { boot: 3, log: 3, local: 2, 'local-year': 1, none: 0 };
const SAME_KILL_WINDOW_MS = 15 * 3600_000; // a local time read in the wrong zone is at most 14 h off

function withTime(k: LoggedKill, bootMs: number | null): OomKill {
  const base = { pid: k.pid, process: k.process, uptimeS: k.uptimeS, cgroup: k.cgroup };
  if (k.wall) return { ...base, time: Math.round(k.wall.ms), clock: k.wall.clock };
  if (k.uptimeS !== null && bootMs !== null) return { ...base, time: Math.round(bootMs + k.uptimeS * 1000), clock: 'boot' };
  return { ...base, time: null, clock: 'none' };
}

function sameKill(a: OomKill, b: OomKill): boolean {
  if (a.pid !== b.pid || a.process !== b.process) return false;
  if (a.uptimeS !== null && b.uptimeS !== null) return Math.abs(a.uptimeS - b.uptimeS) < 2;
  if (a.time !== null && b.time !== null) return Math.abs(a.time - b.time) < SAME_KILL_WINDOW_MS;
  return true;
}

/** One list, each kill once, with the surest time any log gave it; oldest first, at most MAX_LISTED_KILLS. */
export function mergeKills(lists: OomKill[][]): OomKill[] {
  const out: OomKill[] = [];
  for (const list of lists) {
    for (const k of list) {
      const i = out.findIndex((o) => sameKill(o, k));
      if (i < 0) {
        out.push({ ...k });
        continue;
      }
      const o = out[i];
      const better = CLOCK_RANK[k.clock] > CLOCK_RANK[o.clock] ? k : o;
      out[i] = { ...better, uptimeS: o.uptimeS ?? k.uptimeS, cgroup: o.cgroup || k.cgroup };
    }
  }
  const order = out.map((k, i) => ({ k, i }));
  order.sort((a, b) => (a.k.time ?? -Infinity) - (b.k.time ?? -Infinity) || a.i - b.i);
  return order.slice(-MAX_LISTED_KILLS).map((x) => x.k);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export class KernelLog {
  private readonly cache = new Map<string, { stamp: string; kills: LoggedKill[] }>();
  private kmsg: KmsgReader | null = null;
  private kmsgProblem: string | null = null;

  constructor(private readonly root: GuestRoot) {
    if (root.live) {
      const k = new KmsgReader();
      this.kmsgProblem = k.open();
      if (this.kmsgProblem === null) this.kmsg = k;
    }
  }

  private candidates(): string[] {
    if (this.root.live) return [...LIVE_LOGS];
    const list: string[] = [];
    for (const { dir, name } of SAVED_LOGS) {
      let names: string[] = [];
      try {
        names = readdirSync(this.root.path(dir || '.')).sort();
      } catch {
        continue; // no such directory
      }
      for (const n of names) {
        const rel = dir ? `${dir}/${n}` : n;
        if (name.test(n) && !n.endsWith('.gz') && !isDirectory(this.root.path(rel))) list.push(rel);
      }
    }
    return list.slice(0, MAX_SAVED_LOGS);
  }

  read(bootMs: number | null): KernelLogResult {
    if (this.kmsg) {
      const kills = mergeKills([this.kmsg.poll().map((k) => withTime(k, bootMs))]);
      return { kills, problem: null, read: ['/dev/kmsg'], unreadable: [], cut: [] };
    }
    const result: KernelLogResult = { kills: null, problem: null, read: [], unreadable: [], cut: [] };
    const lists: OomKill[][] = [];
    for (const rel of this.candidates()) {
      const path = this.root.path(rel);
      const stamp = fileStamp(path);
      const cached = stamp === null ? undefined : this.cache.get(rel);
      let kills: LoggedKill[];
      if (cached && cached.stamp === stamp) kills = cached.kills;
      else {
        const r = readTail(path, TAIL_BYTES);
        if (isFailure(r)) {
          this.cache.delete(rel);
          if (r.failure !== 'absent') result.unreadable.push(`${this.root.show(rel)}: ${r.reason}`);
          continue;
        }
        if (r.cut) result.cut.push(this.root.show(rel));
        kills = findOomKills(r.text, r.mtimeMs);
        if (stamp !== null) this.cache.set(rel, { stamp, kills });
      }
      result.read.push(this.root.show(rel));
      lists.push(kills.map((k) => withTime(k, bootMs)));
    }
    if (result.read.length > 0) result.kills = mergeKills(lists);
    else result.problem = this.noLogReason(result.unreadable);
    return result;
  }

  private noLogReason(unreadable: string[]): string {
    const found = unreadable.length > 0 ? `; ${unreadable.join('; ')}` : '';
    if (this.root.live) {
      return `no readable kernel log: ${this.kmsgProblem ?? '/dev/kmsg cannot be read'}${found || `; no ${LIVE_LOGS.map((l) => `/${l}`).join(', ')}`}`;
    }
    return `no kernel log under ${this.root.dir} (save "dmesg" output as ${this.root.show('dmesg.txt')}, or copy /var/log/kern.log or /var/log/messages)${found}`;
  }

  close(): void {
    this.kmsg?.close();
  }
}
