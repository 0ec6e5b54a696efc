/** What a report says, as plain data: the text, JSON and HTML renderers all read this. */
import type { FindingCode } from '../diagnosis/codes';
import type { Evidence } from '../diagnosis/finding';
import type { KillBalloon } from '../diagnosis/guest-kills';
import type { GuestSection, OomKill } from '../sample/guest';
import type { MemState } from '../sample/mem-state';
import type { GroupKind } from '../sample/sample';
import type { SourceKind } from '../sources/source';
import type { SeriesView } from './downsampled-series';

export type StateName = MemState | 'unknown';

export interface StateTime {
  state: StateName;
  /** Time in this state: each sample counts until the next one (gaps excluded). */
  ms: number;
  samples: number;
}

export interface Transition {
  at: number;
  from: StateName;
  to: StateName;
}

/** One episode of a finding, in words, with the facts of its strongest sample. */
export interface ReportFinding {
  code: FindingCode;
  from: number;
  to: number;
  /** It still held at the last sample of its group. */
  ongoing: boolean;
  /** It held at the group's first sample: it may have begun before the data. */
  sinceFirstSample: boolean;
  samples: number;
  /** Runs of samples this entry stands for (more than 1 when flapping runs were merged to bound memory). */
  runs: number;
  /** The strongest sample: its time, variant, words and evidence. */
  peakAt: number;
  variant: string;
  short: string;
  text: string;
  explanation: string[];
  evidence: Evidence[];
  /** Every cause named during the episode. */
  causes: FindingCode[];
  inferred: boolean;
  /** How strongly its strongest sample showed it (compare episodes of one code). */
  weight: number;
}

/** The peak of one kind of reclamation for a group over the run. */
export interface Peak {
  /** MB at the peak. */
  peak: number;
  peakAt: number;
  first: number;
  last: number;
  /** Time with at least 1 MB taken, counted like the states' time. */
  ms: number;
  samples: number;
}

export interface ReportGroup {
  gid: number;
  name: string;
  kind: GroupKind;
  /** MEMSZ at its last sample, or null. */
  memsz: number | null;
  balloon: Peak | null;
  swap: Peak | null;
  compression: Peak | null;
  findings: ReportFinding[];
}

export interface ChartData {
  /** Bucket start times. */
  times: readonly number[];
  samplesPerBucket: number;
  hostFree: SeriesView | null;
  minFree: SeriesView | null;
  /** Per group GID: MCTLSZ, SWCUR and MCTLMAX. */
  groups: Map<number, { balloon: SeriesView | null; swap: SeriesView | null; balloonMax: SeriesView | null }>;
}

/** A guest's own view (`report guest ...`): its figures at the last sample, its balloon's peak, its findings, its OOM kills. */
export interface ReportGuest {
  /** The last guest sample's section (driver, figures, missing values and their reasons). */
  last: GuestSection;
  lastAt: number;
  /** The balloon (balloonMB) over the run: its peak, when, and how long it held 1 MB or more. */
  balloon: Peak | null;
  findings: ReportFinding[];
  /** The OOM kills in the last sample's kernel log, oldest first, each with the balloon at its time. */
  kills: { kill: OomKill; balloon: KillBalloon }[];
}

export interface ReportData {
  source: { kind: SourceKind; label: string };
  hostname: string | null;
  samples: number;
  from: number;
  to: number;
  /** The shortest interval between samples (ms), or null with one sample. */
  stepMs: number | null;
  /** Intervals longer than the gap limit, left out of the time counts. */
  gaps: { count: number; ms: number };
  machineMB: number | null;
  minFreeMB: number | null;
  states: StateTime[];
  transitions: Transition[];
  /** Transitions beyond those kept. */
  transitionsOmitted: number;
  free: { min: number; minAt: number; max: number; maxAt: number } | null;
  hostFindings: ReportFinding[];
  /** Groups with findings: those that ballooned, swapped or compressed first (largest first), then the others. */
  groups: ReportGroup[];
  /** The guest's own view, when the source is `balloontop guest` (or a recording or feed of it); else null. */
  guest: ReportGuest | null;
  charts: ChartData;
  /** The source's recoverable problems, one line each. */
  warnings: string[];
  /** Set when the source failed before its end: the report covers the samples read until then. */
  failure: string | null;
}

/** The summary names at most this many groups (the heaviest first, as they come); the others keep their own sections. */
const SUMMARY_GROUPS = 20;

/** The groups the summary names, and how many more it only counts. */
export function summaryGroups(groups: readonly ReportGroup[]): { shown: ReportGroup[]; more: number } {
  const all = groups.filter((g) => g.findings.length > 0 && (g.balloon || g.swap || g.compression));
  return { shown: all.slice(0, SUMMARY_GROUPS), more: Math.max(0, all.length - SUMMARY_GROUPS) };
}

/** The summary's line for the groups it does not name. */
export function moreGroupsWords(more: number): string {
  return `... and ${more} more group${more === 1 ? '' : 's'} that ballooned, swapped or compressed (below)`;
}

/** Why there is no host finding, claiming only what the data shows: the host's state, and whether any group was reclaimed. */
export function noHostFindingWords(r: ReportData): string {
  const stateKnown = r.states.some((s) => s.state !== 'unknown');
  const stateWords = !stateKnown ? "the host's state is not in the data" : r.states.some((s) => s.state === 'unknown') ? 'the host was not short of memory while its state is known' : 'the host was not short of memory';
  const reclaimed = r.groups.some((g) => g.balloon || g.swap || g.compression);
  if (reclaimed) return `${stateWords}; its own balloon, swap and compression counters show none or are missing, but the groups below were reclaimed`;
  return `${stateWords}${stateKnown ? ' and' : ';'} nothing was ballooned, swapped or compressed`;
}
