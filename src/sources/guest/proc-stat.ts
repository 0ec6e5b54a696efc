/**
 * The boot time, to turn the kernel log's seconds-since-boot into wall time:
 * `btime <seconds since the epoch>` in /proc/stat (fs/proc/stat.c).
 */

export function parseBootTime(procStat: string): number | null {
  const m = /^btime (\d+)\s*$/m.exec(procStat);
  return m ? Number(m[1]) * 1000 : null;
}

/** The first number of /proc/uptime: seconds since boot. */
export function parseUptime(procUptime: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s/.exec(procUptime);
  return m ? Number(m[1]) : null;
}
