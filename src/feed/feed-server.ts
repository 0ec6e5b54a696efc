/**
 * The WebSocket server of `balloontop serve`: an HTTP server on HOST:PORT
 * whose upgrades are checked (path, Origin, token) before ws sees them
 * (`noServer`), a hello to each client, a backlog for late joiners, the
 * samples as they are published, heartbeat pings, and backpressure per
 * client (client-slot.ts).
 *
 * Room is bounded (1,000 clients; a quarter of that from one address) but
 * never locked: a client that comes when there is no room takes the place of
 * the oldest one of the address holding the most (its own, when it is the
 * one over its share). A flood of
 * connections, idle or not, from one machine (on a token-less loopback serve,
 * every local user) thus costs other clients a reconnect at worst, and
 * cannot keep a new one out.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeSample, type RecordingHeader } from '../sources/recording/format';
import type { Sample } from '../sample/sample';
import { presentedToken, tokenMatches } from './auth';
import { ClientSlot } from './client-slot';
import { DEFAULT_HISTORY, FeedHistory } from './history';
import { CLIENT_MAX_PAYLOAD, CLOSE, decodeClientHello, encodeServerHello, errorFrame, FEED_PROTOCOL, END_FRAME, messageText } from './protocol';

export interface FeedServerOptions {
  host: string;
  /** 0: an ephemeral port (see `port` after listen). */
  port: number;
  /** Clients must present it; null: no authentication (loopback only, checked by the CLI). */
  token: string | null;
  header: RecordingHeader;
  realtime: boolean;
  /** Samples kept for late joiners (default 120). */
  history?: number;
  /** A client with more than this many bytes queued gets only the newest frame (default 1 MiB). */
  highWaterBytes?: number;
  /** A client behind for this long is dropped (default 30 s). */
  stallMs?: number;
  /** Heartbeat ping period; a client that missed the previous pong is dropped (default 30 s). */
  pingIntervalMs?: number;
  /** A client must say hello within this time (default 10 s). */
  helloTimeoutMs?: number;
  /** Browser origins allowed to connect; any other request with an Origin header is refused. */
  allowOrigins?: string[];
  /** Clients at once (default 1000); from one address at most a quarter of it. */
  maxClients?: number;
  /** `balloontop X.Y.Z`, sent in the hello. */
  serverName?: string;
  /** One line per event (connects, drops); never the token. */
  log?: (line: string) => void;
}

interface FeedServerStats {
  clients: number;
  published: number;
  dropped: number;
  /** Per client: bytes queued now and at most. */
  buffered: { address: string; now: number; max: number; sent: number; skipped: number }[];
}

const DEFAULT_MAX_CLIENTS = 1000;

const HTTP_TEXT = 'This is a balloontop feed (WebSocket). Connect with: balloontop connect ws://HOST:PORT/\n';

