/** Real samples and real sockets for the feed tests. */
import WebSocket from 'ws';
import { makeHeader } from '../../src/sources/recording/format';
import type { Sample } from '../../src/sample/sample';
import { CaptureSource } from '../../src/sources/capture/capture-source';
import { FeedServer, type FeedServerOptions } from '../../src/feed/feed-server';
import { parseFeedUrl } from '../../src/sources/remote/feed-url';
import { RemoteSource, type RemoteSourceOptions } from '../../src/sources/remote/remote-source';
import { encodeClientHello, FEED_PROTOCOL, messageText } from '../../src/feed/protocol';
import { capture } from '../support/paths';

/** The three samples of the real capture esxi65-ballooning-a.csv (about 33 KB each on the wire). */
export async function captureSamples(): Promise<Sample[]> {
  const src = await CaptureSource.open(capture('esxi65-ballooning-a.csv'));
  const out: Sample[] = [];
  for (let s = await src.next(); s; s = await src.next()) out.push(s);
  await src.close();
  return out;
}

/** The capture's samples again and again, 5 s apart, as a long capture of the same host would be. */
export function repeated(samples: Sample[], n: number, from = 0): Sample[] {
  const t0 = samples[0].time;
  return Array.from({ length: n }, (_, i) => ({ ...samples[(from + i) % samples.length], time: t0 + (from + i) * 5000 }));
}

export async function startServer(opts: Partial<FeedServerOptions> = {}): Promise<FeedServer> {
  const server = new FeedServer({ host: '127.0.0.1', port: 0, token: null, header: makeHeader({ kind: 'capture', label: 'esxi65-ballooning-a.csv' }, null), realtime: false, ...opts });
  await server.listen();
  return server;
}

export function openRemote(url: string, opts: Partial<RemoteSourceOptions> = {}): Promise<RemoteSource> {
  return RemoteSource.open({ feed: parseFeedUrl(url), token: null, mode: 'latest', onFailure: 'keep-alive', history: 0, ...opts });
}

/** A bare WebSocket client that says hello (or not) and records how it was closed. */
export async function rawClient(url: string, opts: { hello?: boolean; autoPong?: boolean; maxPayload?: number } = {}): Promise<{ ws: WebSocket; frames: string[]; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(url, FEED_PROTOCOL, { autoPong: opts.autoPong ?? true, perMessageDeflate: false, maxPayload: opts.maxPayload });
  const frames: string[] = [];
  ws.on('message', (d) => frames.push(messageText(d)));
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  if (opts.hello ?? true) ws.send(encodeClientHello(0, null, 'raw test client'));
  return { ws, frames, closed };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until `cond` holds (checked every 20 ms), or fails after `ms`. */
export async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
