/**
 * The guest's side of ballooning: every value `balloontop guest` reads from
 * inside a Linux VM, described once. Batch output (`-b`, `--json`), the
 * recording format and the guest page read this list; nothing else lists
 * guest fields.
 *
 * Numbers are `number | null` in `GuestSection.values` (null = missing, with
 * the reason in `GuestSection.missing`); the texts (driver, states) are
 * separate fields of `GuestSection`.
 */

type GuestUnit = 'MB' | '%' | 'pages' | 'count';

interface GuestField {
  /** Key in `GuestSection.values`, in `--json` and in recordings. */
  id: string;
  /** Short label for the screen. */
  label: string;
  unit: GuestUnit;
  /** Counter name in `-b` CSV, after `\\<guest>\Guest Memory\`. */
  batchCounter: string;
  description: string;
}

export const GUEST_FIELDS = [
  { id: 'balloonMB', label: 'balloon', unit: 'MB', batchCounter: 'Balloon MBytes', description: 'Memory the balloon driver holds: taken from the guest and handed back to the host' },
  { id: 'targetMB', label: 'target', unit: 'MB', batchCounter: 'Balloon Target MBytes', description: 'Balloon size the host asks for; above the balloon it inflates, below it deflates' },
  { id: 'guestMemoryMB', label: 'guest memory', unit: 'MB', batchCounter: 'Guest Memory MBytes', description: 'Memory of the guest counting the balloon: MemTotal, plus the balloon when the driver takes it out of MemTotal (virtio without deflate-on-OOM, hv_balloon)' },
  { id: 'balloonPct', label: 'balloon %', unit: '%', batchCounter: 'Balloon % of Guest Memory', description: 'The balloon as a share of the guest memory' },
  { id: 'targetPct', label: 'target %', unit: '%', batchCounter: 'Balloon Target % of Guest Memory', description: 'The target as a share of the guest memory' },
  { id: 'balloonMaxMB', label: 'max', unit: 'MB', batchCounter: 'Balloon Max MBytes', description: 'Most a VMware balloon may take by default: 65% of the guest memory (Mem.CtlMaxPercent; sched.mem.maxmemctl can set less)' },
  { id: 'memTotalMB', label: 'MemTotal', unit: 'MB', batchCounter: 'MemTotal MBytes', description: 'MemTotal in /proc/meminfo: the memory the guest kernel manages' },
  { id: 'memFreeMB', label: 'MemFree', unit: 'MB', batchCounter: 'MemFree MBytes', description: 'MemFree in /proc/meminfo' },
  { id: 'memAvailableMB', label: 'MemAvailable', unit: 'MB', batchCounter: 'MemAvailable MBytes', description: 'MemAvailable in /proc/meminfo: what can be allocated without swapping (Linux 3.14 and later)' },
  { id: 'swapTotalMB', label: 'swap', unit: 'MB', batchCounter: 'Swap Total MBytes', description: 'SwapTotal in /proc/meminfo: swap space inside the guest' },
  { id: 'swapUsedMB', label: 'swap used', unit: 'MB', batchCounter: 'Swap Used MBytes', description: 'SwapTotal - SwapFree: guest memory paged out by the guest itself (the host cannot see it)' },
  { id: 'limitMB', label: 'limit', unit: 'MB', batchCounter: 'Limit MBytes', description: 'Memory limit the host has set on this VM (vmware-toolbox-cmd stat memlimit); -1 = no limit, as AMAX' },
  { id: 'reservationMB', label: 'reservation', unit: 'MB', batchCounter: 'Reservation MBytes', description: 'Memory reservation the host has set on this VM (vmware-toolbox-cmd stat memres): never reclaimed' },
  { id: 'hostSwappedMB', label: 'host swapped', unit: 'MB', batchCounter: 'Host Swapped MBytes', description: 'Memory of this VM swapped out by the hypervisor (vmware-toolbox-cmd stat swap): SWCUR seen from inside' },
  { id: 'toolsBalloonMB', label: 'Tools balloon', unit: 'MB', batchCounter: 'Tools Balloon MBytes', description: 'The balloon as the host counts it (vmware-toolbox-cmd stat balloon): MCTLSZ seen from inside' },
  { id: 'balloonInflatePages', label: 'inflated', unit: 'pages', batchCounter: 'Balloon Inflate Pages', description: 'balloon_inflate in /proc/vmstat: 4 KiB pages put in a balloon since boot' },
  { id: 'balloonDeflatePages', label: 'deflated', unit: 'pages', batchCounter: 'Balloon Deflate Pages', description: 'balloon_deflate in /proc/vmstat: 4 KiB pages taken out of a balloon since boot' },
  { id: 'balloonMigratePages', label: 'migrated', unit: 'pages', batchCounter: 'Balloon Migrate Pages', description: 'balloon_migrate in /proc/vmstat: balloon pages moved by compaction since boot' },
  { id: 'oomKillsSinceBoot', label: 'OOM kills', unit: 'count', batchCounter: 'OOM Kills Since Boot', description: 'oom_kill in /proc/vmstat: processes the OOM killer ended since boot (Linux 4.13 and later)' },
] as const satisfies readonly GuestField[];

export type GuestFieldId = (typeof GUEST_FIELDS)[number]['id'];

export const GUEST_FIELD_IDS: readonly GuestFieldId[] = GUEST_FIELDS.map((f) => f.id);

/** The texts of a guest sample, in the order batch output writes them. */
export const GUEST_TEXT_FIELDS = [
  { id: 'driver', label: 'driver', batchCounter: 'Balloon Driver', description: 'The balloon driver: vmw_balloon (VMware), virtio_balloon (KVM), hv_balloon (Hyper-V)' },
  { id: 'driverStatus', label: 'driver status', batchCounter: 'Driver Status', description: 'active (its balloon is read), loaded (present, its figures unreadable) or not loaded' },
  { id: 'balloonState', label: 'balloon', batchCounter: 'Balloon State', description: 'inflating, deflating or steady (the balloon against its target), resetting, or empty' },
  { id: 'hypervisor', label: 'hypervisor', batchCounter: 'Hypervisor', description: 'The hypervisor the guest runs on, from the firmware (DMI) strings' },
] as const;

const known = new Set<string>(GUEST_FIELD_IDS);

export function isGuestFieldId(id: string): id is GuestFieldId {
  return known.has(id);
}

/** A values record with every guest field missing. */
export function emptyGuestValues(): Record<GuestFieldId, number | null> {
  const values = {} as Record<GuestFieldId, number | null>;
  for (const id of GUEST_FIELD_IDS) values[id] = null;
  return values;
}
