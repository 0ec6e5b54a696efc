/**
 * Another balloontop over WebSocket as a SampleSource (`balloontop connect`).
 *
 * realtime: true. Two ways of taking samples:
 *  - 'latest' (the dashboard, and batch with -d): next() answers the newest
 *    sample received since the last call (waiting for one if there is none);
 *    a skipped sample's narration is carried onto the next one delivered.
 *  - 'all' (batch without -d): every sample in the order the server sent it,
 *    from a bounded queue (the oldest are dropped, with a warning, when the
 *    output cannot keep up).
 * The first connection is never retried: a wrong URL, token or protocol is one
 * clear error at start. After that a lost connection is retried with backoff:
 * the dashboard keeps running ('keep-alive', status() tells the state), batch
 * output gives up after a few attempts ('fail'). A reconnect asks only for
 * samples newer than the last one received, so a short outage loses nothing
 * the server still keeps.
 */
import WebSocket from 'ws';
import { UserError } from '../../errors';
import { decodeSample, fieldMap, headerPlannedGroups, isProblem, type FieldMap, type RecordingHeader } from '../recording/format';
import type { Sample, SampleNote } from '../../sample/sample';
import { Reconnect, retryPolicy, type FailurePolicy, type RetryPolicy } from '../reconnect';
import type { PlannedGroup, SampleSource, SourceInfo, SourceStatus, SourceWarning } from '../source';
import { safeExcerpt } from '../../text/safe-text';
import { WarningCounter } from '../warnings';
import { describeHttpStatus, describeSocketError, type FeedProblem } from './connect-error';
import type { FeedUrl } from './feed-url';
import { decodeControl, decodeServerHello, encodeClientHello, FEED_PROTOCOL, frameHasNotes, isSampleFrame, messageText, SERVER_MAX_PAYLOAD, type ServerHello } from '../../feed/protocol';

export type TakeMode = 'latest' | 'all';

export interface RemoteSourceOptions {
  feed: FeedUrl;
  token: string | null;
  mode: TakeMode;
  onFailure: FailurePolicy;
  /** Ask the server for up to this many recent samples first (0: only the latest). */
  history: number;
  connectTimeoutMs?: number;
  retry?: RetryPolicy;
  /** Give up on a server silent for this long (default: twice its ping period plus 5 s). */
  heartbeatTimeoutMs?: number;
  /** 'all' mode: most bytes of samples waiting to be taken (default 64 MB). */
  queueLimitBytes?: number;
  /** Sent in the hello, shown in the server's log. */
  clientName?: string;
}

interface Connection {
  ws: WebSocket;
  hello: ServerHello | null;
  map: FieldMap | null;
}

interface Frame {
  text: string;
  header: RecordingHeader;
  map: FieldMap;
}

const QUEUE_MAX_FRAMES = 10_000;

export class RemoteSource implements SampleSource {
  readonly info: SourceInfo;
  private readonly warn = new WarningCounter();
  private readonly reconnect: Reconnect;
  private readonly timeoutMs: number;
  private conn: Connection | null = null;
  private queue: Frame[] = [];
  private queuedBytes = 0;
  private carry: SampleNote[] | null = null;
  private waiters: (() => void)[] = [];
  private lastTime: number | null = null;
  /** Time of the newest sample received (delivered or still queued): a reconnect asks for newer ones only. */
  private lastReceived: number | null = null;
  private lastSeen = 0;
  private ended = false;
  private closed = false;
  private fatal: UserError | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private served = '';

  private constructor(private readonly opts: RemoteSourceOptions) {
    this.info = { kind: 'remote', label: opts.feed.label, realtime: true, pushes: opts.mode === 'all' };
    this.reconnect = new Reconnect(retryPolicy(opts.onFailure, opts.retry), `connecting to ${opts.feed.url.host}`);
    this.timeoutMs = opts.connectTimeoutMs ?? 10_000;
  }

  /** Connects and reads the server's hello; a one-line UserError when that fails. */
  static async open(opts: RemoteSourceOptions): Promise<RemoteSource> {
    const s = new RemoteSource(opts);
    try {
      await s.connect();
    } catch (err) {
      await s.close();
      const p = err as FeedProblem;
      throw new UserError(`${opts.feed.label}: ${p.message ?? String(err)}`);
    }
    return s;
  }

