/**
 * Runs a lesson on several seeds and checks what its captions say against
 * what the screen shows when they do (`sim --check` and the tests):
 * - every caption shows before the lesson ends (an optional one need not);
 * - its claims hold on the sample it shows on (and for its `for` window);
 * - every column it names is on screen at 80 columns in the view in force
 *   (the lesson's view and the captions' views so far), whole;
 * - it can be read whole at 80x24 (at most a quarter of the rows).
 * Each failure is one line: the file and line of the caption, its first
 * words, the seed, the time, the claim and what the sample shows instead.
 */
import stringWidth from 'string-width';
import { parseFieldLine } from '../../../config/field-layout';
import { ALL_COLUMNS, DEFAULT_MEMORY_FIELDS, fieldGroup, type Column } from '../../../fields/registry';
import type { NoteView } from '../../../sample/sample';
import { SimulationSource } from '../simulation-source';
import { claimFailure } from './claims';
import type { NarrateEvent } from './caption-schedule';
import type { Scenario } from './scenario';
import { formatLessonTime } from './time-spec';
import { describeTrigger } from './triggers';

/** The smallest terminal a lesson must read well on. */
const SCREEN = { width: 80, height: 24 };
/** Caption lines at 80x24: a quarter of the rows, with a space either side of the text. */
const CAPTION_LINES_AT_80X24 = Math.floor(SCREEN.height / 4);

interface CheckOptions {
  seeds: readonly number[];
  stepSeconds: number;
}

interface CheckReport {
  captions: number;
  claims: number;
  seeds: number;
  failures: string[];
}

/** Registry columns a text names, by their ids as esxtop writes them (`MCTLSZ`, `SWR/s`, `MCTL?`). */
export function columnsNamed(text: string): Column[] {
  return ALL_COLUMNS.filter((c) => new RegExp(`(^|[^A-Za-z0-9%/?_])${c.id.replace(/[?%/]/g, '\\$&')}(?![A-Za-z0-9%/?_])`).test(text));
}

/**
 * Columns wholly on screen at `width` columns for a field line, scrolled to
 * the left edge, as the memory page lays them out: all of them when they fit
 * (a space between columns); otherwise GID and NAME first, then the others
 * as far as they fit beside a marker of the hidden ones (` N▸`).
 */
export function columnsOnScreen(fields: string, width: number): Set<string> {
  const layout = parseFieldLine(fields);
  if ('problem' in layout) return new Set();
  const columns = layout.order.filter((l) => layout.visible.has(l)).flatMap((l) => fieldGroup(l)?.columns ?? []);
  const span = (cols: readonly Column[]) => cols.reduce((n, c) => n + c.width, 0) + Math.max(0, cols.length - 1);
  if (span(columns) <= width) return new Set(columns.map((c) => c.id));
  const pinned = columns.filter((c) => c.source === 'gid' || c.source === 'name');
  const scrolling = columns.filter((c) => c.source !== 'gid' && c.source !== 'name');
  const room = width - (1 + `${scrolling.length}\u25b8`.length);
  const shown = [...pinned];
  for (const c of scrolling) {
    if (span([...shown, c]) > room) break;
    shown.push(c);
  }
  return new Set(shown.map((c) => c.id));
}

/** Lines a text takes, words wrapped at `width` columns. */
function wrappedLines(text: string, width: number): number {
  let lines = 0;
  let used = -1;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = stringWidth(word);
    if (used < 0 || used + 1 + w > width) {
      lines++;
      used = Math.min(w, width);
    } else used += 1 + w;
  }
  return lines;
}

function shortText(text: string): string {
  const words = text.split(/\s+/).slice(0, 8).join(' ');
  return words.length < text.length ? `${words}...` : words;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export function checkLesson(scenario: Scenario, opts: CheckOptions): CheckReport {
  const captions = scenario.timeline.filter((e): e is NarrateEvent => e.action === 'narrate');
  const failures: string[] = [];
  const where = (c: NarrateEvent) => `${scenario.file}:${c.line}: caption "${shortText(c.text)}"`;
  const seen = new Set<string>();
  const report = (line: string) => {
    if (!seen.has(line)) failures.push(line);
    seen.add(line);
  };

  // What does not depend on the run: every caption can be read whole at 80x24.
  for (const c of captions) {
    const lines = wrappedLines(c.text, SCREEN.width - 2);
    if (lines > CAPTION_LINES_AT_80X24) report(`${where(c)}: takes ${lines} lines at 80x24, more than the ${CAPTION_LINES_AT_80X24} a caption has: shorten it`);
  }

  for (const seed of opts.seeds) {
    const src = new SimulationSource(scenario, { seed, stepSeconds: opts.stepSeconds });
    const samples = Math.floor(lastMoment(scenario, captions) / opts.stepSeconds) + 1;
    const shownAt = new Map<NarrateEvent, number>();
    const watching: { caption: NarrateEvent; until: number }[] = [];
    let view: NoteView = {};
    src.onCaption = (c, s) => shownAt.set(c, s.time);
    for (let i = 0; i < samples; i++) {
      const s = src.nextSample();
      const t = (s.time - scenario.start) / 1000;
      for (const n of s.notes ?? []) if (n.view) view = { ...view, ...n.view };
      for (const c of captions) {
        if (shownAt.get(c) !== s.time) continue;
        const fields = view.fields ?? DEFAULT_MEMORY_FIELDS;
        const onScreen = columnsOnScreen(fields, SCREEN.width);
        const missing = columnsNamed(c.text).filter((col) => !onScreen.has(col.id)).map((col) => col.id);
        if (missing.length > 0) report(`${where(c)}: names ${missing.join(', ')}, not on screen at 80 columns with the fields ${fields}: give the lesson or the caption a "view"`);
        watching.push({ caption: c, until: t + c.holdS });
      }
      for (const w of watching) {
        if (t > w.until) continue;
        for (const claim of w.caption.claims) {
          const why = claimFailure(claim, s);
          if (why !== null) report(`${where(w.caption)} (seed ${seed}, ${formatLessonTime(t)} = ${clock(s.time)}): claim "${claim.text}" does not hold: ${why}`);
        }
      }
    }
    for (const c of captions) {
      if (!shownAt.has(c) && !c.optional) report(`${where(c)} (seed ${seed}): never shows before the lesson ends (${formatLessonTime(scenario.durationS)})${c.when ? `: it waits until ${describeTrigger(c.when).replace(/^when /, '')}, after ${formatLessonTime(c.at)}` : ''}`);
    }
  }
  return { captions: captions.length, claims: captions.reduce((n, c) => n + c.claims.length, 0), seeds: opts.seeds.length, failures };
}

/** How far a check runs: the lesson, and the windows of its claims. */
function lastMoment(scenario: Scenario, captions: readonly NarrateEvent[]): number {
  return Math.max(scenario.durationS, ...captions.map((c) => c.at + c.holdS));
}
