/**
 * A key binding: the keys, where they apply, the help text, and the handler,
 * a pure function from the view to a new view and the effects the app must
 * carry out (quit, move in time, write a file). The dispatcher, the help
 * screen and the README's key table all read the same bindings.
 */
import type { SourceAction } from '../../src/sources/source';
import type { ScreenId, ViewState } from '../view-state';

/** A key as blessed reports it: the character typed (if any) and the key name (`enter`, `up`, `C-c`). */
export interface KeyPress {
  ch?: string;
  name?: string;
  full?: string;
}

/**
 * A key of a binding: one character (`f`, `F`, `#`), a named key (`up`,
 * `down`, `pageup`, `pagedown`, `home`, `end`, `escape`, `enter`,
 * `backspace`, `space`, `left`, `right`, `tab`), `C-c`; or a class: `LETTER` (a
 * field letter, either case), `TEXT` (any printable character), `ANY` (any
 * other key).
 */
export type KeySpec = string;

/** Where a binding applies: a screen, or the prompt line while it is open. */
export type KeyPlace = ScreenId | 'prompt';

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
  | { kind: 'stopRecording' }
  | { kind: 'caption'; direction: -1 | 1 }
  /** The caption at this row of the lesson outline. */
  | { kind: 'toCaption'; row: number }
  /** An instructor's action on the simulated host. */
  | { kind: 'act'; action: SourceAction };

/** What a handler may know besides the view: the app's answers to "how many rows", "where to write". */
export interface KeyEnv {
  /** Rows the table shows (after `V` and `#`). */
  rowCount: number;
  /** Table rows that fit on screen. */
  pageRows: number;
  /** Lines of the current screen beyond one page, when it scrolls (the help, the `w` panel, the guest page); else 0. */
  scrollLength: number;
  /** Where `W` proposes to write. */
  defaultWritePath: string;
  /** A recording is being written (`r` stops it). */
  recording: boolean;
  /** Where `r` proposes to record. */
  defaultRecordPath: string;
  /** The highlighted group's name (`G`/Enter graph it), if any. */
  selectedName: string | null;
  /** The highlighted group is a VM (an instructor's action may name it). */
  selectedIsVm: boolean;
  /** The source can be acted on (the simulated host). */
  canAct: boolean;
  /** Rows of the lesson outline, and the row of the caption in force (-1: none). */
  outlineLength: number;
  outlineCurrent: number;
  /** Columns of the terminal (which table columns fit, for scrolling them). */
  width: number;
}

export interface KeyResult {
  view: ViewState;
  effects: Effect[];
}

/** Help sections, in the order the help screen and the README list them. */
export const SECTIONS = ['esxtop keys (memory page)', 'moving in time', 'graphs', 'lessons and the classroom', 'panels', 'guest page', 'prompts'] as const;
export type Section = (typeof SECTIONS)[number];

export interface KeyBinding {
  keys: readonly KeySpec[];
  on: readonly KeyPlace[];
  section: Section;
  help: string;
  run(view: ViewState, env: KeyEnv, key: KeyPress): KeyResult;
}

export function result(view: ViewState, ...effects: Effect[]): KeyResult {
  return { view, effects };
}

export function info(view: ViewState, text: string): ViewState {
  return { ...view, message: { text, level: 'info' } };
}

export function error(view: ViewState, text: string): ViewState {
  return { ...view, message: { text, level: 'error' } };
}

/** The printable character of a key, if it has one. */
export function printable(key: KeyPress): string | null {
  return key.ch && key.ch.length === 1 && key.ch >= ' ' && key.ch !== '\x7f' ? key.ch : null;
}

const NAMED = new Set(['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'escape', 'backspace', 'space', 'enter', 'tab']);

export function matches(spec: KeySpec, key: KeyPress, isLetter: (ch: string) => boolean): boolean {
  const ch = printable(key);
  switch (spec) {
    case 'ANY':
      return true;
    case 'TEXT':
      return ch !== null;
    case 'LETTER':
      return ch !== null && /^[a-z]$/i.test(ch) && isLetter(ch);
    case 'C-c':
      return key.full === 'C-c';
    case 'enter':
      // blessed reports `\r` as `enter` (then `return`, dropped by the dispatcher), `\n` as `linefeed`.
      return key.name === 'enter' || key.name === 'linefeed';
    case 'space':
      return key.name === 'space' || ch === ' ';
  }
  if (NAMED.has(spec)) return key.name === spec;
  return ch === spec;
}

const SHOWN: Record<string, string> = {
  up: 'Up', down: 'Down', left: 'Left', right: 'Right', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End',
  escape: 'Esc', backspace: 'Backspace', space: 'space', enter: 'Enter', tab: 'Tab', 'C-c': 'Ctrl-C',
  LETTER: 'a letter', TEXT: 'text', ANY: 'any other key',
};

/** A binding's keys as the help shows them (`f F`, `Up Down`, `Ctrl-C`). */
export function keyLabel(keys: readonly KeySpec[]): string {
  return keys.map((k) => SHOWN[k] ?? k).join(' ');
}
