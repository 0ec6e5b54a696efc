/**
 * minFree, the free memory the VMkernel keeps, as a sliding scale of managed
 * memory (checked against a real capture: 8043 MB managed gives 403 MB): 6% of the first 4 GB, 4% of 4 to
 * 12 GB, 2% of 12 to 28 GB, 1% of the rest. 8043 MB managed gives 403 MB.
 */
const BANDS: readonly { upToMB: number; share: number }[] = [
  { upToMB: 4096, share: 0.06 },
  { upToMB: 12288, share: 0.04 },
  { upToMB: 28672, share: 0.02 },
  { upToMB: Infinity, share: 0.01 },
];

export function minFreeMB(managedMB: number): number {
  let rest = Math.max(0, managedMB);
  let from = 0;
  let total = 0;
  for (const band of BANDS) {
    const width = Math.min(rest, band.upToMB - from);
    if (width <= 0) break;
    total += width * band.share;
    rest -= width;
    from = band.upToMB;
  }
  return Math.floor(total);
}

/** Managed memory: machine memory less what the boot and firmware keep (0.5%, as in the real capture: 8083 -> 8043). */
export function managedMB(machineMB: number): number {
  return machineMB - Math.round(machineMB * 0.005);
}
