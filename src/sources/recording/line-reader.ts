/**
 * Reads a text file line by line, plain or gzip (by its magic bytes), in
 * constant memory. Concatenated gzip members (appended recordings) read as one
 * text. A file cut off inside a gzip member (a crash while writing) still
 * yields everything before the cut, and `cut` tells the caller so.
 */
import { UserError } from '../../errors';
import { openInputFile, TruncatedGzipError, type InputFile } from '../file/input-file';

/** A sample line of a host with thousands of groups is a few MB; anything far longer is not a recording. */
const MAX_LINE_BYTES = 64 << 20;

interface TextLine {
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

  private constructor(private readonly input: InputFile) {}

  static async open(path: string): Promise<LineReader> {
    return new LineReader(await openInputFile(path));
  }

  get path(): string {
    return this.input.path;
  }

  get gzip(): boolean {
    return this.input.gzip;
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
    this.input.close();
  }

  private async read(): Promise<void> {
    let r: IteratorResult<Buffer>;
    try {
      r = await this.input.chunks.next();
    } catch (err) {
      if (!(err instanceof TruncatedGzipError)) throw err;
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
