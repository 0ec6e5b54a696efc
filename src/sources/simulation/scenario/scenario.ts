/** A scenario: the simulated host, its VMs, and a timeline of events (a training lesson). */
import type { MemState } from '../../../sample/mem-state';
import type { NoteView } from '../../../sample/sample';
import type { Claim } from './claims';

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
  /** Seconds since the start of the scenario (a caption with `when`: the earliest it may show). */
  at: number;
  /** Where it was written (for messages). */
  line: number;
}

/** What a VM does, as its counters show it: `starts` when the counter leaves 0, `stops` when it is back at 0. */
export type VmActivity = 'ballooning' | 'swapping' | 'compressing' | 'swapping in';
export const VM_ACTIVITIES: readonly VmActivity[] = ['ballooning', 'swapping', 'compressing', 'swapping in'];

/** What a caption waits for: an event of the simulation, as the samples show it. */
export type Trigger =
  | { kind: 'hostEnters'; state: MemState }
  /** The host enters this state or a worse one, from a better one (free falls below the state's boundary). */
  | { kind: 'hostFalls'; state: MemState }
  /** The host enters this state or a better one, from a worse one (free rises back above its boundary). */
  | { kind: 'hostRises'; state: MemState }
  | { kind: 'vmStarts'; vm: string; activity: VmActivity }
  | { kind: 'vmStops'; vm: string; activity: VmActivity }
  | { kind: 'vmReaches'; vm: string; column: 'MCTLMAX' | 'MCTLTGT' }
  | { kind: 'oomKill'; vm: string };

/** A caption: its text, when it shows (a time, or an event after a time), and what must be true when it does. */
export interface Caption {
  text: string;
  pause: boolean;
  /** null: at `at`; otherwise on the first sample at or after `at` where this happens. */
  when: Trigger | null;
  /** The event may not happen in every run (the caption then never shows, and that is fine). */
  optional: boolean;
  /** What must hold on the sample the caption shows on (and for `holdS` seconds after). */
  claims: Claim[];
  holdS: number;
  /** The view the caption asks for (columns it names), merged over the lesson's. */
  view: NoteView | null;
}

export type TimelineEvent = EventBase &
  (
    | ({ action: 'narrate' } & Caption)
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
  /** How the lesson sets up the memory page at its start; null: as the user's configuration has it. */
  view: NoteView | null;
  /** The memory-hungry VM the instructor may power on and off (powered off at the start). */
  hungryVm: VmSpec;
}

export const DEFAULT_START = Date.UTC(2026, 0, 12, 9, 0, 0);

/** The instructor's memory-hungry VM when the scenario names none: 40% of the host (whole GB), a 90% working set, powered off. */
export function defaultHungryVm(host: Pick<HostSpec, 'memoryMB'>, vmNames: ReadonlySet<string>): VmSpec {
  let i = 1;
  while (vmNames.has(`hungry${String(i).padStart(2, '0')}`)) i++;
  const memoryMB = Math.max(1024, Math.round((host.memoryMB * 0.4) / 1024) * 1024);
  return {
    name: `hungry${String(i).padStart(2, '0')}`, memoryMB, vcpus: 4, reservationMB: 0, limitMB: null, shares: 'normal', tools: 'running',
    maxMemctlMB: null, os: 'linux', guestSwapMB: 2048, demandMB: memoryMB * 0.9, poweredOn: false, oomProcess: 'java',
  };
}
