/** Moving in time: replays, simulations and a live host's history. */
import { result, type KeyBinding } from './binding';
import { PAGE } from './page-keys';
import { openPrompt } from './prompt-keys';

const S = 'moving in time' as const;

export const TIMELINE_KEYS: readonly KeyBinding[] = [
  { keys: ['p'], on: PAGE, section: S, help: 'pause / resume; on a live source or a feed the view freezes while samples keep coming (t/T step through them), and resume goes back to LIVE (in esxtop, p is the power panel)', run: (v) => result(v, { kind: 'pause' }) },
  { keys: ['t', 'T'], on: PAGE, section: S, help: 'next / previous sample', run: (v, _e, k) => result(v, { kind: 'step', delta: k.ch === 'T' ? -1 : 1 }) },
  { keys: ['J'], on: PAGE, section: S, help: 'jump to a time: 10:49:17 (on the current sample\'s day), 04/24/2018 10:49:17, ISO 2018-04-24T10:49:17Z, or +5m -30s +1h +10; goes to the last sample at or before it (UTC, like the capture)', run: (v) => result(openPrompt(v, 'jump')) },
  { keys: ['home', 'end'], on: PAGE, section: S, help: 'first / last sample; End reads a capture or recording to its end (50,000 samples per press, keys stay live); on a simulation, the newest simulated so far; on a live host or a feed (a student following an instructor), back to LIVE: following again', run: (v, _e, k) => result(v, { kind: k.name === 'home' ? 'first' : 'last' }) },
  { keys: ['+', '-'], on: PAGE, section: S, help: 'replay faster / slower (x2, /2; from 1/64x to 1024x)', run: (v, _e, k) => result(v, { kind: k.ch === '-' ? 'slower' : 'faster' }) },
  {
    keys: ['r'], on: PAGE, section: S, help: 'record every new sample to a balloontop recording: asks for the file (Enter takes balloontop-<host>-<time>.jsonl.gz; .gz = gzip), REC n shows in the status line, r again stops',
    run: (v, e) => (e.recording ? result(v, { kind: 'stopRecording' }) : result(openPrompt(v, 'record', e.defaultRecordPath))),
  },
  { keys: ['=', '_'], on: PAGE, section: S, help: 'the same as + and - (no Shift needed)', run: (v, _e, k) => result(v, { kind: k.ch === '_' ? 'slower' : 'faster' }) },
];
