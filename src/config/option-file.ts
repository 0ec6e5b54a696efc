/**
 * Small files named by an option or a setting (`--password-file`,
 * `--token-file`, `--ca`, `-c` and the defaults file, `--scenario`): read
 * whole, but never more than the file's budget, and only from a regular file
 * (or, for a secret, a pipe such as `<(pass show esx01)`). A device
 * (`/dev/zero`), a FIFO where none is expected, a directory or a file over its
 * budget is one line naming the file, never a hang or a memory blow-up.
 */
import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { UserError } from '../errors';
import { describeFsError } from '../sources/file/input-file';

interface FileBudget {
  /** Bytes read at most; a longer file is refused. */
  maxBytes: number;
  /** A pipe or FIFO is read (to its end or the budget) instead of refused. */
  pipes: boolean;
  /** What the file should be, for the message (`a password file`). */
  what: string;
}

/** Budgets of the files options name (the README's robustness table). */
const SECRET_FILE: FileBudget = { maxBytes: 64 << 10, pipes: true, what: 'a file with a secret on its first line' };
export const CA_FILE: FileBudget = { maxBytes: 4 << 20, pipes: false, what: 'a PEM certificate file' };
export const RC_FILE: FileBudget = { maxBytes: 64 << 10, pipes: false, what: 'an esxtop config file' };
export const SCENARIO_FILE: FileBudget = { maxBytes: 4 << 20, pipes: false, what: 'a scenario file' };

function sizeText(bytes: number): string {
  return bytes >= 1 << 20 ? `${bytes / (1 << 20)} MB` : `${bytes / 1024} KB`;
}

/** Why a file of this kind is not read, or null when it is. */
function kindProblem(st: Stats, budget: FileBudget): string | null {
  if (st.isDirectory()) return 'is a directory, not a file';
  if (st.isFile()) return st.size > budget.maxBytes ? `is larger than ${sizeText(budget.maxBytes)}: not ${budget.what}` : null;
  if (st.isFIFO() || st.isSocket()) return budget.pipes ? null : 'is a pipe, not a file';
  return 'is a device, not a file';
}

/**
 * The text of `file`, shown in messages as `shownAs` (`--ca FILE`, or the
 * path). Every failure is a UserError `shownAs: what is wrong`.
 */
export function readBoundedFile(file: string, shownAs: string, budget: FileBudget): string {
  let fd: number;
  try {
    const problem = kindProblem(statSync(file), budget);
    if (problem) throw new UserError(`${shownAs}: ${problem}`);
    fd = openSync(file, 'r');
  } catch (err) {
    throw err instanceof UserError ? err : describeFsError(shownAs, err);
  }
  try {
    const buf = Buffer.alloc(budget.maxBytes + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n > budget.maxBytes) throw new UserError(`${shownAs}: is larger than ${sizeText(budget.maxBytes)}: not ${budget.what}`);
    }
    return buf.toString('utf8', 0, n);
  } catch (err) {
    throw err instanceof UserError ? err : describeFsError(shownAs, err);
  } finally {
    closeSync(fd);
  }
}

export function readOptionFile(option: string, file: string, budget: FileBudget): string {
  return readBoundedFile(file, `${option} ${file}`, budget);
}

/**
 * The first line of a secret file (a password or a token), and whether other
 * users can read the file. An empty first line is an error.
 */
export function readSecretLine(option: string, file: string, opts: { trim?: boolean } = {}): { secret: string; readableByOthers: boolean } {
  const text = readOptionFile(option, file, SECRET_FILE);
  let line = text.split(/\r?\n/, 1)[0];
  if (opts.trim) line = line.trim();
  if (line === '') throw new UserError(`${option} ${file}: the first line is empty`);
  let readableByOthers = false;
  try {
    const st = statSync(file);
    readableByOthers = process.platform !== 'win32' && st.isFile() && (st.mode & 0o077) !== 0;
  } catch {
    // Read a moment ago; if it is gone now, nothing to warn about.
  }
  return { secret: line, readableByOthers };
}
