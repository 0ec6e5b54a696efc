/**
 * Every screen of the dashboard, one line each, and the one table of key
 * bindings built from them: the dispatcher, the help screen and the README's
 * key table all read `KEY_BINDINGS`.
 */
import { groupGraphScreen, hostGraphScreen } from './graph/graph-screens';
import { actScreen } from './lesson/act-screen';
import { CAPTION_KEYS } from './lesson/caption-keys';
import { outlineScreen } from './lesson/outline-screen';
import { result, type KeyBinding, type KeyPlace } from './keys/binding';
import { PAGE_KEYS, UNKNOWN_KEY } from './keys/page-keys';
import { PROMPT_KEYS } from './keys/prompt-keys';
import { TIMELINE_KEYS } from './keys/timeline-keys';
import { tableScreen } from './memory/table-screen';
import { fieldsScreen } from './panels/fields-screen';
import { makeHelpScreen } from './panels/help-screen';
import { orderScreen } from './panels/order-screen';
import type { Screen } from './screen';
import type { ScreenId } from './view-state';

export const SCREENS: Readonly<Record<ScreenId, Screen>> = {
  table: tableScreen,
  hostGraph: hostGraphScreen,
  groupGraph: groupGraphScreen,
  fields: fieldsScreen,
  order: orderScreen,
  help: makeHelpScreen(() => KEY_BINDINGS),
  outline: outlineScreen,
  act: actScreen,
};

const EVERYWHERE: readonly KeyPlace[] = [...(Object.keys(SCREENS) as ScreenId[]), 'prompt'];

const QUIT: KeyBinding = { keys: ['C-c'], on: EVERYWHERE, section: 'esxtop keys (memory page)', help: 'quit, wherever you are', run: (v) => result(v, { kind: 'quit' }) };

/**
 * Every binding, in the order the dispatcher tries them: the first whose key
 * and place match wins, so each screen's own keys come before the keys of the
 * whole page, and "any other key" comes last.
 */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  QUIT,
  ...PROMPT_KEYS,
  ...Object.values(SCREENS).flatMap((s) => s.keys),
  ...PAGE_KEYS,
  ...TIMELINE_KEYS,
  ...CAPTION_KEYS,
  UNKNOWN_KEY,
];
