/**
 * The keys: a pure function from (view, key) to a new view and the effects
 * the app must carry out (quit, move in time, write the config). esxtop's keys
 * where they apply; the ones that do not say so on the message line.
 */
import { moveField, toggleField } from '../src/config/field-layout';
import { MIN_DELAY_SECONDS } from '../src/config/esxtoprc';
import { fieldGroup, findColumn } from '../src/fields/registry';
import { ESXTOP_OTHER_PANELS, ESXTOP_UNSUPPORTED } from './key-help';
import { visibleColumns } from './table';
import type { PromptKind, SortSpec, ViewState } from './view-state';

/** A key as blessed reports it: the character typed (if any) and the key name (`enter`, `up`, `C-c`). */
export interface KeyPress {
  ch?: string;
  name?: string;
  full?: string;
}

export type Effect =
  | { kind: 'quit' }
  | { kind: 'refresh' }
  | { kind: 'pause' }
  | { kind: 'step'; delta: number }
  | { kind: 'first' }
  | { kind: 'last' }
  | { kind: 'jump'; text: string }
  | { kind: 'faster' }
  | { kind: 'slower' }
  | { kind: 'delay'; seconds: number }
  | { kind: 'write'; path: string }
  | { kind: 'record'; path: string }
  | { kind: 'stopRecording' };

export interface KeyContext {
  /** Rows in the sorted list (after `V` and `#`). */
  rowCount: number;
  /** Table rows that fit on screen. */
  pageRows: number;
  /** Where `W` proposes to write. */
  defaultWritePath: string;
  /** Lines of the help screen beyond one page. */
  helpLength: number;
  /** A recording is being written (`r` stops it). */
  recording: boolean;
  /** Where `r` proposes to record. */
  defaultRecordPath: string;
  /** The highlighted group's name (`G`/Enter graph it), if any. */
  selectedName?: string | null;
}

export interface KeyResult {
  view: ViewState;
  effects: Effect[];
}

const PROMPTS: Record<PromptKind, string> = {
  rows: 'Number of rows to show (Enter alone = all):',
  delay: `Delay between updates in seconds (at least ${MIN_DELAY_SECONDS}):`,
  jump: 'Jump to time (10:49:17, 04/24/2018 10:49:17, +5m, -30s):',
  write: 'Save config file to:',
  record: 'Record samples from now on to (.gz = gzip):',
};

function info(view: ViewState, text: string): ViewState {
  return { ...view, message: { text, level: 'info' } };
}

function error(view: ViewState, text: string): ViewState {
  return { ...view, message: { text, level: 'error' } };
}

function keyName(key: KeyPress): string {
  return key.full ?? key.name ?? key.ch ?? '';
}

/** blessed reports `\r` twice, as `enter` then `return`; the app drops `return`, and `\n` is `linefeed`. */
function isEnter(key: KeyPress): boolean {
  return key.name === 'enter' || key.name === 'linefeed';
}

export function handleKey(view: ViewState, key: KeyPress, ctx: KeyContext): KeyResult {
  if (key.name === 'return') return { view, effects: [] };
  if (keyName(key) === 'C-c') return { view, effects: [{ kind: 'quit' }] };
  if (view.prompt) return promptKey(view, key);
  switch (view.mode) {
    case 'fields':
      return { view: fieldsKey(view, key), effects: [] };
    case 'order':
      return { view: orderKey(view, key), effects: [] };
    case 'help':
      return { view: helpKey(view, key, ctx), effects: [] };
    case 'main':
      return mainKey({ ...view, message: null }, key, ctx);
  }
}

function printable(key: KeyPress): string | null {
  return key.ch && key.ch.length === 1 && key.ch >= ' ' && key.ch !== '\x7f' ? key.ch : null;
}

function fieldsKey(view: ViewState, key: KeyPress): ViewState {
  const ch = printable(key);
  if (ch && /[a-z]/i.test(ch) && fieldGroup(ch)) return { ...view, layout: toggleField(view.layout, ch) };
  return { ...view, mode: 'main' };
}

function orderKey(view: ViewState, key: KeyPress): ViewState {
  const ch = printable(key);
  if (ch && /[a-z]/i.test(ch) && fieldGroup(ch)) return { ...view, layout: moveField(view.layout, ch, ch === ch.toUpperCase() ? -1 : 1) };
  return { ...view, mode: 'main' };
}

