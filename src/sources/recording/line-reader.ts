/**
 * Reads a text file line by line, plain or gzip (by its magic bytes), in
 * constant memory: one decompressed chunk and the line being assembled are
 * held, and a line is cut out only when it is asked for (a chunk of a million
 * blank lines costs no more than one). Concatenated gzip members (appended
 * recordings) read as one text.
 *
 * Partly good gzip keeps its good part: when the data stops inside a member
 * (a crash while writing: `cut`) or a member is corrupt (a bad checksum, bad
 * deflate data: `corrupt`), every line decompressed before it is still
 * returned, and the caller is told.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { crc32, createGunzip, inflateRawSync, type Gunzip } from 'node:zlib';
import { UserError } from '../../errors';
import { describeFsError, openInputFile, TruncatedGzipError, type InputFile } from '../file/input-file';
import { MAX_LINE_BYTES } from './format';

interface TextLine {
  text: string;
  /** 1-based line number. */
  line: number;
  /** false for a last line without a line break (possibly torn). */
  terminated: boolean;
}

/** Compressed bytes fed to zlib at a time: what one feed can inflate to is bounded by deflate's ratio (about 1000:1). */
const GZIP_PIECE = 64 << 10;

/** A chunk source: the next chunk of text, or null at the end. */
interface Chunks {
  next(): Promise<Buffer | null>;
  close(): void;
}

export class LineReader {
  private chunk: Buffer | null = null;
  private pos = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lineNo = 0;
  private ended = false;
  /** The gzip data ended inside a member (a crash while writing). */
  cut = false;
  /** Why the gzip data could not be decompressed further (a bad checksum, bad data), or null. */
  corrupt: string | null = null;

  private constructor(
    readonly path: string,
    readonly gzip: boolean,
    private readonly chunks: Chunks,
  ) {}

  static async open(path: string): Promise<LineReader> {
    if (isGzipFile(path)) return new LineReader(path, true, new GzipChunks(path));
    const input = await openInputFile(path);
    return new LineReader(path, input.gzip, streamChunks(input));
  }

  /** The next line, or null at the end. */
  async next(): Promise<TextLine | null> {
    for (;;) {
      const chunk = this.chunk;
      if (chunk) {
        const i = chunk.indexOf(0x0a, this.pos);
        if (i >= 0) {
          let piece = chunk.subarray(this.pos, i);
          this.pos = i + 1;
          if (this.pending.length > 0) {
            this.pending.push(piece);
            piece = Buffer.concat(this.pending);
            this.pending = [];
            this.pendingBytes = 0;
          }
          return { text: stripCR(piece.toString('utf8')), line: ++this.lineNo, terminated: true };
        }
        if (this.pos < chunk.length) {
          this.pending.push(Buffer.from(chunk.subarray(this.pos)));
          this.pendingBytes += chunk.length - this.pos;
          if (this.pendingBytes > MAX_LINE_BYTES) throw new UserError(`${this.path}:${this.lineNo + 1}: a line longer than ${MAX_LINE_BYTES >> 20} MB; not a balloontop recording`);
        }
        this.chunk = null;
      }
      if (this.ended) {
        if (this.pending.length === 0) return null;
        const text = Buffer.concat(this.pending).toString('utf8');
        this.pending = [];
        this.pendingBytes = 0;
        return { text: stripCR(text), line: ++this.lineNo, terminated: false };
      }
      await this.read();
    }
  }

  /** Number of lines returned so far. */
  get lineCount(): number {
    return this.lineNo;
  }

  close(): void {
    this.chunks.close();
  }

  private async read(): Promise<void> {
    let chunk: Buffer | null;
    try {
      chunk = await this.chunks.next();
    } catch (err) {
      if (err instanceof TruncatedGzipError) this.cut = true;
      else if (err instanceof GzipDataError) this.corrupt = err.message;
      else throw err;
      chunk = null;
    }
    if (chunk === null) this.ended = true;
    else {
      this.chunk = chunk;
      this.pos = 0;
    }
  }
}

function stripCR(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

function isGzipFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(2);
      return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false; // the plain reader says what is wrong with the file
  }
}

function streamChunks(input: InputFile): Chunks {
  return {
    async next() {
      const r = await input.chunks.next();
      return r.done ? null : r.value;
    },
    close: () => input.close(),
  };
}

/** Corrupt gzip data (a bad checksum, invalid deflate data): what was decompressed before it stands. */
class GzipDataError extends Error {}

/**
 * A gzip file decompressed a piece at a time, as a stream. When zlib fails
 * (a bad checksum, bad data, a cut), the output of the piece it failed in is
 * lost with it, and that piece may hold many good members before the bad one:
 * the file is then decoded again member by member (`MemberByMember`), which
 * hands out the rest of the good members and stops at the bad one.
 */
class GzipChunks implements Chunks {
  private readonly fd: number;
  private readonly gunzip: Gunzip;
  private readonly out: Buffer[] = [];
  private failure: Error | null = null;
  private finished = false;
  private closed = false;
  private readonly piece = Buffer.alloc(GZIP_PIECE);
  /** Decompressed bytes handed out so far. */
  private produced = 0;
  private recovery: MemberByMember | null = null;

