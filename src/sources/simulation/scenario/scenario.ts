/** A scenario: the simulated host, its VMs, and a timeline of events (a training lesson). */

export type ToolsState = 'running' | 'stopped' | 'none';
export type GuestOs = 'linux' | 'windows' | 'other';
/** Memory shares: a preset (low 5, normal 10, high 20 shares per MB) or a number. */
export type SharesSpec = 'low' | 'normal' | 'high' | number;

export interface HostSpec {
  name: string;
  /** Machine memory. */
  memoryMB: number;
  /** Memory the VMkernel itself uses (PMEM vmk); null = 4% of machine memory + 500 MB. */
  kernelMB: number | null;
}

export interface VmSpec {
  name: string;
  /** Configured memory (MEMSZ). */
  memoryMB: number;
  vcpus: number;
  reservationMB: number;
  /** null = unlimited. */
  limitMB: number | null;
  shares: SharesSpec;
  /** VMware Tools (and with it the balloon driver): running, installed but stopped, or absent. */
  tools: ToolsState;
  /** `sched.mem.maxmemctl`; null = 65% of configured memory (Mem.CtlMaxPercent). */
  maxMemctlMB: number | null;
  os: GuestOs;
  /** Swap space inside the guest; a Linux guest with none meets its OOM killer when the balloon squeezes it. */
  guestSwapMB: number;
  /** Working set at power on (MB). */
  demandMB: number;
  poweredOn: boolean;
  /** Name of the process the guest's OOM killer picks (narration only). */
  oomProcess: string;
}

interface EventBase {
  /** Seconds since the start of the scenario. */
  at: number;
  /** Where it was written (for messages). */
  line: number;
}

export type TimelineEvent = EventBase &
  (
    | { action: 'narrate'; text: string; pause: boolean }
    | { action: 'powerOn'; vm: string }
    | { action: 'powerOff'; vm: string }
    | { action: 'demand'; vm: string; demandMB: number; rampS: number }
    | { action: 'setLimit'; vm: string; limitMB: number }
    | { action: 'removeLimit'; vm: string }
    | { action: 'uninstallTools'; vm: string }
    | { action: 'stopTools'; vm: string }
    | { action: 'startTools'; vm: string }
    | { action: 'setMaxMemctl'; vm: string; maxMemctlMB: number }
  );

export type EventAction = TimelineEvent['action'];

export const EVENT_ACTIONS: readonly EventAction[] = [
  'narrate', 'powerOn', 'powerOff', 'demand', 'setLimit', 'removeLimit', 'uninstallTools', 'stopTools', 'startTools', 'setMaxMemctl',
];

export interface Scenario {
  name: string;
  /** One line, shown by `sim --list`. */
  description: string;
  /** The file it came from. */
  file: string;
  /** Simulated wall-clock time of the first sample (ms since the epoch, UTC). */
  start: number;
  /** Length of the lesson in seconds (the timeline's reach); the simulation itself runs on. */
  durationS: number;
  host: HostSpec;
  vms: VmSpec[];
  /** Sorted by time; events at the same time keep file order. */
  timeline: TimelineEvent[];
}

export const DEFAULT_START = Date.UTC(2026, 0, 12, 9, 0, 0);
