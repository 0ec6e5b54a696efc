/** Moving in time: replays, simulations and a live host's history. */
import { result, type KeyBinding } from './binding';
import { PAGE } from './page-keys';
import { openPrompt } from './prompt-keys';

const S = 'moving in time' as const;

export const TIMELINE_KEYS: readonly KeyBinding[] = [
  { keys: ['p'], on: PAGE, section: S, help: 'pause / resume (live: freeze the view while polling goes on; resume goes back to LIVE)', run: (v) => result(v, { kind: 'pause' }) },
  { keys: ['t', 'T'], on: PAGE, section: S, help: 'next / previous sample', run: (v, _e, k) => result(v, { kind: 'step', delta: k.ch === 'T' ? -1 : 1 }) },
  { keys: ['J'], on: PAGE, section: S, help: 'jump to a time: 10:49:17, 04/24/2018 10:49:17, ISO 2018-04-24T10:49:17Z, +5m, -30s (UTC, like the capture)', run: (v) => result(openPrompt(v, 'jump')) },
  { keys: ['home', 'end'], on: PAGE, section: S, help: 'first / last sample (End reads a file to its end, 50,000 samples per press)', run: (v, _e, k) => result(v, { kind: k.name === 'home' ? 'first' : 'last' }) },
  { keys: ['+', '-'], on: PAGE, section: S, help: 'replay faster / slower (x2, /2)', run: (v, _e, k) => result(v, { kind: k.ch === '-' ? 'slower' : 'faster' }) },
  {
    keys: ['r'], on: PAGE, section: S, help: 'record every new sample to a balloontop recording (asks for the file; r again stops)',
    run: (v, e) => (e.recording ? result(v, { kind: 'stopRecording' }) : result(openPrompt(v, 'record', e.defaultRecordPath))),
  },
  { keys: ['=', '_'], on: PAGE, section: S, help: 'the same as + and - (no Shift needed)', run: (v, _e, k) => result(v, { kind: k.ch === '_' ? 'slower' : 'faster' }) },
];
