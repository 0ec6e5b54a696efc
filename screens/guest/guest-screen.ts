/**
 * The guest page: what `balloontop guest` reads inside a Linux VM (or from a
 * recording or feed of it), in place of the host's memory page, which a
 * guest's sample leaves empty. The page follows the sample: a guest's sample
 * (a guest section, no groups) shows this page, a host's the memory page.
 * The timeline keys, `w`, `h`, `s`, space and `q` work here as on the memory
 * page; the memory page's own keys say they are for a host. Longer than the
 * screen, the page scrolls.
 */
import type { Sample } from '../../src/sample/sample';
import { info, keyLabel, printable, result, type KeyBinding, type KeyEnv } from '../keys/binding';
import { textLine, type Line } from '../parts/line';
import { scrolled } from '../parts/scrolled';
import type { FrameInput, Screen } from '../screen';
import type { ViewState } from '../view-state';
import { guestLines } from './guest-lines';

/** A sample of a guest's own view: a guest section and no groups. */
function isGuestSample(sample: Sample | null): boolean {
  return sample !== null && sample.guest !== undefined && sample.groups.length === 0;
}

/** The page the current sample calls for: the guest page for a guest's sample, the memory page for a host's; panels stay open and go back to it. */
export function pageForSample(view: ViewState, sample: Sample | null): ViewState {
  if (!sample) return view;
  const [from, to] = isGuestSample(sample) ? (['table', 'guest'] as const) : (['guest', 'table'] as const);
  if (view.screen !== from && view.previous !== from) return view;
  return { ...view, screen: view.screen === from ? to : view.screen, previous: view.previous === from ? to : view.previous };
}

function allGuestLines(input: FrameInput): Line[] {
  const { sample, width } = input;
  if (!sample?.guest) return [textLine('waiting for the first sample of the guest...', width)];
  return guestLines(sample, sample.guest, input.diagnosis, width);
}


function scroll(view: ViewState, env: KeyEnv, d: number): ViewState {
  return { ...view, guestTop: Math.min(Math.max(0, env.scrollLength), Math.max(0, view.guestTop + d)) };
}

/** Keys of a host's memory page that mean nothing on a guest's page. */
const HOST_PAGE_KEYS = ['f', 'F', 'o', 'O', 'M', 'B', 'N', '<', '>', 'R', 'V', '#', 'W', 'g', 'G', 'enter', 'left', 'right', '[', ']', 'z', 'm', 'c', 'd', 'u', 'v', 'n', 'i', 'x', 'e', 'E', 'l', 'L', 'k'];

const S = 'guest page' as const;

const keys: readonly KeyBinding[] = [
  { keys: ['down', '2'], on: ['guest'], section: S, help: 'guest page: scroll down', run: (v, e) => result(scroll(v, e, 1)) },
  { keys: ['up', '8'], on: ['guest'], section: S, help: 'guest page: scroll up', run: (v, e) => result(scroll(v, e, -1)) },
  { keys: ['pagedown', 'pageup'], on: ['guest'], section: S, help: 'guest page: scroll by a page', run: (v, e, k) => result(scroll(v, e, (k.name === 'pageup' ? -1 : 1) * Math.max(1, e.pageRows))) },
  {
    keys: HOST_PAGE_KEYS, on: ['guest'], section: S,
    help: "the memory page's field, sort, graph and page keys: they work on a host's memory page; the message line says so",
    run: (v, _e, k) => result(info(v, `'${printable(k) ?? keyLabel([k.name ?? ''])}' works on a host's memory page; this is a guest's page (t/T p J Home/End r: time, w: why, Up/Down: scroll, h: help)`)),
  },
];

export const guestScreen: Screen = {
  id: 'guest',
  body: (input, room) => ({ lines: scrolled(allGuestLines(input), input.view.guestTop, room, input.width, 'more: Down/PgDn', 'end: Up/PgUp') }),
  lineCount: (input) => allGuestLines(input).length,
  keys,
};
