/** A key press through the binding table: the first binding whose key and place match runs. */
import { fieldGroup } from '../../src/fields/registry';
import type { ViewState } from '../view-state';
import { matches, result, type KeyBinding, type KeyEnv, type KeyPlace, type KeyPress, type KeyResult } from './binding';
import { PAGE } from './page-keys';

const isFieldLetter = (ch: string) => fieldGroup(ch) !== undefined;

function placeOf(view: ViewState): KeyPlace {
  return view.prompt ? 'prompt' : view.screen;
}

export function findBinding(bindings: readonly KeyBinding[], place: KeyPlace, key: KeyPress): KeyBinding | null {
  for (const b of bindings) {
    if (!b.on.includes(place)) continue;
    if (b.keys.some((k) => matches(k, key, isFieldLetter))) return b;
  }
  return null;
}

export function handleKey(bindings: readonly KeyBinding[], view: ViewState, key: KeyPress, env: KeyEnv): KeyResult {
  // blessed reports `\r` twice, as `enter` then `return`: the second is dropped.
  if (key.name === 'return') return result(view);
  const place = placeOf(view);
  const binding = findBinding(bindings, place, key);
  // On the memory page a key press clears the last message (a new one may replace it).
  const base = PAGE.includes(place) ? { ...view, message: null } : view;
  return binding ? binding.run(base, env, key) : result(base);
}
