/**
 * Opens an input file for streaming: plain or gzip (detected by its magic
 * bytes, not its name), with every open/read failure turned into one clear
 * line naming the file.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { PassThrough, type Readable } from 'node:stream';
import { UserError } from '../errors';

export const CHUNK_SIZE = 1 << 20;
/** Read ahead this much while a chunk is scanned (on a busy machine the read thread lags behind). */
export const READ_AHEAD = 4 << 20;

export interface InputFile {
  path: string;
  gzip: boolean;
  /** Chunks of the (decompressed) content. */
  chunks: AsyncIterator<Buffer>;
  close(): void;
}

export function describeFsError(path: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return new UserError(`${path}: no such file`);
    case 'EISDIR':
      return new UserError(`${path}: is a directory, not a file`);
    case 'EACCES':
    case 'EPERM':
      return new UserError(`${path}: permission denied`);
    case 'Z_BUF_ERROR':
      if (/unexpected end of file/i.test((err as Error).message)) return new UserError(`${path}: truncated gzip data (the compressed stream ends early)`);
      return new UserError(`${path}: corrupt gzip data (${(err as Error).message})`);
    case 'Z_DATA_ERROR':
    case 'Z_STREAM_ERROR':
      return new UserError(`${path}: corrupt gzip data (${(err as Error).message})`);
    default:
      return new UserError(`${path}: cannot read (${(err as Error)?.message ?? String(err)})`);
  }
}

export async function openInputFile(path: string): Promise<InputFile> {
  let head: Buffer;
  try {
    const st = await fsp.stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    const fh = await fsp.open(path, 'r');
    try {
      head = Buffer.alloc(2);
      const { bytesRead } = await fh.read(head, 0, 2, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw describeFsError(path, err);
  }
  if (head.length === 0) throw new UserError(`${path}: is empty`);
  const gzip = head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
  const raw = createReadStream(path, { highWaterMark: CHUNK_SIZE });
  let stream: Readable = raw;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: CHUNK_SIZE });
    raw.on('error', (e) => gunzip.destroy(e));
    stream = raw.pipe(gunzip);
  }
  const ahead = new PassThrough({ highWaterMark: READ_AHEAD });
  stream.on('error', (e) => ahead.destroy(e));
  stream.pipe(ahead);
  const it = ahead[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: AsyncIterator<Buffer> = {
    async next() {
      try {
        return await it.next();
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
      stream.destroy();
      ahead.destroy();
    },
  };
}
