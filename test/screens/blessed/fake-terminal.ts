/**
 * A terminal made of two PassThrough streams, the way blessed's own tests drive a screen:
 * blessed reads keys from `input` and draws to `output`; the test reads what
 * is on screen from `screen.lines`, types keys, and resizes.
 */
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FakeTerminal {
  input: PassThrough & { isTTY: boolean; setRawMode(mode: boolean): void; isRaw: boolean };
  output: PassThrough & { isTTY: boolean; columns: number; rows: number };
  type(keys: string): Promise<void>;
  resize(columns: number, rows: number): void;
}

export function fakeTerminal(columns: number, rows: number): FakeTerminal {
  const input = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode(mode: boolean) { input.isRaw = mode; } });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns, rows });
  output.on('data', () => {}); // drain: a real terminal consumes what is drawn
  return {
    input,
    output,
    async type(keys: string) {
      // One write per key, as a person types (a burst of ESC sequences would be read as one).
      for (const k of splitKeys(keys)) {
        input.write(k);
        await sleep(2);
      }
      await sleep(5);
    },
    resize(c: number, r: number) {
      output.columns = c;
      output.rows = r;
      output.emit('resize');
    },
  };
}

function splitKeys(keys: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === '\x1b' && keys[i + 1] === '[') {
      let j = i + 2;
      while (j < keys.length && !/[A-Za-z~]/.test(keys[j])) j++;
      out.push(keys.slice(i, j + 1));
      i = j;
    } else out.push(keys[i]);
  }
  return out;
}

export const KEY = { enter: '\r', up: '\x1b[A', down: '\x1b[B', home: '\x1b[1~', end: '\x1b[4~', escape: '\x1b', ctrlC: '\x03' };
