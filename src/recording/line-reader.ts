/**
 * Reads a text file line by line, plain or gzip (by its magic bytes), in
 * constant memory. Concatenated gzip members (appended recordings) read as one
 * text. A file cut off inside a gzip member (a crash while writing) still
 * yields everything before the cut, and `cut` tells the caller so.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { UserError } from '../errors';
import { CHUNK_SIZE, describeFsError } from '../sources/input-file';

/** A sample line of a host with thousands of groups is a few MB; anything far longer is not a recording. */
export const MAX_LINE_BYTES = 64 << 20;

export interface TextLine {
  text: string;
  /** 1-based line number. */
  line: number;
  /** false for a last line without a line break (possibly torn). */
  terminated: boolean;
}

export class LineReader {
  private pending: Buffer[] = [];
  private lines: TextLine[] = [];
  private lineNo = 0;
  private pendingBytes = 0;
  private ended = false;
  /** The gzip data ended inside a member (a crash while writing). */
  cut = false;

  private constructor(
    readonly path: string,
    readonly gzip: boolean,
    private readonly stream: Readable,
    private readonly it: AsyncIterator<Buffer>,
  ) {}

  static async open(path: string): Promise<LineReader> {
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
    return new LineReader(path, gzip, stream, stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
  }

  /** The next line, or null at the end. */
  async next(): Promise<TextLine | null> {
    while (this.lines.length === 0 && !this.ended) await this.read();
    return this.lines.shift() ?? null;
  }

  /** Number of lines returned so far. */
  get lineCount(): number {
    return this.lineNo;
  }

  close(): void {
    this.stream.destroy();
  }

  private async read(): Promise<void> {
    let r: IteratorResult<Buffer>;
    try {
      r = await this.it.next();
    } catch (err) {
      if (!(this.gzip && (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR')) throw describeFsError(this.path, err);
      // The file ends inside a gzip member: cut off while writing. What came before is kept.
      this.cut = true;
      r = { done: true, value: undefined };
    }
    if (r.done) {
      this.ended = true;
      if (this.pending.length > 0) {
        const text = Buffer.concat(this.pending).toString('utf8');
        this.pending = [];
        this.lines.push({ text: stripCR(text), line: ++this.lineNo, terminated: false });
      }
      return;
    }
    const chunk = r.value;
    let start = 0;
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, start)) {
      let piece = chunk.subarray(start, i);
      if (this.pending.length > 0) {
        this.pending.push(piece);
        piece = Buffer.concat(this.pending);
        this.pending = [];
        this.pendingBytes = 0;
      }
      this.lines.push({ text: stripCR(piece.toString('utf8')), line: ++this.lineNo, terminated: true });
      start = i + 1;
    }
    if (start < chunk.length) {
      this.pending.push(Buffer.from(chunk.subarray(start)));
      this.pendingBytes += chunk.length - start;
      if (this.pendingBytes > MAX_LINE_BYTES) throw new UserError(`${this.path}:${this.lineNo + 1}: a line longer than ${MAX_LINE_BYTES >> 20} MB; not a balloontop recording`);
    }
  }
}

function stripCR(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}
