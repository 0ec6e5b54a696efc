/** The prompt line (`#`, `s`, `J`, `W`, `r` and the instructor's actions ask for a value): typing, Backspace, Enter, Esc. */
import { MAX_DELAY_SECONDS, MIN_DELAY_SECONDS } from '../../src/config/esxtoprc';
import { safeText } from '../../src/text/safe-text';
import type { PromptKind, ViewState } from '../view-state';
import { error, info, printable, result, type KeyBinding, type KeyResult } from './binding';

const PROMPTS: Record<PromptKind, string> = {
  rows: 'Number of rows to show (Enter alone = all):',
  delay: `Delay between updates in seconds (at least ${MIN_DELAY_SECONDS}):`,
  jump: 'Jump to time (10:49:17, 04/24/2018 10:49:17, +5m, -30s):',
  write: 'Save config file to:',
  record: 'Record samples from now on to (.gz = gzip):',
  limit: 'Memory limit in MB for',
  maxmemctl: 'sched.mem.maxmemctl in MB (Enter alone: the default, 65% of its memory) for',
  reservation: 'Memory reservation in MB (0: none) for',
  hostMemory: 'Memory of the host in MB:',
};

/** Longest text a prompt takes (a path, a time). */
const MAX_PROMPT_TEXT = 1024;

/** A prompt starts empty, as esxtop's do; Enter on empty takes `fallback`, shown in brackets. An instructor's prompt names its VM. */
export function openPrompt(view: ViewState, kind: PromptKind, fallback = '', target?: string): ViewState {
  const text = target ? `${PROMPTS[kind]} ${safeText(target)}:` : PROMPTS[kind];
  const label = fallback ? `${text.slice(0, -1)} [${safeText(fallback)}]:` : text;
  return { ...view, prompt: { kind, label, text: '', fallback, target } };
}

/** MB typed at an instructor's prompt: a whole number (at least `min`), or why not. */
function megabytes(text: string, what: string, min: number): number | string {
  const n = Number(text);
  if (text === '' || !Number.isInteger(n) || n < min) return `${what}: ${JSON.stringify(text)} is not a whole number of MB${min > 0 ? ` of at least ${min}` : ''}`;
  return n;
}

function submit(view: ViewState, kind: PromptKind, text: string, target = ''): KeyResult {
  switch (kind) {
    case 'limit': {
      const mb = megabytes(text, 'limit', 1);
      return typeof mb === 'string' ? result(error(view, mb)) : result(view, { kind: 'act', action: { kind: 'setLimit', vm: target, limitMB: mb } });
    }
    case 'reservation': {
      const mb = megabytes(text, 'reservation', 0);
      return typeof mb === 'string' ? result(error(view, mb)) : result(view, { kind: 'act', action: { kind: 'setReservation', vm: target, reservationMB: mb } });
    }
    case 'maxmemctl': {
      const mb = text === '' ? null : megabytes(text, 'sched.mem.maxmemctl', 0);
      return typeof mb === 'string' ? result(error(view, mb)) : result(view, { kind: 'act', action: { kind: 'setMaxMemctl', vm: target, maxMemctlMB: mb } });
    }
    case 'hostMemory': {
      const mb = megabytes(text, 'host memory', 1024);
      return typeof mb === 'string' ? result(error(view, mb)) : result(view, { kind: 'act', action: { kind: 'setHostMemory', memoryMB: mb } });
    }
    case 'rows': {
      if (text === '') return result(info({ ...view, maxRows: null }, 'showing all rows'));
      const n = /^\s*\d{1,9}\s*$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(n) || n < 1) return result(error(view, `number of rows: ${JSON.stringify(text.slice(0, 40))} is not a whole number of at least 1`));
      return result(info({ ...view, maxRows: n, selected: Math.min(view.selected, n - 1) }, `showing at most ${n} rows`));
    }
    case 'delay': {
      const s = /^\s*(\d+\.?\d*|\.\d+)\s*$/.test(text) ? Number(text) : NaN;
      if (!(s > 0)) return result(error(view, `delay: ${JSON.stringify(text.slice(0, 40))} is not a number of seconds`));
      const seconds = Math.min(MAX_DELAY_SECONDS, Math.max(MIN_DELAY_SECONDS, s));
      const note = s < MIN_DELAY_SECONDS ? ` (esxtop's minimum; ${s} s is too short)` : s > MAX_DELAY_SECONDS ? ` (the longest; ${s} s is too long)` : '';
      return result(info({ ...view, delaySeconds: seconds }, `delay ${seconds} s${note}`), { kind: 'delay', seconds });
    }
    case 'jump':
      return text === '' ? result(view) : result(view, { kind: 'jump', text });
    case 'write':
      if (text === '') return result(error(view, 'no file name: configuration not written'));
      return result(view, { kind: 'write', path: text });
    case 'record':
      if (text === '') return result(error(view, 'no file name: not recording'));
      return result(view, { kind: 'record', path: text });
  }
}

const S = 'prompts' as const;

export const PROMPT_KEYS: readonly KeyBinding[] = [
  { keys: ['escape'], on: ['prompt'], section: S, help: 'cancel the prompt', run: (v) => result({ ...v, prompt: null }) },
  { keys: ['backspace'], on: ['prompt'], section: S, help: 'delete the last character', run: (v) => result({ ...v, prompt: v.prompt && { ...v.prompt, text: v.prompt.text.slice(0, -1) } }) },
  {
    keys: ['enter'], on: ['prompt'], section: S, help: 'take the value (an empty prompt takes the value in brackets)',
    run: (v) => (v.prompt ? submit({ ...v, prompt: null }, v.prompt.kind, v.prompt.text.trim() || v.prompt.fallback, v.prompt.target) : result(v)),
  },
  {
    keys: ['TEXT'], on: ['prompt'], section: S, help: 'type the value',
    run: (v, _e, k) => {
      const ch = printable(k);
      if (!v.prompt || ch === null || v.prompt.text.length >= MAX_PROMPT_TEXT) return result(v);
      return result({ ...v, prompt: { ...v.prompt, text: v.prompt.text + ch } });
    },
  },
  { keys: ['ANY'], on: ['prompt'], section: S, help: 'ignored', run: (v) => result(v) },
];
