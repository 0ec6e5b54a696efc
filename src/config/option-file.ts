/**
 * Small files named by an option (`--password-file`, `--token-file`, `--ca`):
 * read whole, with every failure as one line naming the option and the file.
 */
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../errors';
import { describeFsError } from '../sources/file/input-file';

export function readOptionFile(option: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw describeFsError(`${option} ${file}`, err);
  }
}

/**
 * The first line of a secret file (a password or a token), and whether other
 * users can read the file. An empty first line is an error.
 */
export function readSecretLine(option: string, file: string, opts: { trim?: boolean } = {}): { secret: string; readableByOthers: boolean } {
  const text = readOptionFile(option, file);
  let line = text.split(/\r?\n/, 1)[0];
  if (opts.trim) line = line.trim();
  if (line === '') throw new UserError(`${option} ${file}: the first line is empty`);
  let readableByOthers = false;
  try {
    readableByOthers = process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0;
  } catch {
    // Read a moment ago; if it is gone now, nothing to warn about.
  }
  return { secret: line, readableByOthers };
}
