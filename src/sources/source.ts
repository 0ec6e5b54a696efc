/**
 * The one small interface every source implements: a capture, a recording,
 * the simulated host, a live vSphere host, another balloontop over WebSocket.
 * The poller and the timeline sit above it and know nothing of where samples
 * come from.
 */
import type { Sample } from '../sample/sample';

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
  /** When the last good sample arrived (ms since epoch), or null. */
  lastGoodSample: number | null;
  /** TLS verification is off (`--insecure`): the status line shows it. */
  insecure: boolean;
}

export interface SampleSource {
  readonly info: SourceInfo;
  /** The next sample, or null when there are no more. Rejects with a UserError on fatal input problems. */
  next(): Promise<Sample | null>;
  /** Recoverable problems met so far, one entry per kind with a count. */
  warnings(): SourceWarning[];
  /** Realtime sources: connection state. Others need not implement it. */
  status?(): SourceStatus;
  /** Release files, sockets and sessions. Safe to call twice. */
  close(): Promise<void>;
}
