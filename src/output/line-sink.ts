/**
 * Writes lines to a stream with backpressure, and notices when the reader
 * has gone away (`balloontop replay x -b | head`): EPIPE ends the output
 * quietly instead of crashing.
 */
import type { Writable } from 'node:stream';
import { UserError } from '../errors';
import { writeFailureText } from './whole-file';

/** A failed write to the output (`> /dev/full`, a disk that filled up) as one line: a problem the user can fix. */
function outputError(err: NodeJS.ErrnoException, name: string): UserError {
  return new UserError(`cannot write to ${name}: ${writeFailureText(err)}`);
}

/** Writes `text` to stdout at once (help, a list, a report); a reader that went away is fine, a full disk is one line. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? resolve() : reject(outputError(err, 'stdout')));
    process.stdout.once('error', failed);
    process.stdout.write(text, (err) => {
      process.stdout.off('error', failed);
      process.stdout.on('error', () => {});
      if (err) failed(err);
      else resolve();
    });
  });
}

export class LineSink {
  private closedByReader = false;
  private error: NodeJS.ErrnoException | null = null;
  private readonly onError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') this.closedByReader = true;
    else this.error = err;
  };

  constructor(
    private readonly out: Writable,
    private readonly name = 'stdout',
  ) {
    out.on('error', this.onError);
  }

  /** The reader closed the pipe: stop producing output. */
  get gone(): boolean {
    return this.closedByReader;
  }

  async write(text: string | Uint8Array): Promise<void> {
    if (this.closedByReader) return;
    this.throwIfFailed();
    let ok: boolean;
    try {
      ok = this.out.write(text);
    } catch (err) {
      this.onError(err as NodeJS.ErrnoException);
      this.throwIfFailed();
      return;
    }
    if (!ok && !this.closedByReader) await this.drain();
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.error) throw outputError(this.error, this.name);
  }

  /** Waits until everything written has been handed to the operating system (or the reader left). */
  async finish(): Promise<void> {
    if (this.closedByReader || this.error) return;
    if (this.out.writableNeedDrain) await this.drain();
  }

  /** Stop listening (keeps a no-op listener so a late EPIPE cannot crash the process). */
  detach(): void {
    this.out.off('error', this.onError);
    this.out.on('error', () => {});
  }

  private drain(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('error', done);
        this.out.off('close', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('error', done);
      this.out.on('close', done);
    });
  }
}
