/** esxtop's `f` panel: each field group with its letter; typing a letter shows or hides that group. */
import { toggleField } from '../../src/config/field-layout';
import { fieldGroup, GROUP_LETTERS } from '../../src/fields/registry';
import { info, result, type KeyBinding, type KeyEnv } from '../keys/binding';
import { PAGE } from '../keys/page-keys';
import { columnWindow, hiddenColumnsText, revealOffset } from '../parts/column-window';
import { visibleColumns } from '../parts/table';
import type { Screen } from '../screen';
import type { ViewState } from '../view-state';
import { panelLines } from './field-lines';

const LAST = GROUP_LETTERS[GROUP_LETTERS.length - 1].toLowerCase();

function toggle(view: ViewState, letter: string): ViewState {
  const layout = toggleField(view.layout, letter);
  const group = fieldGroup(letter);
  if (!group) return view;
  const on = layout.visible.has(group.letter);
  const revealGroup = on ? group.letter : view.revealGroup === group.letter ? null : view.revealGroup;
  return { ...view, layout, revealGroup };
}

/** Back to the page; the group switched on last is scrolled into view, and the message line says what is off screen. */
function leave(view: ViewState, env: KeyEnv): ViewState {
  const columns = visibleColumns(view.layout);
  const group = view.revealGroup ? fieldGroup(view.revealGroup) : undefined;
  const columnOffset = group ? revealOffset(columns, view.columnOffset, env.width, group.columns.map((c) => c.id), 'start') : view.columnOffset;
  const back: ViewState = { ...view, screen: view.previous, revealGroup: null, columnOffset };
  const hidden = hiddenColumnsText(columnWindow(columns, columnOffset, env.width));
  if (!hidden || view.previous !== 'table') return back;
  return info(back, group ? `${group.name} shown; ${hidden}` : hidden);
}

const keys: readonly KeyBinding[] = [
  { keys: ['f', 'F'], on: PAGE, section: 'esxtop keys (memory page)', help: 'field panel: each field group with its letter, * when shown, its description and columns; typing a letter shows or hides it', run: (v) => result({ ...v, screen: 'fields', previous: v.screen, revealGroup: null }) },
  { keys: ['LETTER'], on: ['fields'], section: 'panels', help: `field panel: show / hide that field group (a-${LAST}, either case)`, run: (v, _e, k) => result(toggle(v, k.ch ?? '')) },
  { keys: ['ANY'], on: ['fields'], section: 'panels', help: 'field panel: back to the memory page, with the group switched on last scrolled into view', run: (v, e) => result(leave(v, e)) },
];

export const fieldsScreen: Screen = {
  id: 'fields',
  body: ({ view, width }, room) => ({ lines: panelLines(view.layout, width, room, [], `Toggle fields with a-${LAST}, any other key to return:`) }),
  keys,
};