  /** The header the server sent (where its samples come from, its fields). */
  get header(): RecordingHeader | null {
    return this.conn?.hello?.header ?? null;
  }

  /** The groups the served source announced before they appear. */
  plannedGroups(): PlannedGroup[] {
    const header = this.header;
    return header ? headerPlannedGroups(header) : [];
  }

  async next(): Promise<Sample | null> {
    for (;;) {
      if (this.queue.length > 0) {
        if (this.opts.mode === 'latest') while (this.queue.length > 1) this.dropOldest();
        const f = this.queue.shift() as Frame;
        this.queuedBytes -= f.text.length;
        const s = decodeSample(f.text, f.header, f.map);
        if (isProblem(s)) {
          this.warn.add('bad', `${this.info.label}: the server sent a sample that is not valid (${s.problem}); skipped`);
          continue;
        }
        if (this.carry && !(s.notes && s.notes.length > 0)) s.notes = this.carry;
        this.carry = null;
        this.lastTime = s.time;
        return s;
      }
      if (this.fatal) throw this.fatal;
      if (this.ended || this.closed) return null;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  warnings(): SourceWarning[] {
    return this.warn.list();
  }

  status(): SourceStatus {
    return this.reconnect.status();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    const ws = this.conn?.ws;
    this.conn = null;
    if (ws && ws.readyState !== ws.CLOSED) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          ws.terminate();
          resolve();
        }, 1000);
        ws.once('close', () => {
          clearTimeout(t);
          resolve();
        });
        if (ws.readyState === ws.CONNECTING) ws.terminate();
        else ws.close(1000, 'bye');
      });
    }
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  /** Drops the oldest waiting frame; its narration goes on with the next one delivered. */
  private dropOldest(): void {
    const f = this.queue.shift() as Frame;
    this.queuedBytes -= f.text.length;
    if (frameHasNotes(f.text)) {
      const s = decodeSample(f.text, f.header, f.map);
      if (!isProblem(s) && s.notes && s.notes.length > 0) this.carry = s.notes;
    }
  }

  private enqueue(text: string): void {
    const c = this.conn;
    if (!c?.hello || !c.map) return;
    this.reconnect.succeeded(this.connectedMessage(), Date.now());
    // The time is the line's first key: `{"t":1524566952000,...`.
    const t = Number(text.slice(5, text.indexOf(',', 5)));
    if (Number.isFinite(t)) this.lastReceived = t;
    this.queue.push({ text, header: c.hello.header, map: c.map });
    this.queuedBytes += text.length;
    if (this.opts.mode === 'latest') {
      while (this.queue.length > 1) this.dropOldest();
    } else {
      const limit = this.opts.queueLimitBytes ?? 64 << 20;
      let dropped = 0;
      while (this.queue.length > 1 && (this.queue.length > QUEUE_MAX_FRAMES || this.queuedBytes > limit)) {
        this.dropOldest();
        dropped++;
      }
      for (let i = 0; i < dropped; i++) this.warn.add('overflow', `${this.info.label}: samples came faster than they could be written; the oldest were dropped`);
    }
    this.wake();
  }

  /** One connection attempt: resolves once the server's hello is read, rejects with a FeedProblem. */
  private connect(): Promise<void> {
    const { url } = this.opts.feed;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const headers: Record<string, string> = {};
      if (this.opts.token !== null) headers.Authorization = `Bearer ${this.opts.token}`;
      const ws = new WebSocket(url, FEED_PROTOCOL, {
        headers,
        perMessageDeflate: false,
        maxPayload: SERVER_MAX_PAYLOAD,
        handshakeTimeout: this.timeoutMs,
        followRedirects: false,
      });
      const conn: Connection = { ws, hello: null, map: null };
      this.conn = conn;
      // The handshake has its own timeout (handshakeTimeout); after it, the hello must follow.
      let helloTimer: NodeJS.Timeout | undefined;
      const fail = (p: FeedProblem) => {
        clearTimeout(helloTimer);
        if (!settled) {
          // Before the hello: the caller hears of it (once); later events of this socket are echoes.
          settled = true;
          reject(Object.assign(new Error(p.message), p));
          if (ws.readyState !== ws.CLOSED) ws.terminate();
        } else if (conn.hello) this.lost(conn, p);
      };
      ws.on('unexpected-response', (req, res) => {
        res.resume();
        fail(describeHttpStatus(res.statusCode ?? 0, res.statusMessage ?? ''));
        req.destroy();
      });
      let opened = false;
      ws.on('error', (err) => fail(describeSocketError(err, url.hostname, this.timeoutMs, url.protocol === 'wss:' && !opened)));
      ws.on('open', () => {
        opened = true;
        this.lastSeen = Date.now();
        helloTimer = setTimeout(() => fail({ message: `not a balloontop feed (no hello in ${this.timeoutMs / 1000} s)`, fatal: true }), this.timeoutMs);
        ws.send(encodeClientHello(this.opts.history, this.lastReceived ?? this.lastTime, this.opts.clientName));
      });
      ws.on('ping', () => (this.lastSeen = Date.now()));
      ws.on('close', (code, reason) => {
        const why = safeExcerpt(reason.toString(), 123);
        if (!conn.hello) {
          fail({ message: `the server closed the connection${code ? ` (${code}${why ? ` ${why}` : ''})` : ''}`, fatal: code === 4001 || code === 1008 });
        } else fail({ message: code === 1001 ? 'the server shut down' : `the connection was closed (${code}${why ? ` ${why}` : ''})`, fatal: false });
      });
      ws.on('message', (data, isBinary) => {
        this.lastSeen = Date.now();
        if (this.conn !== conn) return;
        const text = isBinary ? '' : messageText(data);
        if (!conn.hello) {
          const hello = isBinary ? { problem: 'not a balloontop feed (binary frames)', incompatible: true } : decodeServerHello(text);
          if ('problem' in hello) return fail({ message: hello.problem, fatal: true });
          clearTimeout(helloTimer);
          conn.hello = hello;
          conn.map = fieldMap(hello.header.fields);
          this.served = safeExcerpt(hello.header.source.label, 120);
          this.reconnect.succeeded(this.connectedMessage());
          this.watch(conn);
          settled = true;
          resolve();
          return;
        }
        if (isSampleFrame(text)) return this.enqueue(text);
        const control = decodeControl(text);
        if (control?.type === 'end') {
          this.ended = true;
          this.reconnect.note(`${this.connectedMessage()}; the served source ended`);
          this.wake();
        } else if (control?.type === 'error') {
          this.fatal = new UserError(`${this.info.label}: the served source failed: ${control.message}`);
          this.reconnect.fatal(`the served source failed: ${control.message}`);
          this.wake();
        } else {
          this.warn.add('frame', `${this.info.label}: the server sent a message this balloontop does not know; ignored`);
        }
      });
    });
  }

  private connectedMessage(): string {
    return `${this.opts.feed.url.host}${this.served ? ` serving ${this.served}` : ''}`;
  }

  /** Watches for a silent server (no ping, no message): the connection is then given up and retried. */
  private watch(conn: Connection): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    const limit = this.opts.heartbeatTimeoutMs ?? (conn.hello as ServerHello).pingIntervalMs * 2 + 5000;
    this.watchTimer = setInterval(() => {
      if (this.conn !== conn) return;
      if (Date.now() - this.lastSeen > limit) {
        conn.ws.terminate();
        this.lost(conn, { message: `the server went silent (nothing for ${Math.round(limit / 100) / 10} s)`, fatal: false });
      }
    }, Math.max(20, Math.min(1000, limit / 4)));
    this.watchTimer.unref();
  }

  /** An established connection is gone: retry with backoff, or give up. */
  private lost(conn: Connection, p: FeedProblem): void {
    if (this.conn !== conn || this.closed) return;
    this.conn = null;
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
    if (this.ended || this.fatal) {
      if (this.ended && !this.fatal) this.reconnect.note('the served source ended; the server has gone');
      this.wake();
      return;
    }
    const delay = this.reconnect.failed(p.message, { needsUser: p.fatal });
    if (delay === null) {
      this.fatal = new UserError(`${this.info.label}: ${p.message} (gave up after ${this.reconnect.policy.attempts} attempts to reconnect)`, p.auth ? 2 : 1);
      this.wake();
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed) return;
      this.connect().catch((err: FeedProblem) => {
        const failed = this.conn;
        if (failed) this.lost(failed, err);
      });
    }, delay);
  }
}
