/**
 * What a Linux guest shows of ballooning from inside: the `guest` section of
 * a `Sample` from `balloontop guest`. Values are `number | null`; a null value
 * has its reason (and how to get it) in `missing`, never a made-up 0.
 */
import type { GuestFieldId } from '../fields/guest-fields';
import type { Value } from './sample';

export type BalloonDriver = 'vmw_balloon' | 'virtio_balloon' | 'hv_balloon';
export type DriverStatus = 'active' | 'loaded' | 'not loaded';
export type BalloonState = 'inflating' | 'deflating' | 'steady' | 'resetting' | 'empty';

/**
 * How an OOM kill's time was found:
 * - `boot`: kernel timestamp (seconds since boot) plus the boot time (/proc/stat btime);
 * - `log`: the log line's own date with its time zone offset;
 * - `local`: the log line's date without a zone, read in this machine's time zone (TZ);
 * - `local-year`: as `local`, and the line had no year: the year was inferred from the file's date;
 * - `none`: no time could be found (time is null).
 */
export type OomClock = 'boot' | 'log' | 'local' | 'local-year' | 'none';

export interface OomKill {
  /** Milliseconds since the epoch, UTC; null when unknown. */
  time: number | null;
  pid: number;
  process: string;
  /** Seconds since boot from the kernel timestamp, when the line had one. */
  uptimeS: number | null;
  /** Killed for a memory cgroup's limit, not because the guest ran out of memory. */
  cgroup: boolean;
  clock: OomClock;
}

/** Keys of `missing` that are not numeric fields. */
export type GuestTextKey = 'driver' | 'driverStatus' | 'balloonState' | 'hypervisor' | 'oomKills';

export interface GuestSection {
  driver: BalloonDriver | null;
  driverStatus: DriverStatus | null;
  balloonState: BalloonState | null;
  /** `VMware`, `KVM`, `Hyper-V`, `Xen`, or the firmware's vendor string. */
  hypervisor: string | null;
  values: Record<GuestFieldId, Value>;
  /** Why a value is null, and how to get it. */
  missing: Partial<Record<GuestFieldId | GuestTextKey, string>>;
  /** Where a value came from, when more than one input could give it. */
  from: Partial<Record<GuestFieldId, string>>;
  /** OOM kills in the kernel log, oldest first; null when no kernel log could be read. */
  oomKills: OomKill[] | null;
}
