/**
 * Output bytes built in place: batch output writes its cells straight into
 * one buffer (copies of input bytes, digits, short literals) and hands whole
 * buffers to the stream, instead of concatenating a string per cell.
 */
export class ByteBuffer {
  buf: Buffer;
  length = 0;
  /** The buffer `take()` gave away last, and one that may be filled again. */
  private taken: Buffer | null = null;
  private spare: Buffer | null = null;

  constructor(private readonly initial = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Room for `bytes` more (the buffer grows; what is in it stays). */
  ensure(bytes: number): void {
    const need = this.length + bytes;
    if (need <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }

  byte(c: number): void {
    this.buf[this.length++] = c;
  }

  /** `src[a, b)`; short runs by a loop (cheaper than a native call for a few bytes). */
  copy(src: Uint8Array, a: number, b: number): void {
    const buf = this.buf;
    let n = this.length;
    if (b - a < 24) {
      for (let i = a; i < b; i++) buf[n++] = src[i];
    } else {
      buf.set(src.subarray(a, b), n);
      n += b - a;
    }
    this.length = n;
  }

  /** Text as UTF-8 (with room for it made first). */
  text(s: string): void {
    this.ensure(s.length * 3);
    this.length += this.buf.write(s, this.length, 'utf8');
  }

  /** Free bytes before the buffer must grow. */
  get room(): number {
    return this.buf.length - this.length;
  }

  /** What was written, as a buffer of its own; this one starts empty again (the stream may still hold the old one). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length);
    this.taken = this.buf;
    this.buf = this.spare ?? Buffer.allocUnsafe(Math.max(this.initial, this.buf.length));
    this.spare = null;
    this.length = 0;
    return out;
  }

  /** What was written, copied to a buffer of its size; this one is emptied and kept. */
  takeCopy(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.length);
    this.buf.copy(out, 0, 0, this.length);
    this.length = 0;
    return out;
  }

  /** The stream is done with what `take()` gave last: its memory is used again (fresh memory costs page faults). */
  recycle(): void {
    if (this.taken && this.taken.length === this.buf.length) this.spare = this.taken;
    this.taken = null;
  }
}
