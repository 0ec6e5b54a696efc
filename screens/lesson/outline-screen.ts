/**
 * The lesson outline (`C`): every caption with when it showed (minutes into
 * the lesson) and, on the simulated host, those still to come; the
 * highlighted one is shown whole below the list, so a caption too long for
 * the caption lines can always be read. Enter goes to it.
 */
import { formatLessonTime } from '../../src/sources/simulation/scenario/time-spec';
import { formatSampleTime } from '../../src/timeline/time-text';
import { result, type KeyEnv } from '../keys/binding';
import { PAGE } from '../keys/page-keys';
import { LineBuilder, textLine, type Line } from '../parts/line';
import { safeText } from '../../src/text/safe-text';
import { displayWidth, truncate, wrap } from '../parts/text-width';
import type { FrameInput, Screen } from '../screen';
import type { ViewState } from '../view-state';
import type { OutlineEntry } from './outline';
import { currentRow } from './outline';

const S = 'lessons and the classroom' as const;

function selectedRow(view: ViewState, rows: readonly OutlineEntry[]): number {
  const row = view.outlineRow ?? currentRow(rows);
  return Math.min(Math.max(0, row), rows.length - 1);
}

/** When it showed, or is planned: minutes into the lesson (a caption waiting for an event has no time of its own). */
function when(e: OutlineEntry): string {
  if (e.absolute === null && e.when !== null) return ' '.repeat(7);
  if (e.at !== null) return formatLessonTime(e.at).padStart(7);
  return e.time !== null ? formatSampleTime(e.time).slice(-8) : ' '.repeat(7);
}

/** The event a caption to come waits for, and the time it waits from. */
function waitsFor(e: OutlineEntry): string {
  return e.at !== null && e.at > 0 ? `after ${formatLessonTime(e.at)}, ${e.when ?? ''}` : (e.when ?? '');
}

function rowLine(e: OutlineEntry, width: number, selected: boolean): Line {
  const style = selected ? 'selected' : e.absolute === null ? 'dim' : 'plain';
  const mark = e.current ? '>' : ' ';
  const flag = e.end ? 'E' : e.pause ? '*' : ' ';
  const text = e.absolute === null && e.when ? `(${waitsFor(e)}) ${safeText(e.text)}` : safeText(e.text);
  const b = new LineBuilder(width).add(`${mark}${when(e)} ${flag} `, selected ? 'selected' : 'key');
  // A caption longer than its row is marked cut; the highlighted one is shown whole below the list.
  b.add(truncate(text, b.remaining), style);
  return selected ? b.fill('selected').build() : b.build();
}

/** The legend and its keys, its parts three spaces apart, on as many lines as the width needs; never cut in a word. */
function legendLines(count: number, width: number): string[] {
  const parts = [`Captions (${count}): > in force, * pauses, E end, dim: to come`, 'Enter: go there', 'Esc: back'];
  const lines: string[] = [];
  for (const part of parts) {
    const joined = lines.length > 0 ? `${lines[lines.length - 1]}   ${part}` : '';
    if (lines.length > 0 && displayWidth(joined) <= width) lines[lines.length - 1] = joined;
    else lines.push(...wrap(part, width, Infinity));
  }
  return lines;
}

function body(input: FrameInput, room: number): Line[] {
  const { width, view } = input;
  const rows = input.lesson?.outline ?? [];
  const lines: Line[] = legendLines(rows.length, width - 1).map((l) => textLine(` ${l}`, width, 'title'));
  if (rows.length === 0) {
    lines.push(textLine(' No caption yet: captions come with lessons (balloontop sim) and their recordings and feeds.', width));
    return lines;
  }
  const sel = selectedRow(view, rows);
  const whole = wrap(safeText(rows[sel].text), Math.max(10, width - 2), Infinity).map((l) => textLine(` ${l}`, width, 'caption'));
  const head = rows[sel].absolute === null ? `To come${rows[sel].when ? ` (${waitsFor(rows[sel])})` : ` at ${when(rows[sel]).trim()}`}:` : `At ${when(rows[sel]).trim()}:`;
  const detail = [textLine(` ${head}`, width, 'dim'), ...whole];
  const listRoom = Math.max(1, room - lines.length - detail.length - 1);
  const top = Math.max(0, Math.min(sel - Math.floor(listRoom / 2), rows.length - listRoom));
  for (let i = top; i < Math.min(rows.length, top + listRoom); i++) lines.push(rowLine(rows[i], width, i === sel));
  lines.push([]);
  return [...lines, ...detail].slice(0, room);
}

function move(view: ViewState, env: KeyEnv, d: number): ViewState {
  const from = view.outlineRow ?? Math.max(0, env.outlineCurrent);
  return { ...view, outlineRow: Math.min(Math.max(0, env.outlineLength - 1), Math.max(0, from + d)) };
}

const back = (v: ViewState): ViewState => ({ ...v, screen: v.previous, outlineRow: null });

export const outlineScreen: Screen = {
  id: 'outline',
  body: (input, room) => ({ lines: body(input, room) }),
  keys: [
    { keys: ['C'], on: PAGE, section: S, help: 'lesson outline: every caption with its time (and, on the simulated host, those to come); the highlighted one is shown whole; Enter goes to it', run: (v) => result({ ...v, screen: 'outline', previous: v.screen, outlineRow: null }) },
    { keys: ['down', '2'], on: ['outline'], section: S, help: 'lesson outline: next caption', run: (v, e) => result(move(v, e, 1)) },
    { keys: ['up', '8'], on: ['outline'], section: S, help: 'lesson outline: previous caption', run: (v, e) => result(move(v, e, -1)) },
    { keys: ['pagedown', 'pageup'], on: ['outline'], section: S, help: 'lesson outline: a page of captions down / up', run: (v, e, k) => result(move(v, e, (k.name === 'pageup' ? -1 : 1) * Math.max(1, e.pageRows))) },
    {
      keys: ['enter'], on: ['outline'], section: S, help: 'lesson outline: go to the highlighted caption (one to come is simulated up to it)',
      run: (v, e) => (e.outlineLength === 0 ? result(back(v)) : result(back(v), { kind: 'toCaption', row: v.outlineRow ?? Math.max(0, e.outlineCurrent) })),
    },
    { keys: ['ANY'], on: ['outline'], section: S, help: 'lesson outline: back to the memory page', run: (v) => result(back(v)) },
  ],
};