function helpKey(view: ViewState, key: KeyPress, ctx: KeyContext): ViewState {
  const max = Math.max(0, ctx.helpLength);
  const move = (d: number) => ({ ...view, helpTop: Math.min(max, Math.max(0, view.helpTop + d)) });
  switch (key.name) {
    case 'down': return move(1);
    case 'up': return move(-1);
    case 'pagedown': return move(ctx.pageRows);
    case 'pageup': return move(-ctx.pageRows);
  }
  if (key.ch === '2') return move(1);
  if (key.ch === '8') return move(-1);
  return { ...view, mode: 'main', helpTop: 0 };
}

function promptKey(view: ViewState, key: KeyPress): KeyResult {
  const p = view.prompt!;
  if (key.name === 'escape') return { view: { ...view, prompt: null }, effects: [] };
  if (key.name === 'backspace') return { view: { ...view, prompt: { ...p, text: p.text.slice(0, -1) } }, effects: [] };
  if (isEnter(key)) return submitPrompt({ ...view, prompt: null }, p.kind, p.text.trim() || p.fallback);
  const ch = printable(key);
  if (ch) return { view: { ...view, prompt: { ...p, text: p.text + ch } }, effects: [] };
  return { view, effects: [] };
}

function submitPrompt(view: ViewState, kind: PromptKind, text: string): KeyResult {
  switch (kind) {
    case 'rows': {
      if (text === '') return { view: info({ ...view, maxRows: null }, 'showing all rows'), effects: [] };
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) return { view: error(view, `number of rows: ${JSON.stringify(text)} is not a whole number of at least 1`), effects: [] };
      return { view: info({ ...view, maxRows: n }, `showing at most ${n} rows`), effects: [] };
    }
    case 'delay': {
      const s = Number(text);
      if (text === '' || !Number.isFinite(s) || s <= 0) return { view: error(view, `delay: ${JSON.stringify(text)} is not a number of seconds`), effects: [] };
      const seconds = Math.max(MIN_DELAY_SECONDS, s);
      const note = s < MIN_DELAY_SECONDS ? ` (esxtop's minimum; ${s} s is too short)` : '';
      return { view: info({ ...view, delaySeconds: seconds }, `delay ${seconds} s${note}`), effects: [{ kind: 'delay', seconds }] };
    }
    case 'jump':
      return { view, effects: text === '' ? [] : [{ kind: 'jump', text }] };
    case 'write':
      if (text === '') return { view: error(view, 'no file name: configuration not written'), effects: [] };
      return { view, effects: [{ kind: 'write', path: text }] };
    case 'record':
      if (text === '') return { view: error(view, 'no file name: not recording'), effects: [] };
      return { view, effects: [{ kind: 'record', path: text }] };
  }
}

/** A prompt starts empty, as esxtop's do; Enter on empty takes `fallback`, shown in brackets. */
function prompt(view: ViewState, kind: PromptKind, fallback = ''): ViewState {
  const label = fallback ? `${PROMPTS[kind].slice(0, -1)} [${fallback}]:` : PROMPTS[kind];
  return { ...view, prompt: { kind, label, text: '', fallback } };
}

function sortBy(view: ViewState, sort: SortSpec): ViewState {
  const shown = visibleColumns(view.layout).some((c) => c.id === sort.column);
  const col = findColumn(sort.column);
  const hint = shown || !col ? '' : ` (column hidden: f ${col.group.toLowerCase()} shows it)`;
  return info({ ...view, sort, selected: 0 }, `sorted by ${sort.column}${sort.descending ? ', largest first' : ''}${hint}`);
}

function shiftSort(view: ViewState, d: -1 | 1): ViewState {
  const cols = visibleColumns(view.layout);
  if (cols.length === 0) return error(view, 'no column is shown (f to choose fields)');
  const i = cols.findIndex((c) => c.id === view.sort.column);
  const next = cols[i < 0 ? 0 : (i + d + cols.length) % cols.length];
  return sortBy(view, { column: next.id, descending: next.format !== 'text' && next.source !== 'gid' });
}

function moveSelection(view: ViewState, d: number, ctx: KeyContext): ViewState {
  const max = Math.max(0, ctx.rowCount - 1);
  return { ...view, selected: Math.min(max, Math.max(0, Math.min(view.selected, max) + d)) };
}

/** `G`/Enter: the highlighted group over time (Up/Down change the group). */
function groupGraph(view: ViewState, ctx: KeyContext): ViewState {
  if (ctx.rowCount === 0) return error(view, 'no group to graph yet');
  const name = ctx.selectedName ? ` ${ctx.selectedName}` : ' the highlighted group';
  return info({ ...view, graph: 'group' }, `graph of${name} (Up/Down: another group; g or Esc: the table)`);
}

