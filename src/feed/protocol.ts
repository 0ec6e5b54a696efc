/**
 * The balloontop feed protocol: one balloontop serves the samples it shows,
 * others connect over WebSocket and show the same memory page.
 *
 * The wire format IS the recording format (src/sources/recording/format.ts):
 *  - server -> client, first frame: `{"type":"hello","protocol":"balloontop-feed",
 *    "version":1,"header":<recording header>,"pingIntervalMs":N,...}`. The header
 *    carries the recording format name, version and field ids: a client maps
 *    fields by id exactly as the recording reader does, and refuses another
 *    major version of either the feed or the recording format.
 *  - server -> client, one frame per sample: the recording's sample line,
 *    verbatim (a JSON object that begins `{"t":`).
 *  - server -> client, control frames: `{"type":"end"}` (the served source has
 *    no more samples), `{"type":"error","message":...}` (it failed).
 *  - client -> server, exactly one frame: `{"type":"hello","protocol":"balloontop-feed",
 *    "version":1,"history":N,"after":T|null}`: send me the latest sample (or up
 *    to N recent ones, only those newer than T), then every new one. Anything
 *    else a client sends closes that client.
 * The WebSocket subprotocol is `balloontop-feed`; text frames only.
 */
import { decodeHeader, isProblem, lineShapeProblem, MAX_LINE_BYTES, RECORDING_FORMAT, RECORDING_VERSION, type RecordingHeader } from '../sources/recording/format';
import type { SampleNote } from '../sample/sample';
import { safeExcerpt } from '../text/safe-text';

/** The protocol's name, also the WebSocket subprotocol both sides ask for. */
export const FEED_PROTOCOL = 'balloontop-feed';
const FEED_VERSION = 1;
/** Client-to-server frames are tiny: anything bigger is closed (ws answers 1009). */
export const CLIENT_MAX_PAYLOAD = 4096;
/** A sample of a host with thousands of groups is a few MB; the recording reader's line limit. */
export const SERVER_MAX_PAYLOAD = MAX_LINE_BYTES;

/** WebSocket close codes used by the feed. */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  invalidPayload: 1007,
  policy: 1008,
  tooBig: 1009,
  /** Application codes (4000-4999). */
  versionMismatch: 4001,
  tooSlow: 4002,
} as const;

export interface ServerHello {
  type: 'hello';
  protocol: typeof FEED_PROTOCOL;
  version: number;
  /** The recording header: format, version, where the samples come from, field ids. */
  header: RecordingHeader;
  /** The served source pushes samples in real time (live) or paces a replay/simulation. */
  realtime: boolean;
  /** The server pings this often; a client treats a longer silence as a lost connection. */
  pingIntervalMs: number;
  /** Samples the server keeps for late joiners. */
  history: number;
  /** `balloontop X.Y.Z` */
  server: string;
}

interface ClientHello {
  type: 'hello';
  protocol: typeof FEED_PROTOCOL;
  version: number;
  /** How many recent samples to start with (0: only the latest). */
  history: number;
  /** Only samples newer than this time (ms), e.g. after a reconnect. */
  after: number | null;
  client?: string;
}

type ServerControl = { type: 'end' } | { type: 'error'; message: string };

/** A sample frame is a recording sample line: a JSON object whose first key is the time. */
export function isSampleFrame(text: string): boolean {
  return text.startsWith('{"t":');
}

/** Whether a sample frame carries narration (`"n":[` appears only as the notes key of a sample line). */
export function frameHasNotes(text: string): boolean {
  return text.includes('"n":[');
}

/** The same sample line with notes added (the line had none). */
export function withNotes(line: string, notes: readonly SampleNote[]): string {
  return `${line.slice(0, -1)},"n":${JSON.stringify(notes)}}`;
}

export function encodeServerHello(h: Omit<ServerHello, 'type' | 'protocol' | 'version'>): string {
  const hello: ServerHello = { type: 'hello', protocol: FEED_PROTOCOL, version: FEED_VERSION, ...h };
  return JSON.stringify(hello);
}

export function encodeClientHello(history: number, after: number | null, client?: string): string {
  const hello: ClientHello = { type: 'hello', protocol: FEED_PROTOCOL, version: FEED_VERSION, history, after, client };
  return JSON.stringify(hello);
}

