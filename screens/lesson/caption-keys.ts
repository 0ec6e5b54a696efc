/** Captions on the memory page: the previous and next one (`{`, `}`), wherever they are in the lesson. */
import { result, type KeyBinding } from '../keys/binding';
import { PAGE } from '../keys/page-keys';

const S = 'lessons and the classroom' as const;

export const CAPTION_KEYS: readonly KeyBinding[] = [
  {
    keys: ['{', '}'], on: PAGE, section: S,
    help: 'previous / next caption: goes to the sample it shows on (a simulation or replay reads ahead for the next one); a caption that pauses pauses there',
    run: (v, _e, k) => result(v, { kind: 'caption', direction: k.ch === '{' ? -1 : 1 }),
  },
];
