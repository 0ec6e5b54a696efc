/**
 * One connected client on the server: its socket, whether it said hello, and
 * backpressure. ws buffers without limit, so a client whose `bufferedAmount`
 * is over the high-water mark gets no new frame: only the newest one is kept
 * (coalesced) and sent when the buffer drains. A client that stays behind for
 * `stallMs` is dropped. Memory per client is bounded by the high-water mark
 * plus one frame.
 */
import type { WebSocket } from 'ws';
import { END_FRAME, withNotes, CLOSE } from './protocol';
import type { FeedEntry } from './history';

export class ClientSlot {
  /** The client said hello: samples go to it. */
  streaming = false;
  /** Answered the last ping. */
  alive = true;
  /** The newest frame not sent because the client is behind. */
  private pending: FeedEntry | null = null;
  /** A frame was skipped (or nothing sent yet): the next frame carries the narration in force. */
  private needNotes = true;
  private behindSince: number | null = null;
  /** A closing frame (end or error) to send after any pending sample. */
  private closing: string | null = null;
  sent = 0;
  skipped = 0;
  /** Largest bufferedAmount seen when offering a frame (for tests and stats). */
  maxBuffered = 0;

  constructor(
    readonly ws: WebSocket,
    readonly address: string,
    /** The client's IP address (`address` without the port): limits count by it. */
    readonly host: string,
    private readonly highWaterBytes: number,
  ) {}

  get buffered(): number {
    return this.ws.bufferedAmount;
  }

  get behind(): boolean {
    return this.pending !== null;
  }

  /** A new sample for this client: sent now, or kept as the pending one when it is behind. */
  offer(e: FeedEntry, now: number): void {
    if (!this.streaming || this.ws.readyState !== this.ws.OPEN) return;
    const b = this.ws.bufferedAmount;
    if (b > this.maxBuffered) this.maxBuffered = b;
    if (b > this.highWaterBytes) {
      if (this.pending) this.skipped++;
      this.pending = e;
      this.needNotes = true;
      this.behindSince ??= now;
      return;
    }
    this.pending = null;
    this.write(e);
  }

  /** Sends without looking at the buffer (the backlog after hello, bounded by the history). */
  write(e: FeedEntry): void {
    const line = this.needNotes && !e.ownNotes && e.inForce ? withNotes(e.line, e.inForce) : e.line;
    this.needNotes = false;
    this.behindSince = null;
    this.sent++;
    this.ws.send(line);
  }

  /** End or error frame: after the pending sample, if any. */
  finish(frame: string = END_FRAME): void {
    this.closing = frame;
    if (!this.pending && this.streaming) this.sendClosing();
  }

  private sendClosing(): void {
    if (this.closing && this.ws.readyState === this.ws.OPEN) this.ws.send(this.closing);
    this.closing = null;
  }

  /**
   * Called on a timer while behind: sends the pending frame once the buffer is
   * below the mark; returns false when the client has been behind for too long.
   */
  flush(now: number, stallMs: number): boolean {
    if (!this.pending) return true;
    if (this.ws.bufferedAmount <= this.highWaterBytes) {
      const e = this.pending;
      this.pending = null;
      this.write(e);
      if (this.closing) this.sendClosing();
      return true;
    }
    return this.behindSince === null || now - this.behindSince < stallMs;
  }

  /** Drops a client that cannot keep up: its buffer is full, so no close frame can get through. */
  drop(): void {
    this.ws.terminate();
  }

  close(code: number = CLOSE.goingAway, reason = 'server shutting down'): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(code, reason);
  }
}
