/**
 * The one small interface every source implements: a capture, a recording,
 * the simulated host, a live vSphere host, another balloontop over WebSocket.
 * The poller and the timeline sit above it and know nothing of where samples
 * come from.
 */
import type { GroupKind, Sample } from '../sample/sample';

export type SourceKind = 'capture' | 'recording' | 'simulation' | 'live' | 'remote' | 'guest';

export interface SourceInfo {
  kind: SourceKind;
  /** What to show the user: a file name, a scenario, a URL. */
  label: string;
  /**
   * true when samples arrive in real time (a live host, a remote feed): the
   * poller asks every `-d` seconds and the status line says LIVE. false when
   * samples are recorded or simulated and `next()` answers at once.
   */
  realtime: boolean;
  /**
   * The source sets the pace itself: `next()` waits for the next sample it
   * pushes (another balloontop's feed, taking every sample). Consumers that
   * keep every sample (batch output, record) then add no delay of their own.
   */
  pushes?: boolean;
}

/** A recoverable problem (a skipped row): counted, reported once, and reading goes on. */
export interface SourceWarning {
  message: string;
  count: number;
}

/** Connection state of a realtime source, for the status line. */
export interface SourceStatus {
  state: 'connecting' | 'connected' | 'reconnecting' | 'failed';
  /** One line for the user: the last error, or where it is connected. */
  message: string;
  /**
   * The part of `message` a narrow status line must still show: a watched
   * host in maintenance mode or lost, or why the source reconnects, without
   * the address and the hints ('' or absent: nothing beyond the state).
   */
  note?: string;
  /** When the last good sample arrived (ms since epoch), or null. */
  lastGoodSample: number | null;
  /** TLS verification is off (`--insecure`): the status line shows it. */
  insecure: boolean;
}

/** A group a source knows it may show, before it does (a simulated VM powered on later). */
export interface PlannedGroup {
  gid: number;
  name: string;
  kind: GroupKind;
}

/** What an instructor can do to a simulated host from the dashboard, to show the class "what if". */
export type SourceAction =
  | { kind: 'setLimit'; vm: string; limitMB: number }
  | { kind: 'removeLimit'; vm: string }
  | { kind: 'stopTools'; vm: string }
  | { kind: 'startTools'; vm: string }
  /** `sched.mem.maxmemctl`; null: the default (65% of the VM's memory). */
  | { kind: 'setMaxMemctl'; vm: string; maxMemctlMB: number | null }
  | { kind: 'setReservation'; vm: string; reservationMB: number }
  | { kind: 'powerHungryVm'; on: boolean }
  | { kind: 'setHostMemory'; memoryMB: number };

export interface ActionResult {
  ok: boolean;
  /** What was done, one line ("limit of 2048 MB set on web01"; the caption of the next sample), or why not. */
  message: string;
  /**
   * The samples after this time were made before the action: whoever holds
   * them drops them, and the source makes them again with the action. null:
   * the action applies from the next sample the source makes.
   */
  redoAfter: number | null;
}

/** A lesson's captions, for an outline: those still to come, in the order they are planned. */
export interface UpcomingCaption {
  /** Seconds from the lesson's start: when it shows, or the earliest it may (`when`). */
  at: number;
  /** The event it waits for, in words ("when the host enters soft"), or null. */
  when: string | null;
  text: string;
  pause: boolean;
  /** The end of the lesson. */
  end?: true;
}

export interface LessonInfo {
  name: string;
  /** Time of the lesson's first sample (ms since the epoch). */
  start: number;
  durationS: number;
  /** The VM the instructor may power on and off. */
  hungryVm: string;
  /** The captions the source has not shown yet. */
  upcoming(): UpcomingCaption[];
}

export interface SampleSource {
  readonly info: SourceInfo;
  /** The next sample, or null when there are no more. Rejects with a UserError on fatal input problems. */
  next(): Promise<Sample | null>;
  /** Recoverable problems met so far, one entry per kind with a count. */
  warnings(): SourceWarning[];
  /**
   * Every group the source may ever show, when it knows them in advance (the
   * simulated host): output whose layout is fixed by its first sample (the
   * esxtop-style CSV) makes room for them from the start.
   */
  plannedGroups?(): readonly PlannedGroup[];
  /**
   * An instructor's action on a simulated host, applied after the sample at
   * `after` (the last one the audience has seen; null: the newest made).
   * Only sources that can act implement it.
   */
  act?(action: SourceAction, after: number | null): ActionResult;
  /** A lesson the source plays (the simulated host), for its outline. */
  readonly lesson?: LessonInfo;
  /** Realtime sources: connection state. Others need not implement it. */
  status?(): SourceStatus;
  /** Release files, sockets and sessions. Safe to call twice. */
  close(): Promise<void>;
}
