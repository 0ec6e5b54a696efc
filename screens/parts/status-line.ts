/**
 * The bottom line: where the user is in time. Replays and simulations show
 * the sample's time, "sample i of n" and the speed; realtime sources show LIVE
 * and their connection state from `status()`.
 */
import type { SourceInfo, SourceStatus } from '../../src/sources/source';
import type { TimelinePosition } from '../../src/timeline/timeline';
import { formatDuration, formatSampleTime } from '../../src/timeline/time-text';
import { LineBuilder, type Line } from './line';
import { safeText } from '../../src/text/safe-text';

export interface StatusInput {
  info: SourceInfo;
  time: number | null;
  position: TimelinePosition;
  paused: boolean;
  atLast: boolean;
  speed: number;
  delaySeconds: number;
  status: SourceStatus | null;
  warnings: number;
  /** A recording being written from the dashboard (`r`). */
  recording: { path: string; samples: number } | null;
  /** Wall clock, for the age of the last good sample. */
  now: number;
}

export function formatSpeed(speed: number): string {
  return `${Number(speed.toPrecision(3))}x`;
}

function positionText(p: TimelinePosition): string {
  if (p.index === 0) return 'no sample yet';
  return `sample ${p.index} of ${p.total}${p.complete ? '' : '+'}`;
}

export function statusLine(s: StatusInput, width: number): Line {
  const b = new LineBuilder(width);
  const parts: string[] = [];
  const time = s.time === null ? 'waiting for the first sample' : `${formatSampleTime(s.time)} UTC`;
  if (s.info.realtime) {
    const live = !s.paused && s.atLast;
    b.add(live ? ' LIVE ' : ' LIVE (paused) ', live ? 'status' : 'notice').add(' ', 'status');
    parts.push(time);
    if (!live) parts.push(positionText(s.position));
    parts.push(`every ${s.delaySeconds}s`);
    if (s.status) {
      parts.push(`${s.status.state}${s.status.message ? `: ${safeText(s.status.message)}` : ''}`);
      if (s.status.lastGoodSample !== null) parts.push(`last sample ${formatDuration(s.now - s.status.lastGoodSample)} ago`);
    }
    if (s.position.complete) parts.push('source ended');
  } else {
    b.add(' ', 'status');
    parts.push(time, positionText(s.position), `speed ${formatSpeed(s.speed)}`);
    parts.push(s.paused ? 'PAUSED (p resumes)' : s.atLast && s.position.complete ? 'end' : 'playing');
  }
  b.add(parts.join('  '), 'status');
  if (s.status?.insecure) b.add('  INSECURE', 'alarm');
  if (s.recording) b.add(`  REC ${s.recording.samples}`, 'alarm');
  if (s.warnings > 0) b.add(`  ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`, 'notice');
  // The way to help always shows at the right end; the source label when there is room.
  const hint = '  h help ';
  const label = `  ${safeText(s.info.label)}`;
  const tail = b.remaining >= label.length + hint.length ? label + hint : hint;
  const left = new LineBuilder(width - Math.min(width, tail.length));
  for (const seg of b.build()) left.add(seg.text, seg.style);
  return new LineBuilder(width).addLine(left.fill('status').build()).add(tail, 'status').build();
}
