/** esxtop's `o` panel: an upper-case letter moves its field group left, a lower-case one right. */
import { moveField } from '../../src/config/field-layout';
import { result, type KeyBinding } from '../keys/binding';
import { PAGE } from '../keys/page-keys';
import type { Screen } from '../screen';
import { panelLines } from './field-lines';

const keys: readonly KeyBinding[] = [
  { keys: ['o', 'O'], on: PAGE, section: 'esxtop keys (memory page)', help: 'order panel: move field groups left and right', run: (v) => result({ ...v, screen: 'order', previous: v.screen }) },
  {
    keys: ['LETTER'], on: ['order'], section: 'panels', help: 'order panel: upper case moves that field group left, lower case right',
    run: (v, _e, k) => {
      const ch = k.ch ?? '';
      return result({ ...v, layout: moveField(v.layout, ch, ch === ch.toUpperCase() ? -1 : 1) });
    },
  },
  { keys: ['ANY'], on: ['order'], section: 'panels', help: 'order panel: back to the memory page', run: (v) => result({ ...v, screen: v.previous }) },
];

export const orderScreen: Screen = {
  id: 'order',
  body: ({ view, width }, room) => ({
    lines: panelLines(view.layout, width, room, ['Upper case letter moves field left, lower case letter moves field right'], 'Any other key to return:'),
  }),
  keys,
};
