/**
 * Opens an input file for streaming: plain or gzip (detected by its magic
 * bytes, not its name), with every open/read failure turned into one clear
 * line naming the file.
 */
import { closeSync, createReadStream, openSync, promises as fsp, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { errorText, UserError } from '../../errors';
import { feedGunzip } from './gunzip-feed';
import { StreamQueue } from './stream-queue';

const CHUNK_SIZE = 1 << 20;
/** Read ahead this much while a chunk is scanned (on a busy machine the read thread lags behind). */
const READ_AHEAD = 4 << 20;

export interface InputFile {
  path: string;
  gzip: boolean;
  /** Chunks of the (decompressed) content. */
  chunks: AsyncIterator<Buffer>;
  /**
   * A plain regular file only: reads the next bytes straight into `target`
   * (after what `chunks` gave); 0 at the end.
   */
  readInto?(target: Uint8Array, offset: number, length: number): number;
  close(): void;
}

/**
 * The data of a file cannot be read on from some point (corrupt or truncated
 * gzip, a read error): what came before it was delivered. `problem` is the
 * message without the file's name, for a reader that adds the line it got to.
 */
export class InputDataError extends UserError {
  constructor(
    path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** The gzip data stops inside a member: a copy cut short, or a writer that crashed. What came before was read. */
export class TruncatedGzipError extends InputDataError {}

export function describeFsError(path: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return new UserError(`${path}: no such file`);
    case 'ENOTDIR':
      return new UserError(`${path}: no such file (a part of the path is not a directory)`);
    case 'ELOOP':
      return new UserError(`${path}: too many symbolic links (a loop?)`);
    case 'ENAMETOOLONG':
      return new UserError(`${path}: the name is too long`);
    case 'EISDIR':
      return new UserError(`${path}: is a directory, not a file`);
    case 'EACCES':
    case 'EPERM':
      return new UserError(`${path}: permission denied`);
    case 'Z_BUF_ERROR':
      if (/unexpected end of file/i.test((err as Error).message)) return new TruncatedGzipError(path, 'truncated gzip data (the compressed stream ends early)');
      return new InputDataError(path, `corrupt gzip data (${(err as Error).message})`);
    case 'Z_DATA_ERROR':
    case 'Z_STREAM_ERROR':
      return new InputDataError(path, `corrupt gzip data (${(err as Error).message})`);
    default:
      return new InputDataError(path, `cannot read (${errorText(err)})`);
  }
}

export async function openInputFile(path: string): Promise<InputFile> {
  let regular = false;
  let head: Buffer = Buffer.alloc(0);
  try {
    const st = await fsp.stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    regular = st.isFile();
    if (regular) {
      const fh = await fsp.open(path, 'r');
      try {
        const buf = Buffer.alloc(2);
        const { bytesRead } = await fh.read(buf, 0, 2, 0);
        head = buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    }
  } catch (err) {
    throw describeFsError(path, err);
  }
  if (regular) {
    if (head.length === 0) throw new UserError(`${path}: is empty`);
    if (!isGzip(head)) return plainFile(path);
  }
  const raw = createReadStream(path, { highWaterMark: CHUNK_SIZE });
  const rawChunks = new StreamQueue(raw, READ_AHEAD);
  // A pipe, FIFO or device cannot be read twice: peek at its first chunk instead.
  let first: Buffer | null = null;
  if (!regular) {
    try {
      const r = await rawChunks.next();
      first = r.done ? Buffer.alloc(0) : r.value;
    } catch (err) {
      raw.destroy();
      throw describeFsError(path, err);
    }
    head = first.subarray(0, 2);
    if (head.length === 0) {
      raw.destroy();
      throw new UserError(`${path}: is empty`);
    }
  }
  const gzip = isGzip(head);
  let peeked = first;
  const rawNext = () => {
    const chunk = peeked;
    peeked = null;
    return chunk ? Promise.resolve({ done: false as const, value: chunk }) : rawChunks.next();
  };
  let text: { next(): Promise<IteratorResult<Buffer>> } = { next: rawNext };
  let gunzip: ReturnType<typeof createGunzip> | null = null;
  if (gzip) {
    gunzip = createGunzip({ chunkSize: CHUNK_SIZE });
    const decompressed = new StreamQueue(gunzip, READ_AHEAD);
    void feedGunzip(rawNext, gunzip, (err) => decompressed.feederFailed(err));
    text = decompressed;
  }
  const chunks: AsyncIterator<Buffer> = {
    async next() {
      try {
        return await text.next();
      } catch (err) {
        throw describeFsError(path, err);
      }
    },
  };
  return {
    path,
    gzip,
    chunks,
    close() {
      raw.destroy();
      gunzip?.destroy();
    },
  };
}

function isGzip(head: Buffer): boolean {
  return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * A plain regular file, read with synchronous 1 MiB reads as the consumer asks:
 * from the page cache that is a fraction of a millisecond per chunk, and it
 * spares a hop to the thread pool for every chunk (which, on a busy machine,
 * left the reader waiting).
 */
function plainFile(path: string): InputFile {
  let fd: number | null;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw describeFsError(path, err);
  }
  let count = 0;
  const chunks: AsyncIterator<Buffer> = {
    async next() {
      // Let the event loop turn now and then (keys, timers), as a stream would.
      if (++count % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (fd === null) return { done: true, value: undefined };
      const buf = Buffer.allocUnsafe(CHUNK_SIZE);
      let n: number;
      try {
        n = readSync(fd, buf, 0, CHUNK_SIZE, null);
      } catch (err) {
        throw describeFsError(path, err);
      }
      if (n === 0) return { done: true, value: undefined };
      return { done: false, value: n === CHUNK_SIZE ? buf : buf.subarray(0, n) };
    },
  };
  return {
    path,
    gzip: false,
    chunks,
    readInto(target, offset, length) {
      if (fd === null) return 0;
      try {
        return readSync(fd, target, offset, length, null);
      } catch (err) {
        throw describeFsError(path, err);
      }
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
