/**
 * Holds the rows of a capture in one buffer, whole, for the row locator:
 * reads more (straight into the buffer for a plain file, by chunks for gzip
 * and pipes, or from a given position of a file) when the row at the front
 * is not complete, keeping the unfinished row. The buffer is the skip
 * kernel's memory when there is one, so the SIMD skip reads the file's bytes
 * where they were read to.
 *
 * A row longer than MAX_ROW_BYTES is never held: once it is known to be that
 * long, its bytes are dropped as they are read, up to its end.
 */
import { readSync } from 'node:fs';
import { InputDataError, type InputFile } from '../../file/input-file';
import { MAX_ROW_BYTES } from '../row-problems';
import type { SkipKernel } from '../simd-skip';
import type { RowEndFinder } from './row-end';

/** First size of the buffer; it doubles for longer rows. */
const INITIAL_BYTES = 8 << 20;
/** The buffer at most: the longest row kept, its line break, and room to read on. */
const MAX_BUFFER_BYTES = MAX_ROW_BYTES + (64 << 10);

/** Reads up to `length` bytes into `target` at `offset`; 0 at the end. */
type ReadInto = (target: Uint8Array, offset: number, length: number) => number | Promise<number>;

/** The rest of an input file, as the reader reads it (plain files straight into the buffer). */
export function inputReader(input: InputFile): ReadInto {
  if (input.readInto) return input.readInto.bind(input);
  let carry: Buffer | null = null;
  return async (target, offset, length) => {
    let chunk = carry;
    carry = null;
    if (!chunk) {
      const r = await input.chunks.next();
      if (r.done) return 0;
      chunk = r.value;
    }
    const n = Math.min(length, chunk.length);
    target.set(chunk.subarray(0, n), offset);
    if (n < chunk.length) carry = chunk.subarray(n);
    return n;
  };
}

/** Past the end of a range, read this much at a time (the rest of the last row). */
const PAST_END_BYTES = 1 << 16;

/**
 * A file from `position` on, by positioned reads (each thread of a parallel
 * projection reads its own part): up to `end` in reads as big as the buffer,
 * then in small ones, as the last row needs.
 */
export function fileRangeReader(fd: number, position: number, end: number): { read: ReadInto; readonly position: number } {
  let at = position;
  return {
    read(target, offset, length) {
      const n = readSync(fd, target, offset, Math.min(length, Math.max(end - at, PAST_END_BYTES)), at);
      at += n;
      return n;
    },
    get position() {
      return at;
    },
  };
}

export class RowReader {
  buf: Uint8Array;
  /** A Buffer over the same bytes (for decoding text). */
  text: Buffer;
  /** Data is `buf[at, limit)`. */
  at = 0;
  limit = 0;
  eof = false;
  private carry: Buffer | null;

  constructor(
    private readonly source: ReadInto,
    private readonly kernel: SkipKernel | null,
    pending: Buffer | null,
    skipLF: boolean,
  ) {
    this.buf = this.allocate(INITIAL_BYTES);
    this.text = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.carry = pending && pending.length > 0 ? pending : null;
    this.skipLF = skipLF;
  }

  private skipLF: boolean;

  /** Lines of the file the row passed over by the last `wholeRow` that returned false took up. */
  skippedLines = 0;
  /**
   * The input failed (corrupt gzip, a read error): it ends where it failed
   * (`eof`), the rows before are whole, and the row cut by the failure is not
   * one: whoever reads the rows throws this when it gets there.
   */
  failure: InputDataError | null = null;

  /** Keeps `buf[at, limit)` (an unfinished row) and reads more after it. Returns false at the end of the input. */
  async more(): Promise<boolean> {
    if (this.eof) return false;
    if (this.at > 0) {
      this.buf.copyWithin(0, this.at, this.limit);
      this.limit -= this.at;
      this.at = 0;
    }
    if (this.limit === this.buf.length) {
      // wholeRow() drops a row before it would need more than this.
      if (this.buf.length >= MAX_BUFFER_BYTES) throw new Error('row reader: the buffer is full');
      const bigger = this.allocate(Math.min(this.buf.length * 2, MAX_BUFFER_BYTES), this.limit);
      this.buf = bigger;
      this.text = Buffer.from(bigger.buffer, bigger.byteOffset, bigger.length);
    }
    const n = await this.read(this.buf, this.limit, this.buf.length - this.limit);
    if (n === 0) {
      this.eof = true;
      return false;
    }
    if (this.skipLF) {
      // The line break before this data was a CR: an LF right after it belongs to it.
      this.skipLF = false;
      if (this.buf[this.limit] === 0x0a) {
        this.buf.copyWithin(this.limit, this.limit + 1, this.limit + n);
        this.limit += n - 1;
        return true;
      }
    }
    this.limit += n;
    return true;
  }

  /**
   * The row at `at` goes on past the data read: reads on until it is whole
   * (true), or passes over a row longer than MAX_ROW_BYTES to its end (false;
   * `at` is then the next row's start, `skippedLines` the lines it took).
   * The row's end is looked for in the new bytes only (`finder`).
   */
  async wholeRow(finder: RowEndFinder): Promise<boolean> {
    finder.reset();
    let tooLong = false;
    for (;;) {
      const end = finder.find(this.buf, this.at, this.limit, this.eof);
      if (end >= 0) {
        if (this.failure && !finder.terminated) throw this.failure;
        if (!tooLong && finder.contentEnd <= MAX_ROW_BYTES) return true;
        this.at += end;
        this.skippedLines = finder.lines;
        return false;
      }
      if (tooLong || this.limit - this.at > MAX_ROW_BYTES + 1) {
        // Longer than any row kept, whatever its line break: what was looked at is dropped.
        tooLong = true;
        const n = finder.droppable;
        finder.drop(n);
        this.at += n;
      }
      await this.more();
    }
  }

  /** A buffer of `bytes`, keeping the first `keep` bytes of the current one. */
  private allocate(bytes: number, keep = 0): Uint8Array {
    if (this.kernel) {
      // The kernel's memory grows in place: what is in it stays.
      return this.kernel.ensure(bytes).subarray(0, bytes);
    }
    const b = new Uint8Array(bytes);
    if (keep > 0) b.set(this.buf.subarray(0, keep));
    return b;
  }

  private async read(target: Uint8Array, offset: number, length: number): Promise<number> {
    if (this.carry) {
      const n = Math.min(length, this.carry.length);
      target.set(this.carry.subarray(0, n), offset);
      this.carry = n < this.carry.length ? this.carry.subarray(n) : null;
      return n;
    }
    try {
      return await this.source(target, offset, length);
    } catch (err) {
      if (!(err instanceof InputDataError)) throw err;
      this.failure = err;
      return 0;
    }
  }
}
