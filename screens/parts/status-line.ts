/**
 * The bottom line: where the user is in time. Replays and simulations show
 * the sample's time, "sample i of n", the speed and playing / PAUSED / end;
 * realtime sources show LIVE and their connection state from `status()`.
 *
 * Every word has shorter forms and a rank: when the line is too narrow, the
 * least important word is shortened or dropped first (the source's name, the
 * config file, the poll interval, the speed...), so the play state, the time
 * and the position are the last to go, and none of them is ever cut in the
 * middle.
 */
import type { SourceInfo, SourceStatus } from '../../src/sources/source';
import type { TimelinePosition } from '../../src/timeline/timeline';
import { formatDuration, formatSampleTime } from '../../src/timeline/time-text';
import { timeLabel } from '../graph/time-labels';
import { LineBuilder, type Line } from './line';
import { safeText } from '../../src/text/safe-text';
import { displayWidth } from './text-width';
import type { StyleName } from './theme';

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
  /** The esxtop config file read at start (shown short, `~/.esxtop60rc`), or null. */
  configFile?: string | null;
}

/** A speed as the user set it: `1024x`, `2.5x`, `1/64x` (never rounded to another number). */
export function formatSpeed(speed: number): string {
  const inverse = 1 / speed;
  if (speed < 1 && Number.isInteger(Math.round(inverse * 1e6) / 1e6)) return `1/${Math.round(inverse)}x`;
  const digits = Math.max(3, Math.floor(Math.log10(Math.max(1, speed))) + 1);
  return `${Number(speed.toPrecision(digits))}x`;
}

/**
 * One word of the status line: its forms from the fullest to the shortest
 * ('' = gone), and how much each form is worth keeping over the next
 * (`keep[i]` for `forms[i]`; a word with one form left stays).
 */
interface Word {
  forms: string[];
  keep: number[];
  style: StyleName;
  /** At the right end of the line (the source's name, the way to help). */
  right?: boolean;
}

function word(style: StyleName, ...steps: [string, number][]): Word {
  return { forms: steps.map((s) => s[0]), keep: steps.map((s) => s[1]), style };
}

const FINAL = Infinity;

function positionWords(p: TimelinePosition): Word {
  if (p.index === 0) return word('status', ['no sample yet', FINAL]);
  const more = p.complete ? '' : '+';
  return word('status', [`sample ${p.index} of ${p.total}${more}`, 7], [`${p.index}/${p.total}${more}`, FINAL]);
}

function timeWords(time: number | null): Word {
  if (time === null) return word('status', ['waiting for the first sample', 7], ['waiting', FINAL]);
  return word('status', [`${formatSampleTime(time)} UTC`, 7], [timeLabel(time), FINAL]);
}

function sourceWords(s: StatusInput): Word[] {
  const words: Word[] = [];
  if (s.info.realtime) {
    const live = !s.paused && s.atLast;
    words.push(live ? word('status', ['LIVE', FINAL]) : word('notice', ['LIVE (paused)', 4], ['PAUSED', FINAL]));
    words.push(timeWords(s.time));
    if (!live) words.push(positionWords(s.position));
    // A feed that pushes its samples sets its own pace: no poll interval to show.
    if (!s.info.pushes) words.push(word('status', [`every ${s.delaySeconds}s`, 3], ['', 0]));
    if (s.status) {
      const message = s.status.message ? `: ${safeText(s.status.message)}` : '';
      const note = s.status.note ? `: ${safeText(s.status.note)}` : '';
      // What a narrow line keeps of the message (a host in maintenance mode, why it reconnects) outranks the date.
      const brief: [string, number][] = note && note !== message ? [[`${s.status.state}${note}`, 7.5]] : [];
      words.push(word('status', [`${s.status.state}${message}`, 5], ...brief, [s.status.state, FINAL]));
      if (s.status.lastGoodSample !== null) {
        const age = formatDuration(s.now - s.status.lastGoodSample);
        words.push(word('status', [`last sample ${age} ago`, 5], [`${age} ago`, 6], ['', 0]));
      }
    }
    if (s.position.complete) words.push(word('status', ['source ended', 8], ['ended', FINAL]));
  } else {
    words.push(timeWords(s.time), positionWords(s.position));
    words.push(word('status', [`speed ${formatSpeed(s.speed)}`, 3], [formatSpeed(s.speed), 5], ['', 0]));
    if (s.paused) words.push(word('status', ['PAUSED (p resumes)', 3.4], ['PAUSED', FINAL]));
    else words.push(word('status', [s.atLast && s.position.complete ? 'end' : 'playing', FINAL]));
  }
  if (s.status?.insecure) words.push(word('alarm', ['INSECURE', FINAL]));
  if (s.recording) words.push(word('alarm', [`REC ${s.recording.samples}`, FINAL]));
  if (s.warnings > 0) words.push(word('notice', [`${s.warnings} warning${s.warnings === 1 ? '' : 's'}`, 4], [`${s.warnings}w`, 6], ['', 0]));
  if (s.configFile) words.push(word('status', [`rc ${safeText(s.configFile)}`, 3.5], ['', 0]));
  words.push({ ...word('status', [safeText(s.info.label), 1], ['', 0]), right: true });
  words.push({ ...word('status', ['h help', 6], ['', 0]), right: true });
  return words;
}

const GAP = '  ';

function lineWidth(words: readonly Word[], at: readonly number[]): number {
  let w = 1; // the leading space
  let shown = 0;
  words.forEach((wd, i) => {
    const t = wd.forms[at[i]];
    if (t === '') return;
    w += displayWidth(t) + (shown > 0 ? GAP.length : 0);
    shown++;
  });
  return w + 1; // the trailing space
}

export function statusLine(s: StatusInput, width: number): Line {
  const words = sourceWords(s);
  const at = words.map(() => 0);
  // Shorten or drop the word least worth keeping until the line fits (ties: the rightmost).
  while (lineWidth(words, at) > width) {
    let pick = -1;
    for (let i = 0; i < words.length; i++) {
      if (at[i] >= words[i].forms.length - 1) continue;
      if (pick < 0 || words[i].keep[at[i]] <= words[pick].keep[at[pick]]) pick = i;
    }
    if (pick < 0) break;
    at[pick]++;
  }
  // A word given up early may fit again now that others are shorter: the most valuable first.
  const back = words.map((_, i) => i).filter((i) => at[i] > 0).sort((a, b) => words[b].keep[at[b] - 1] - words[a].keep[at[a] - 1]);
  for (const i of back) {
    at[i]--;
    if (lineWidth(words, at) > width) at[i]++;
  }
  const left = new LineBuilder(width).add(' ', 'status');
  const right: [string, StyleName][] = [];
  let first = true;
  words.forEach((wd, i) => {
    const t = wd.forms[at[i]];
    if (t === '') return;
    if (wd.right) right.push([t, wd.style]);
    else {
      if (!first) left.add(GAP, 'status');
      left.add(t, wd.style);
      first = false;
    }
  });
  const tail = right.map(([t]) => t).join(GAP);
  const tailWidth = tail ? displayWidth(tail) + GAP.length + 1 : 0;
  const b = new LineBuilder(width).addLine(new LineBuilder(Math.max(0, width - tailWidth)).addLine(left.build()).fill('status').build());
  if (tail) {
    b.add(GAP, 'status');
    right.forEach(([t, style], i) => b.add(i > 0 ? `${GAP}${t}` : t, style));
    b.add(' ', 'status');
  }
  return b.fill('status').build();
}
