/**
 * The one data shape every source produces and every consumer reads.
 *
 * A value is a number or `null`. `null` means "missing" (the source did not
 * report it), which is not the same as 0 and is shown as `-`.
 */
import type { ColumnId, CounterId } from '../fields/group-fields';
import type { HostCounterId } from '../fields/host-counters';
import type { GuestSection } from './guest';
import type { MemState } from './mem-state';

export type Value = number | null;

export type GroupKind = 'vm' | 'userworld' | 'system';

export type GroupValues = Record<CounterId, Value>;

export interface HostHeader {
  /** Host name as the source knows it (`localhost.home` in a capture), or null. */
  hostname: string | null;
  /** The 24 host `Memory` counters, keyed by registry id. */
  values: Record<HostCounterId, Value>;
  /** The memory state word, derived from `values.state` (or given by the source). */
  state: MemState | null;
  /** Host memory counters the registry does not know, by batch counter name (passed through). */
  extra: Record<string, Value>;
  /** Counters whose values are approximations (a live host computes some from neighbouring quantities); absent: none. */
  approximate?: readonly HostCounterId[];
  /** The summary line's counts from the CPU scheduler, when the source has them (an `esxtop -b -a` capture). */
  cpu?: CpuSummary;
}

/**
 * What esxtop's summary line counts from the CPU object: every world on the
 * host ("722 worlds") and the vCPUs of the running VMs ("45 vCPUs").
 */
export interface CpuSummary {
  worlds: number;
  vcpus: number;
}

export interface Group {
  gid: number;
  name: string;
  kind: GroupKind;
  /** Every per-group counter of the registry, by column id (`MCTLSZ`, `SWR/s`, ...); null = missing. */
  values: GroupValues;
  /** Per-group counters the registry does not know, by batch counter name (passed through). */
  extra: Record<string, Value>;
  /** Columns whose values are approximations (a live host computes some from neighbouring quantities); absent: none. */
  approximate?: readonly CounterId[];
}

/**
 * How a lesson wants the memory page set up from a caption on (the dashboard
 * applies it when the caption comes into force; the user may change it after).
 */
export interface NoteView {
  /** esxtop's memory field line: every group letter in display order, upper case shown (`aBcDjKlmnOpq`). */
  fields?: string;
  /** Show only virtual machines. */
  vmsOnly?: boolean;
  /** Sort column: numbers largest first, names and GIDs in ascending order. */
  sort?: ColumnId;
  /** The VM to highlight. */
  select?: string;
}

/** A caption a scenario shows at this moment (training demos); `pause` asks the replay to stop here. */
export interface SampleNote {
  text: string;
  pause: boolean;
  /** The view the lesson asks for from here on. */
  view?: NoteView;
  /** This caption marks the end of the lesson (the simulation runs on). */
  end?: boolean;
}

export interface Sample {
  /** Milliseconds since the epoch, UTC. */
  time: number;
  host: HostHeader;
  groups: Group[];
  /** Narration that starts at this sample (simulated scenarios, and recordings of them). */
  notes?: SampleNote[];
  /** The guest's own view (`balloontop guest`); such a sample has an empty host header and no groups. */
  guest?: GuestSection;
}
