/**
 * Where `balloontop guest` reads from: the running guest (`/`), or with
 * `--root DIR` a directory laid out like `/` (files collected from a
 * customer's guest, an sos report, a test fixture). Every reader asks the root
 * for its paths, so the same code reads a live guest and a copy of one.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors';
import { describeFsError } from '../file/input-file';

export class GuestRoot {
  private constructor(
    /** The directory standing for `/`. */
    readonly dir: string,
    /** The running guest: commands (vmware-toolbox-cmd) run and /dev/kmsg is read. */
    readonly live: boolean,
  ) {}

  static live(): GuestRoot {
    return new GuestRoot('/', true);
  }

  /** `--root DIR`: one line naming DIR when it is not a directory. */
  static at(dir: string): GuestRoot {
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(`--root ${dir}: no such directory`);
      if (code === 'EACCES' || code === 'EPERM') throw new UserError(`--root ${dir}: permission denied`);
      throw describeFsError(`--root ${dir}`, err);
    }
    if (!isDir) throw new UserError(`--root ${dir}: not a directory (give the directory that stands for /, holding proc/meminfo, ...)`);
    return new GuestRoot(dir, false);
  }

  /** The real path of `rel` (`proc/meminfo`). */
  path(rel: string): string {
    return join(this.dir, rel);
  }

  /** What to call `rel` in messages: `/proc/meminfo` live, `DIR/proc/meminfo` under --root. */
  show(rel: string): string {
    return this.live ? `/${rel}` : join(this.dir, rel);
  }
}
