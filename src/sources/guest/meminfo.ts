/**
 * /proc/meminfo (fs/proc/meminfo.c `meminfo_proc_show`): `Name:   <n> kB`
 * lines, a few without a unit (`HugePages_Total:  0`). Memory held by
 * vmw_balloon still counts in MemTotal and shows as used; virtio_balloon
 * without deflate-on-OOM and hv_balloon take it out of MemTotal instead.
 * Kernels since 2025 (Linux 6.15) print `Balloon: <n> kB` for every balloon
 * driver (NR_BALLOON_PAGES).
 */

export type Meminfo = Map<string, number>;

const LINE = /^([A-Za-z][A-Za-z0-9_()]*):\s+(\d+)(?:\s+kB)?\s*$/;

/** Every `Name: value` (kB for sizes), or why the text is not /proc/meminfo. */
export function parseMeminfo(text: string): Meminfo | { problem: string } {
  const fields: Meminfo = new Map();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m && !fields.has(m[1])) fields.set(m[1], Number(m[2]));
  }
  if (!fields.has('MemTotal')) return { problem: 'no "MemTotal:" line, not /proc/meminfo' };
  return fields;
}

/** kB to MB with two decimals, as esxtop prints MB. */
export function kbToMb(kb: number): number {
  return Math.round((kb / 1024) * 100) / 100;
}