  constructor(private readonly path: string) {
    try {
      this.fd = openSync(path, 'r');
    } catch (err) {
      throw describeFsError(path, err);
    }
    this.gunzip = createGunzip({ chunkSize: GZIP_PIECE });
    this.gunzip.on('data', (d: Buffer) => this.out.push(d));
    this.gunzip.on('error', (err) => (this.failure ??= err));
  }

  async next(): Promise<Buffer | null> {
    if (this.recovery) return this.recovery.next();
    while (this.out.length === 0 && !this.failure && !this.finished && !this.closed) await this.feed();
    const d = this.out.shift();
    if (d) {
      this.produced += d.length;
      return d;
    }
    if (this.failure && !this.closed) {
      this.recovery = new MemberByMember(this.path, this.fd, this.produced, this.describe(this.failure));
      return this.recovery.next();
    }
    return null;
  }

  /** Feeds the next compressed piece (or the end) and waits until zlib has handed out what it made of it. */
  private async feed(): Promise<void> {
    let n: number;
    try {
      n = readSync(this.fd, this.piece, 0, GZIP_PIECE, null);
    } catch (err) {
      throw describeFsError(this.path, err);
    }
    const z = this.gunzip;
    if (n === 0) {
      await new Promise<void>((resolve) => {
        z.once('end', resolve);
        z.once('error', () => resolve());
        z.end();
      });
      this.finished = true;
      return;
    }
    await new Promise<void>((resolve) => {
      const onError = () => resolve();
      z.once('error', onError);
      z.write(Buffer.from(this.piece.subarray(0, n)), () => {
        z.off('error', onError);
        resolve();
      });
    });
  }

  private describe(err: Error): Error {
    const fsError = describeFsError(this.path, err);
    if (fsError instanceof TruncatedGzipError) return fsError;
    return new GzipDataError(err.message);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.gunzip.destroy();
    closeSync(this.fd);
  }
}

/** Largest member decoded in one go when recovering (a recording writes one member per line). */
const MAX_MEMBER_BYTES = 64 << 20;

/**
 * Decodes a gzip file member by member from its start, skipping the first
 * `skip` decompressed bytes (already handed out), and stops at the first
 * member that is cut or corrupt with `failure`, or the error found.
 */
class MemberByMember {
  private offset = 0;

  constructor(
    private readonly path: string,
    private readonly fd: number,
    private skip: number,
    private readonly failure: Error,
  ) {}

  async next(): Promise<Buffer | null> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      const out = this.member();
      if (out === null) return null;
      if (out.length <= this.skip) {
        this.skip -= out.length;
        continue;
      }
      const rest = out.subarray(this.skip);
      this.skip = 0;
      return rest;
    }
  }

  private read(at: number, length: number): Buffer {
    const buf = Buffer.alloc(length);
    let n = 0;
    while (n < length) {
      const got = readSync(this.fd, buf, n, length - n, at + n);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  }

  /** The next member's text, null at the end of the file; throws at a member that is not whole and good. */
  private member(): Buffer | null {
    const head = this.read(this.offset, 64 << 10);
    if (head.length === 0) return null;
    const start = this.offset + memberHeaderLength(head, this.failure);
    for (let window = 1 << 20; ; window *= 4) {
      const data = this.read(start, window);
      let inflated: { buffer: Buffer; engine: { bytesWritten: number } };
      try {
        inflated = inflateRawSync(data, { info: true, maxOutputLength: MAX_MEMBER_BYTES }) as unknown as typeof inflated;
      } catch (err) {
        const cut = (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR';
        if (cut && data.length === window && window < MAX_MEMBER_BYTES) continue;
        throw cut && data.length < window ? new TruncatedGzipError(this.path, 'truncated gzip data') : this.failure;
      }
      const end = start + inflated.engine.bytesWritten;
      const trailer = this.read(end, 8);
      if (trailer.length < 8) throw new TruncatedGzipError(this.path, 'truncated gzip data');
      if (trailer.readUInt32LE(0) !== crc32(inflated.buffer) || trailer.readUInt32LE(4) !== inflated.buffer.length % 2 ** 32) throw this.failure;
      this.offset = end + 8;
      return inflated.buffer;
    }
  }
}

/** Length of the gzip member header at the start of `head` (RFC 1952), or `failure` when it is not one. */
function memberHeaderLength(head: Buffer, failure: Error): number {
  if (head.length < 10 || head[0] !== 0x1f || head[1] !== 0x8b || head[2] !== 8) throw failure;
  const flags = head[3];
  let i = 10;
  if (flags & 4) i += 2 + (head.length >= 12 ? head.readUInt16LE(10) : 0);
  for (const bit of [8, 16]) {
    if (flags & bit) {
      const z = head.indexOf(0, i);
      if (z < 0) throw failure;
      i = z + 1;
    }
  }
  if (flags & 2) i += 2;
  if (i > head.length) throw failure;
  return i;
}