export class FeedServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly slots = new Set<ClientSlot>();
  private readonly history: FeedHistory;
  private readonly highWater: number;
  private readonly stallMs: number;
  private readonly pingMs: number;
  private readonly helloMs: number;
  private pingTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private closingFrame: string | null = null;
  private published = 0;
  private droppedCount = 0;
  private closed = false;
  private boundPort = 0;
  private readonly log: (line: string) => void;

  constructor(private readonly opts: FeedServerOptions) {
    this.history = new FeedHistory(opts.history ?? DEFAULT_HISTORY);
    this.highWater = opts.highWaterBytes ?? 1 << 20;
    this.stallMs = opts.stallMs ?? 30_000;
    this.pingMs = opts.pingIntervalMs ?? 30_000;
    this.helloMs = opts.helloTimeoutMs ?? 10_000;
    this.log = opts.log ?? (() => {});
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: CLIENT_MAX_PAYLOAD,
      perMessageDeflate: false,
      clientTracking: false,
      handleProtocols: (protocols) => (protocols.has(FEED_PROTOCOL) ? FEED_PROTOCOL : false),
    });
    this.http = createServer((_req, res) => {
      res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket', Connection: 'close' });
      res.end(HTTP_TEXT);
    });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.http.on('clientError', (_err, socket) => socket.destroy());
  }

  /** Starts listening; rejects with the system error (EADDRINUSE, EACCES, EADDRNOTAVAIL). */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.http.once('error', onError);
      this.http.listen(this.opts.port, this.opts.host, () => {
        this.http.off('error', onError);
        this.boundPort = (this.http.address() as AddressInfo).port;
        this.pingTimer = setInterval(() => this.heartbeat(), this.pingMs);
        this.pingTimer.unref();
        resolve();
      });
    });
  }

  get port(): number {
    return this.boundPort;
  }

  /** The URL clients connect to. */
  get url(): string {
    const h = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    return `ws://${h}:${this.boundPort}/`;
  }

  get clientCount(): number {
    return this.slots.size;
  }

  stats(): FeedServerStats {
    return {
      clients: this.slots.size,
      published: this.published,
      dropped: this.droppedCount,
      buffered: [...this.slots].map((s) => ({ address: s.address, now: s.buffered, max: s.maxBuffered, sent: s.sent, skipped: s.skipped })),
    };
  }

  /** Sends a sample to every client (coalesced for the ones that are behind) and keeps it for late joiners. */
  publish(sample: Sample): void {
    if (this.closingFrame !== null || this.closed) return;
    const e = this.history.add(sample.time, encodeSample(sample, this.opts.header), sample.notes);
    this.published++;
    const now = Date.now();
    for (const s of this.slots) s.offer(e, now);
    this.scheduleFlush();
  }

  /** The source has no more samples: clients are told; late joiners still get the history. */
  end(): void {
    this.finish(END_FRAME);
  }

  /** The source failed: clients are told why. */
  fail(message: string): void {
    this.finish(errorFrame(message));
  }

  private finish(frame: string): void {
    if (this.closingFrame !== null) return;
    this.closingFrame = frame;
    for (const s of this.slots) s.finish(frame);
  }

  /** Closes every client (1001 going away) and stops listening. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.flushTimer) clearInterval(this.flushTimer);
    const gone = [...this.slots].map((s) => new Promise<void>((resolve) => (s.ws.readyState === s.ws.CLOSED ? resolve() : s.ws.once('close', () => resolve()))));
    for (const s of this.slots) s.close(CLOSE.goingAway, 'server shutting down');
    const timer = setTimeout(() => {
      for (const s of this.slots) s.ws.terminate();
    }, 1000);
    await Promise.all(gone);
    clearTimeout(timer);
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private reject(socket: Duplex, status: number, text: string): void {
    const body = `${text}\n`;
    socket.once('finish', () => socket.destroy());
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const address = remoteAddress(req);
    if (this.closed) return this.reject(socket, 503, 'Service Unavailable');
    let path = '/';
    try {
      path = new URL(req.url ?? '/', 'http://x').pathname;
    } catch {
      return this.reject(socket, 400, 'Bad Request');
    }
    if (path !== '/') return this.reject(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    if (origin !== undefined && !(this.opts.allowOrigins ?? []).includes(origin)) {
      this.log(`refused ${address}: browser origin ${JSON.stringify(origin).slice(0, 80)} is not allowed`);
      return this.reject(socket, 403, 'Forbidden');
    }
    if (this.opts.token !== null && !tokenMatches(this.opts.token, presentedToken(req))) {
      this.log(`refused ${address}: no valid token`);
      return this.reject(socket, 401, 'Unauthorized');
    }
    this.makeRoom(addressHost(req));
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, address, addressHost(req)));
  }

  /** Clients from `host` now. */
  private countFrom(host: string): number {
    let n = 0;
    for (const s of this.slots) if (s.host === host) n++;
    return n;
  }

  /** Before a client from `host` is accepted: when there is no room for it, the oldest client of the address holding the most goes. */
  private makeRoom(host: string): void {
    const max = this.opts.maxClients ?? DEFAULT_MAX_CLIENTS;
    const perAddress = Math.max(1, Math.floor(max / 4));
    let from: string | null = null;
    if (this.countFrom(host) >= perAddress) from = host;
    else if (this.slots.size >= max) {
      const counts = new Map<string, number>();
      for (const s of this.slots) counts.set(s.host, (counts.get(s.host) ?? 0) + 1);
      from = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    }
    if (from === null) return;
    let victim: ClientSlot | null = null;
    for (const s of this.slots) {
      if (s.host === from) {
        victim = s;
        break;
      }
    }
    if (!victim) return;
    this.slots.delete(victim);
    this.droppedCount++;
    this.log(`client ${victim.address} dropped to make room for a new client (${this.slots.size + 1} of ${max}, at most ${perAddress} from one address)`);
    victim.ws.terminate();
  }

  private accept(ws: WebSocket, address: string, host: string): void {
    const slot = new ClientSlot(ws, address, host, this.highWater);
    this.slots.add(slot);
    const helloTimer = setTimeout(() => {
      this.log(`client ${address}: no hello in ${this.helloMs / 1000} s; closed`);
      ws.close(CLOSE.policy, 'no hello');
    }, this.helloMs);
    ws.on('pong', () => (slot.alive = true));
    ws.on('error', (err) => this.log(`client ${address}: ${err.message}; closed`));
    ws.on('close', () => {
      clearTimeout(helloTimer);
      this.slots.delete(slot);
      this.log(`client ${address} disconnected (${this.slots.size} connected)`);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        this.log(`client ${address}: sent a binary frame; closed`);
        return ws.close(CLOSE.unsupportedData, 'text frames only');
      }
      if (slot.streaming) {
        this.log(`client ${address}: sent a message after its hello; closed`);
        return ws.close(CLOSE.policy, 'unexpected message');
      }
      const hello = decodeClientHello(messageText(data));
      if ('problem' in hello) {
        this.log(`client ${address}: bad hello (${hello.problem}); closed`);
        return ws.close(hello.code, hello.problem.slice(0, 120));
      }
      clearTimeout(helloTimer);
      slot.streaming = true;
      this.log(`client ${address} connected${hello.client ? ` (${hello.client})` : ''} (${this.slots.size} connected)`);
      for (const e of this.history.backlog(Math.min(hello.history, this.history.maxEntries), hello.after)) slot.write(e);
      if (this.closingFrame !== null) slot.finish(this.closingFrame);
    });
    ws.send(
      encodeServerHello({
        header: this.opts.header,
        realtime: this.opts.realtime,
        pingIntervalMs: this.pingMs,
        history: this.history.maxEntries,
        server: this.opts.serverName ?? 'balloontop',
      }),
    );
  }

  private heartbeat(): void {
    for (const s of this.slots) {
      if (!s.alive) {
        this.log(`client ${s.address} did not answer pings; dropped`);
        this.droppedCount++;
        s.ws.terminate();
        continue;
      }
      s.alive = false;
      s.ws.ping();
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    let behind = false;
    for (const s of this.slots) if (s.behind) behind = true;
    if (!behind) return;
    const period = Math.max(10, Math.min(100, this.stallMs / 4));
    this.flushTimer = setInterval(() => {
      const now = Date.now();
      let still = false;
      for (const s of this.slots) {
        if (!s.behind) continue;
        if (!s.flush(now, this.stallMs)) {
          this.log(`client ${s.address} did not keep up for ${this.stallMs / 1000} s; dropped`);
          this.droppedCount++;
          s.drop();
          continue;
        }
        if (s.behind) still = true;
      }
      if (!still && this.flushTimer) {
        clearInterval(this.flushTimer);
        this.flushTimer = null;
      }
    }, period);
    this.flushTimer.unref();
  }
}

/** The client's IP address alone: what limits count by. */
function addressHost(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? '?';
}

function remoteAddress(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '?';
  return `${a.includes(':') ? `[${a}]` : a}:${req.socket.remotePort ?? '?'}`;
}
