/**
 * The keys of the memory page (the table and the graphs over it): esxtop's
 * keys where they apply, the ones that do not say so on the message line.
 */
import { MIN_DELAY_SECONDS } from '../../src/config/esxtoprc';
import { findColumn } from '../../src/fields/registry';
import { revealOffset } from '../parts/column-window';
import { visibleColumns } from '../parts/table';
import type { SortSpec, ViewState } from '../view-state';
import { error, info, result, type KeyBinding, type KeyEnv, type KeyPlace } from './binding';
import { openPrompt } from './prompt-keys';

/** The screens that show the memory page's data: every page key works on them. */
export const PAGE: readonly KeyPlace[] = ['table', 'hostGraph', 'groupGraph'];

/** esxtop keys that open pages balloontop does not have, with what they are in esxtop. */
const ESXTOP_OTHER_PANELS: Readonly<Record<string, string>> = {
  c: 'CPU',
  d: 'disk adapter',
  u: 'disk device',
  v: 'disk VM',
  n: 'network',
  i: 'interrupt',
  x: 'vSAN',
};

/** esxtop keys of the memory page that cannot work on balloontop's data. */
const ESXTOP_UNSUPPORTED: Readonly<Record<string, string>> = {
  e: 'expanding a group into its worlds needs per-world data that captures and the vSphere API do not have',
  E: 'expanding groups is not available',
  l: 'limiting the display to one group is not available: use V (VMs only) or # (rows)',
  L: 'the NAME width comes from the field registry',
  k: 'balloontop never kills worlds',
};

/** Sorts by a column; a shown column scrolled out of view is scrolled back in. */
function sortBy(view: ViewState, sort: SortSpec, env: KeyEnv): ViewState {
  const columns = visibleColumns(view.layout);
  const shown = columns.some((c) => c.id === sort.column);
  const col = findColumn(sort.column);
  const hint = shown || !col ? '' : ` (column hidden: f ${col.group.toLowerCase()} shows it)`;
  const columnOffset = shown ? revealOffset(columns, view.columnOffset, env.width, [sort.column], 'nearest') : view.columnOffset;
  return info({ ...view, sort, selected: 0, columnOffset }, `sorted by ${sort.column}${sort.descending ? ', largest first' : ''}${hint}`);
}

function shiftSort(view: ViewState, d: -1 | 1, env: KeyEnv): ViewState {
  const cols = visibleColumns(view.layout);
  if (cols.length === 0) return error(view, 'no column is shown (f to choose fields)');
  const i = cols.findIndex((c) => c.id === view.sort.column);
  const next = cols[i < 0 ? 0 : (i + d + cols.length) % cols.length];
  return sortBy(view, { column: next.id, descending: next.format !== 'text' && next.source !== 'gid' }, env);
}

function moveSelection(view: ViewState, d: number, env: KeyEnv): ViewState {
  const max = Math.max(0, env.rowCount - 1);
  return { ...view, selected: Math.min(max, Math.max(0, Math.min(view.selected, max) + d)) };
}

const S = 'esxtop keys (memory page)' as const;

export const PAGE_KEYS: readonly KeyBinding[] = [
  { keys: ['m'], on: PAGE, section: S, help: 'memory page (the only page balloontop has; accepted as in esxtop)', run: (v) => result(info({ ...v, screen: 'table' }, 'memory page (the only page in balloontop)')) },
  { keys: ['M'], on: PAGE, section: S, help: 'sort by MEMSZ (largest first)', run: (v, e) => result(sortBy(v, { column: 'MEMSZ', descending: true }, e)) },
  { keys: ['B'], on: PAGE, section: S, help: 'sort by MCTLSZ, the balloon size (largest first)', run: (v, e) => result(sortBy(v, { column: 'MCTLSZ', descending: true }, e)) },
  { keys: ['N'], on: PAGE, section: S, help: 'sort by GID', run: (v, e) => result(sortBy(v, { column: 'GID', descending: false }, e)) },
  { keys: ['<', '>'], on: PAGE, section: S, help: 'sort by the shown column left / right of the current sort column (scrolled into view when the columns scroll)', run: (v, e, k) => result(shiftSort(v, k.ch === '<' ? -1 : 1, e)) },
  { keys: ['R'], on: PAGE, section: S, help: 'reverse the sort order', run: (v, e) => result(sortBy(v, { ...v.sort, descending: !v.sort.descending }, e)) },
  {
    keys: ['V'], on: PAGE, section: S, help: 'show only virtual machines / all groups',
    run: (v) => result(info({ ...v, vmsOnly: !v.vmsOnly, selected: 0 }, v.vmsOnly ? 'showing all groups' : 'showing virtual machines only (V shows all groups)')),
  },
  { keys: ['#'], on: PAGE, section: S, help: 'number of rows to show (Enter alone = all)', run: (v) => result(openPrompt(v, 'rows')) },
  { keys: ['s'], on: PAGE, section: S, help: `delay in seconds (at least ${MIN_DELAY_SECONDS}): how often a realtime source is polled; a replay keeps its own pace, but W writes the delay`, run: (v) => result(openPrompt(v, 'delay', String(v.delaySeconds))) },
  { keys: ['space'], on: PAGE, section: S, help: 'refresh now (a realtime source is asked at once)', run: (v) => result(v, { kind: 'refresh' }) },
  { keys: ['2', 'down'], on: PAGE, section: S, help: 'move the highlight down', run: (v, e) => result(moveSelection(v, 1, e)) },
  { keys: ['8', 'up'], on: PAGE, section: S, help: 'move the highlight up', run: (v, e) => result(moveSelection(v, -1, e)) },
  { keys: ['pagedown', 'pageup'], on: PAGE, section: S, help: 'move the highlight by a page', run: (v, e, k) => result(moveSelection(v, (k.name === 'pageup' ? -1 : 1) * Math.max(1, e.pageRows), e)) },
  { keys: ['W'], on: PAGE, section: S, help: 'write the configuration to an esxtop rc file (esxtop reads it back); Enter alone writes to the proposed file: the one read at start (-c, the defaults file, ~/.esxtop60rc or ~/.esxtop50rc), or else the defaults file', run: (v, e) => result(openPrompt(v, 'write', e.defaultWritePath)) },
  { keys: ['q'], on: PAGE, section: S, help: 'quit', run: (v) => result(v, { kind: 'quit' }) },
  { keys: ['escape'], on: ['table'], section: S, help: 'clear the message line', run: (v) => result(v) },
  {
    keys: [...Object.keys(ESXTOP_OTHER_PANELS), ...Object.keys(ESXTOP_UNSUPPORTED)], on: PAGE, section: S,
    help: "esxtop's other pages and the memory-page keys balloontop cannot support: the message line says which",
    run: (v, _e, k) => {
      const ch = k.ch ?? '';
      const other = ESXTOP_OTHER_PANELS[ch];
      return result(info(v, other ? `'${ch}' is esxtop's ${other} panel: balloontop shows the memory page only` : `'${ch}': ${ESXTOP_UNSUPPORTED[ch]}`));
    },
  },
];

/** Last of all: a key no binding took. */
export const UNKNOWN_KEY: KeyBinding = {
  keys: ['ANY'], on: PAGE, section: S, help: 'says it does nothing and points to h',
  run: (v, _e, k) => result(k.ch && k.ch.length === 1 && k.ch >= ' ' ? info(v, `'${k.ch}' does nothing here: press h for help`) : v),
};
