/**
 * Writes a whole file the user named (an HTML report, an esxtop rc file) so
 * that a reader never sees half of it: a temporary file beside the target,
 * then a rename. The rename replaces what sits at the target's own path, so
 * a symbolic link is followed first (a dotfiles link to `~/.esxtop60rc` keeps
 * pointing at the file it points at), and a target that is not a regular
 * file (`/dev/stdout`, `/dev/full`, a pipe) is written into, as a shell's `>`
 * does, never replaced; `/dev/stdout` is balloontop's stdout, even when that
 * is a file. A failed write leaves no temporary file behind.
 */
import { fstatSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export function writeWholeFile(path: string, text: string): void {
  const st = statOrNull(path);
  if (st?.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
  if (st && !st.isFile()) {
    writeFileSync(path, text);
    return;
  }
  if (st && isStdout(st)) {
    // Stdout redirected to this file: through its own descriptor, so that what balloontop prints next follows.
    writeFileSync(1, text);
    return;
  }
  const target = st ? realpathSync(path) : resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, st ? { mode: st.mode & 0o7777 } : {});
    renameSync(tmp, target);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Never created, or already renamed.
    }
    throw err;
  }
}

/** Words for a failed write of a file (after `FILE: cannot write ... (`). */
export function writeFailureText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EIO':
      return 'input/output error';
    case 'ELOOP':
      return 'too many symbolic links (a loop?)';
    default:
      return e?.code ?? (err instanceof Error ? err.message : String(err));
  }
}

/** What the path names, symbolic links followed; null when nothing is there yet (or a link dangles). */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function isStdout(st: Stats): boolean {
  try {
    const out = fstatSync(1);
    return out.dev === st.dev && out.ino === st.ino;
  } catch {
    return false;
  }
}
