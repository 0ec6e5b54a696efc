/**
 * /proc/vmstat (mm/vmstat.c `vmstat_text`): `name value` lines. The balloon
 * counters `balloon_inflate`, `balloon_deflate` (CONFIG_MEMORY_BALLOON) and
 * `balloon_migrate` (CONFIG_BALLOON_COMPACTION) count 4 KiB pages put into and
 * taken out of a balloon since boot (mm/balloon_compaction.c); `oom_kill`
 * (Linux 4.13 and later) counts OOM kills since boot.
 */

export type Vmstat = Map<string, number>;

const LINE = /^([a-z][a-z0-9_]*) (\d+)\s*$/;

export function parseVmstat(text: string): Vmstat | { problem: string } {
  const fields: Vmstat = new Map();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m) fields.set(m[1], Number(m[2]));
  }
  if (!fields.has('nr_free_pages')) return { problem: 'no "nr_free_pages" line, not /proc/vmstat' };
  return fields;
}