function mainKey(view: ViewState, key: KeyPress, ctx: KeyContext): KeyResult {
  const none: Effect[] = [];
  switch (key.name) {
    case 'up': return { view: moveSelection(view, -1, ctx), effects: none };
    case 'down': return { view: moveSelection(view, 1, ctx), effects: none };
    case 'pageup': return { view: moveSelection(view, -Math.max(1, ctx.pageRows), ctx), effects: none };
    case 'pagedown': return { view: moveSelection(view, Math.max(1, ctx.pageRows), ctx), effects: none };
    case 'home': return { view, effects: [{ kind: 'first' }] };
    case 'end': return { view, effects: [{ kind: 'last' }] };
    case 'escape': return { view: view.graph === 'off' ? view : { ...view, graph: 'off' }, effects: none };
    case 'space': return { view, effects: [{ kind: 'refresh' }] };
  }
  if (isEnter(key)) return { view: groupGraph(view, ctx), effects: none };
  const ch = printable(key);
  switch (ch) {
    case 'q': return { view, effects: [{ kind: 'quit' }] };
    case 'm': return { view: info(view, 'memory page (the only page in balloontop)'), effects: none };
    case 'f': case 'F': return { view: { ...view, mode: 'fields' }, effects: none };
    case 'o': case 'O': return { view: { ...view, mode: 'order' }, effects: none };
    case 'h': case '?': return { view: { ...view, mode: 'help', helpTop: 0 }, effects: none };
    case 'M': return { view: sortBy(view, { column: 'MEMSZ', descending: true }), effects: none };
    case 'B': return { view: sortBy(view, { column: 'MCTLSZ', descending: true }), effects: none };
    case 'N': return { view: sortBy(view, { column: 'GID', descending: false }), effects: none };
    case '<': return { view: shiftSort(view, -1), effects: none };
    case '>': return { view: shiftSort(view, 1), effects: none };
    case 'R': return { view: sortBy(view, { ...view.sort, descending: !view.sort.descending }), effects: none };
    case 'V': {
      const vmsOnly = !view.vmsOnly;
      return { view: info({ ...view, vmsOnly, selected: 0 }, vmsOnly ? 'showing virtual machines only (V shows all groups)' : 'showing all groups'), effects: none };
    }
    case '#': return { view: prompt(view, 'rows'), effects: none };
    case 's': return { view: prompt(view, 'delay', String(view.delaySeconds)), effects: none };
    case 'W': return { view: prompt(view, 'write', ctx.defaultWritePath), effects: none };
    case 'J': return { view: prompt(view, 'jump'), effects: none };
    case 'r': return ctx.recording ? { view, effects: [{ kind: 'stopRecording' }] } : { view: prompt(view, 'record', ctx.defaultRecordPath), effects: none };
    case ' ': return { view, effects: [{ kind: 'refresh' }] };
    case '2': return { view: moveSelection(view, 1, ctx), effects: none };
    case '8': return { view: moveSelection(view, -1, ctx), effects: none };
    case 'g': return { view: view.graph === 'off' ? info({ ...view, graph: 'host' }, 'host graph up to the current sample (G: the highlighted group, g or Esc: the table)') : { ...view, graph: 'off' }, effects: none };
    case 'G': return { view: view.graph === 'group' ? { ...view, graph: 'off' } : groupGraph(view, ctx), effects: none };
    case 'z':
      if (view.graph !== 'host') break;
      return { view: info({ ...view, graphZoom: !view.graphZoom }, view.graphZoom ? 'free memory: the whole range' : 'free memory: zoomed to the state boundaries (up to the high line, 400% of minFree; more is drawn on the top edge)'), effects: none };
    case 'p': return { view, effects: [{ kind: 'pause' }] };
    case 't': return { view, effects: [{ kind: 'step', delta: 1 }] };
    case 'T': return { view, effects: [{ kind: 'step', delta: -1 }] };
    case '+': case '=': return { view, effects: [{ kind: 'faster' }] };
    case '-': case '_': return { view, effects: [{ kind: 'slower' }] };
    case null: return { view, effects: none };
  }
  if (ESXTOP_OTHER_PANELS[ch]) return { view: info(view, `'${ch}' is esxtop's ${ESXTOP_OTHER_PANELS[ch]} panel: balloontop shows the memory page only`), effects: none };
  if (ESXTOP_UNSUPPORTED[ch]) return { view: info(view, `'${ch}': ${ESXTOP_UNSUPPORTED[ch]}`), effects: none };
  return { view: info(view, `'${ch}' does nothing here: press h for help`), effects: none };
}
