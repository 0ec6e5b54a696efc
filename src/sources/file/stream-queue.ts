/**
 * Takes the chunks of a readable stream as they come, up to a bound (the
 * stream is paused beyond it), and hands them out one by one. When the stream
 * fails, every chunk it gave before the failure is handed out first, then
 * the error: a stream's own buffering would drop them (a destroyed stream
 * discards what it holds), and with them the last good part of a damaged
 * file.
 */
import type { Readable } from 'node:stream';

export class StreamQueue {
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private finished = false;
  private failure: Error | null = null;
  /** A failure of whoever feeds the stream: it stands in for the stream's own end or error. */
  private feederFailure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly stream: Readable,
    private readonly aheadBytes: number,
  ) {
    stream.on('data', (chunk: Buffer) => {
      this.queue.push(chunk);
      this.queued += chunk.length;
      if (this.queued >= this.aheadBytes) stream.pause();
      this.poke();
    });
    stream.on('end', () => this.finish(null));
    stream.on('error', (err) => this.finish(err));
    // Destroyed without an error (closed by its reader): nothing more comes.
    stream.on('close', () => this.finish(null));
  }

  /** The next chunk; the stream's error (or the feeder's) once every chunk before it was taken. */
  async next(): Promise<IteratorResult<Buffer>> {
    for (;;) {
      const chunk = this.queue.shift();
      if (chunk !== undefined) {
        this.queued -= chunk.length;
        if (this.queued < this.aheadBytes && this.stream.isPaused() && !this.finished) this.stream.resume();
        return { done: false, value: chunk };
      }
      if (this.finished) {
        if (this.failure !== null) throw this.failure;
        return { done: true, value: undefined };
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** What feeds the stream failed: after what the stream still gives, this is the error. */
  feederFailed(err: Error): void {
    this.feederFailure ??= err;
  }

  private finish(err: Error | null): void {
    if (this.finished) return;
    this.finished = true;
    this.failure = this.feederFailure ?? err;
    this.poke();
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