export const END_FRAME = JSON.stringify({ type: 'end' });

export function errorFrame(message: string): string {
  return JSON.stringify({ type: 'error', message });
}

/** The server's hello, or why the first frame is not one this build can read. */
export function decodeServerHello(text: string): ServerHello | { problem: string; incompatible?: boolean } {
  if (lineShapeProblem(text)) return { problem: 'not a balloontop feed (its first message is not a balloontop hello)' };
  let o: Partial<ServerHello>;
  try {
    o = JSON.parse(text) as Partial<ServerHello>;
  } catch {
    return { problem: 'not a balloontop feed (its first message is not JSON)' };
  }
  if (!o || typeof o !== 'object' || o.type !== 'hello' || o.protocol !== FEED_PROTOCOL) return { problem: 'not a balloontop feed (its first message is not a balloontop hello)' };
  if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1) return { problem: `bad feed version ${JSON.stringify(o.version)}` };
  if (o.version !== FEED_VERSION) {
    return { problem: `the server speaks ${FEED_PROTOCOL} version ${o.version}; this balloontop speaks version ${FEED_VERSION} (run the same balloontop version on both sides)`, incompatible: true };
  }
  const header = decodeHeader(JSON.stringify(o.header ?? null));
  if (isProblem(header)) return { problem: header.problem.replace('not a balloontop recording', 'bad feed header') };
  if (header.format !== RECORDING_FORMAT || header.version !== RECORDING_VERSION) {
    return { problem: `the server sends ${RECORDING_FORMAT} version ${header.version}; this balloontop reads version ${RECORDING_VERSION} (run the same balloontop version on both sides)`, incompatible: true };
  }
  const pingIntervalMs = typeof o.pingIntervalMs === 'number' && o.pingIntervalMs > 0 ? o.pingIntervalMs : 30_000;
  return {
    type: 'hello',
    protocol: FEED_PROTOCOL,
    version: o.version,
    header,
    realtime: o.realtime === true,
    pingIntervalMs,
    history: typeof o.history === 'number' ? o.history : 0,
    server: typeof o.server === 'string' ? o.server : 'unknown',
  };
}

/** A server-side control frame, or null when the frame is not one. */
export function decodeControl(text: string): ServerControl | null {
  if (lineShapeProblem(text)) return null;
  try {
    const o = JSON.parse(text) as { type?: unknown; message?: unknown };
    if (o && o.type === 'end') return { type: 'end' };
    if (o && o.type === 'error') return { type: 'error', message: safeExcerpt(typeof o.message === 'string' ? o.message : 'unknown error', 200) };
  } catch {
    // not JSON
  }
  return null;
}

/** The client's hello, or why it is not one (the server then closes that client). */
export function decodeClientHello(text: string): ClientHello | { problem: string; code: number } {
  let o: Partial<ClientHello>;
  try {
    o = JSON.parse(text) as Partial<ClientHello>;
  } catch {
    return { problem: 'not JSON', code: CLOSE.invalidPayload };
  }
  if (!o || typeof o !== 'object' || o.type !== 'hello' || o.protocol !== FEED_PROTOCOL) return { problem: 'not a balloontop hello', code: CLOSE.policy };
  if (o.version !== FEED_VERSION) return { problem: `${FEED_PROTOCOL} version ${JSON.stringify(o.version)} (this server speaks ${FEED_VERSION})`, code: CLOSE.versionMismatch };
  const history = typeof o.history === 'number' && Number.isInteger(o.history) && o.history >= 0 ? o.history : null;
  if (history === null) return { problem: '"history" must be a whole number', code: CLOSE.policy };
  const after = o.after === null || o.after === undefined ? null : typeof o.after === 'number' && Number.isFinite(o.after) ? o.after : undefined;
  if (after === undefined) return { problem: '"after" must be a time in ms or null', code: CLOSE.policy };
  return { type: 'hello', protocol: FEED_PROTOCOL, version: o.version, history, after, client: typeof o.client === 'string' ? safeExcerpt(o.client, 100) : undefined };
}

/** The text of a WebSocket message, whatever form `ws` hands it in. */
export function messageText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
