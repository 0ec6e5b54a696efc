/**
 * The one way balloontop writes a message for the user (an error, a warning,
 * serve's log): `balloontop: ` and one line made safe for the terminal
 * (`safe-text.ts`), whatever file or server the words in it came from.
 */
import type { Writable } from 'node:stream';
import { safeLine } from './safe-text';

function userLine(text: string): string {
  return `balloontop: ${safeLine(text)}\n`;
}

let guarded = false;

/** Writes one message line to stderr (or `to`). A stderr that cannot be written (`2>/dev/full`) is no reason to crash. */
export function tellUser(text: string, to: Writable = process.stderr): void {
  if (to === process.stderr && !guarded) {
    guarded = true;
    process.stderr.on('error', () => {});
  }
  try {
    to.write(userLine(text));
  } catch {
    // Nowhere left to say it.
  }
}
