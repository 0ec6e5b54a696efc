/**
 * The VMware balloon driver's statistics: /sys/kernel/debug/vmmemctl from
 * the in-kernel vmw_balloon (drivers/misc/vmw_balloon.c
 * `vmballoon_debug_show`; debugfs, readable by root only), or /proc/vmmemctl
 * from the old out-of-tree vmmemctl module (open-vm-tools
 * modules/linux/vmmemctl, `BalloonProcRead`).
 *
 * Formats seen in those sources:
 * - modern (since the driver's 2018 rewrite): `seq_printf("%-22s: %16lu\n", "target", ...)`
 *   and `"current"`, after `balloon capabilities`, `used capabilities` and
 *   `is resetting` (y/n);
 * - older (Linux 3.x and 4.x, and the out-of-tree module):
 *   `target:             %8d pages` and `current:            %8d pages`.
 *
 * In every version a list of command counters follows, and one of them is
 * called `target` too (`target: 118 (0 failed)`, the GET_TARGET count): the
 * balloon target is the FIRST `target` line, and only a bare number (with an
 * optional `pages`) is a size. Sizes are in 4 KiB pages ("basic page size
 * (frames)"; 2 MB pages count as 512).
 */

export interface VmmemctlReading {
  targetPages: number | null;
  currentPages: number | null;
  /** `is resetting: y`: the driver is re-negotiating with the host (the balloon is popped). */
  resetting: boolean | null;
  format: 'modern' | 'pages';
}

const LINE = /^\s*([A-Za-z][A-Za-z0-9 _-]*?)\s*:\s*(.*?)\s*$/;
const SIZE = /^(\d+)(\s+pages)?$/;

const VMW_PAGE_BYTES = 4096;

export function parseVmmemctl(text: string): VmmemctlReading | { problem: string } {
  let target: RegExpExecArray | null | undefined;
  let current: RegExpExecArray | null | undefined;
  let resetting: boolean | null = null;
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    if (key === 'target' && target === undefined) target = SIZE.exec(m[2]);
    else if (key === 'current' && current === undefined) current = SIZE.exec(m[2]);
    else if (key === 'is resetting' && resetting === null && /^[yn]$/.test(m[2])) resetting = m[2] === 'y';
  }
  if (!current && !target) return { problem: 'no "current:" or "target:" balloon size, not the vmw_balloon statistics' };
  const withPages = !!(current?.[2] ?? target?.[2]);
  return {
    targetPages: target ? Number(target[1]) : null,
    currentPages: current ? Number(current[1]) : null,
    resetting,
    format: withPages ? 'pages' : 'modern',
  };
}

/** 4 KiB pages to MB with two decimals. */
export function pagesToMb(pages: number, pageBytes = VMW_PAGE_BYTES): number {
  return Math.round(((pages * pageBytes) / (1024 * 1024)) * 100) / 100;
}
