/** esxtop's `f` panel: each field group with its letter; typing a letter shows or hides that group. */
import { toggleField } from '../../src/config/field-layout';
import { GROUP_LETTERS } from '../../src/fields/registry';
import { result, type KeyBinding } from '../keys/binding';
import { PAGE } from '../keys/page-keys';
import { textLine } from '../parts/line';
import type { Screen } from '../screen';
import { currentOrderLine, groupLines } from './field-lines';

const LAST = GROUP_LETTERS[GROUP_LETTERS.length - 1].toLowerCase();

const keys: readonly KeyBinding[] = [
  { keys: ['f', 'F'], on: PAGE, section: 'esxtop keys (memory page)', help: 'field panel: each field group with its letter, * when shown, its description and columns; typing a letter shows or hides it', run: (v) => result({ ...v, screen: 'fields', previous: v.screen }) },
  { keys: ['LETTER'], on: ['fields'], section: 'panels', help: `field panel: show / hide that field group (a-${LAST}, either case)`, run: (v, _e, k) => result({ ...v, layout: toggleField(v.layout, k.ch ?? '') }) },
  { keys: ['ANY'], on: ['fields'], section: 'panels', help: 'field panel: back to the memory page', run: (v) => result({ ...v, screen: v.previous }) },
];

export const fieldsScreen: Screen = {
  id: 'fields',
  body: ({ view, width }) => ({
    lines: [currentOrderLine(view.layout, width), [], ...groupLines(view.layout, width), [], textLine(`Toggle fields with a-${LAST}, any other key to return:`, width)],
  }),
  keys,
};
