/**
 * Reading the guest's small text files with a cap, so that a file under
 * --root that is huge, a device (/dev/zero) or a FIFO never hangs balloontop
 * or fills its memory. procfs, sysfs and debugfs files are regular files that
 * report size 0, so the cap is enforced while reading, not from the size.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export type ReadFailureKind = 'absent' | 'denied' | 'not-file' | 'too-big' | 'error';

export interface ReadFailure {
  failure: ReadFailureKind;
  /** One line: what is wrong with the file, without its name. */
  reason: string;
}

interface ReadText {
  text: string;
  /** Modification time of the file (ms since epoch). */
  mtimeMs: number;
  /** Only the end of the file was read (`readTail`). */
  cut: boolean;
}

type ReadResult = ReadText | ReadFailure;

export function isFailure(r: ReadResult): r is ReadFailure {
  return (r as ReadFailure).failure !== undefined;
}

export function describeOpenError(err: unknown): ReadFailure {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { failure: 'absent', reason: 'no such file' };
    case 'EACCES':
    case 'EPERM':
      return { failure: 'denied', reason: 'permission denied' };
    case 'ELOOP':
      return { failure: 'error', reason: 'symbolic link loop' };
    default:
      return { failure: 'error', reason: `cannot read (${code ?? (err as Error)?.message ?? String(err)})` };
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isFIFO()) return 'a pipe';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** Opens without blocking (a FIFO would block a plain open) and insists on a regular file. */
function openRegular(path: string): { fd: number; st: Stats } | ReadFailure {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return describeOpenError(err);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      return { failure: 'not-file', reason: `is ${kindOf(st)}, not a file` };
    }
    return { fd, st };
  } catch (err) {
    closeSync(fd);
    return describeOpenError(err);
  }
}

function readFrom(fd: number, position: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const buf = Buffer.allocUnsafe(Math.min(64 * 1024, limit - total));
    const n = readSync(fd, buf, 0, buf.length, position + total);
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

/** The whole file, or a failure when it holds more than `maxBytes`. */
export function readBounded(path: string, maxBytes: number): ReadResult {
  const opened = openRegular(path);
  if ('failure' in opened) return opened;
  try {
    const data = readFrom(opened.fd, 0, maxBytes + 1);
    if (data.length > maxBytes) return { failure: 'too-big', reason: `larger than ${sizeText(maxBytes)}, not the file expected here` };
    // A file saved on Windows may start with a byte order mark.
    return { text: data.toString('utf8').replace(/^\uFEFF/, ''), mtimeMs: opened.st.mtimeMs, cut: false };
  } catch (err) {
    return describeOpenError(err);
  } finally {
    closeSync(opened.fd);
  }
}

/** The last `maxBytes` of a log file, from the first whole line. */
export function readTail(path: string, maxBytes: number): ReadResult {
  const opened = openRegular(path);
  if ('failure' in opened) return opened;
  try {
    const size = opened.st.size;
    const start = size > maxBytes ? size - maxBytes : 0;
    const data = readFrom(opened.fd, start, maxBytes);
    let text = data.toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    else text = text.replace(/^\uFEFF/, '');
    return { text, mtimeMs: opened.st.mtimeMs, cut: start > 0 };
  } catch (err) {
    return describeOpenError(err);
  } finally {
    closeSync(opened.fd);
  }
}

/** Size, mtime and inode of a file without reading it; null when it cannot be stat'ed. */
export function fileStamp(path: string): string | null {
  const opened = openRegular(path);
  if ('failure' in opened) return null;
  closeSync(opened.fd);
  return `${opened.st.dev}:${opened.st.ino}:${opened.st.size}:${opened.st.mtimeMs}`;
}
