/**
 * Hyper-V's balloon: /sys/kernel/debug/hv-balloon (drivers/hv/hv_balloon.c
 * `hv_balloon_debug_show`, added in Linux 6.0; debugfs, root only). Lines
 * `%-22s: value`: `host_version`, `capabilities`, `state : 1 (Initialized)`
 * (or `Balloon Up`, `Balloon Down`, `Hot Add`), `page_size`, `pages_added`,
 * `pages_onlined`, `pages_ballooned`, `total_pages_committed` (first spelled
 * `total_pages_commited`), `max_dynamic_page_count`. The driver takes
 * ballooned pages out of MemTotal (adjust_managed_page_count).
 */

export interface HvBalloonReading {
  pagesBallooned: number;
  pageBytes: number;
  /** The state name in parentheses (`Balloon Up`), or null. */
  state: string | null;
}

const LINE = /^\s*([a-z_]+)\s*:\s*(.*?)\s*$/;

export function parseHvBalloon(text: string): HvBalloonReading | { problem: string } {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m && !fields.has(m[1])) fields.set(m[1], m[2]);
  }
  // `pages_ballooned_out` in OpenVZ kernels' variant of this file.
  const pages = fields.get('pages_ballooned') ?? fields.get('pages_ballooned_out');
  if (pages === undefined || !/^\d+$/.test(pages)) return { problem: 'no "pages_ballooned" count, not the hv_balloon statistics' };
  const size = fields.get('page_size');
  const state = /\(([^)]+)\)/.exec(fields.get('state') ?? '');
  return {
    pagesBallooned: Number(pages),
    pageBytes: size && /^\d+$/.test(size) && Number(size) > 0 ? Number(size) : 4096,
    state: state ? state[1] : null,
  };
}
