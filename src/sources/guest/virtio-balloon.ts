/**
 * KVM's virtio_balloon. Mainline kernels have no file with its size: it shows
 * in /proc/meminfo `Balloon:` (Linux 6.15 and later) or can be worked out from
 * /proc/vmstat (balloon_inflate - balloon_deflate, 4 KiB pages). Whether the
 * balloon is taken out of MemTotal depends on the device's deflate-on-OOM
 * feature: drivers/virtio/virtio_balloon.c calls adjust_managed_page_count
 * only without VIRTIO_BALLOON_F_DEFLATE_ON_OOM (bit 2). The device's
 * features file (drivers/virtio/virtio.c `features_show`) prints one 0/1
 * character per feature bit, bit 0 first.
 *
 * OpenVZ/Virtuozzo kernels add /sys/kernel/debug/virtio-balloon with
 * `InflatedTotal: <n> kB` (taken out of MemTotal) and `InflatedFree: <n> kB`
 * (counted as used).
 */

const VIRTIO_BALLOON_F_DEFLATE_ON_OOM = 2;

/** Whether the feature bits (`0110...`) include deflate-on-OOM; null when the text is not a feature string. */
export function hasDeflateOnOom(features: string): boolean | null {
  const bits = features.trim();
  if (!/^[01]+$/.test(bits)) return null;
  return bits[VIRTIO_BALLOON_F_DEFLATE_ON_OOM] === '1';
}

export interface InflatedReading {
  totalKb: number;
  freeKb: number;
}

export function parseInflated(text: string): InflatedReading | { problem: string } {
  const total = /^InflatedTotal:\s*(\d+)\s*kB/m.exec(text);
  const free = /^InflatedFree:\s*(\d+)\s*kB/m.exec(text);
  if (!total && !free) return { problem: 'no "InflatedTotal:" or "InflatedFree:" line' };
  return { totalKb: total ? Number(total[1]) : 0, freeKb: free ? Number(free[1]) : 0 };
}
