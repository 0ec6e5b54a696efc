/**
 * A flood of clients that say a valid hello cannot lock anyone out of a
 * token-less loopback `serve`: 1,000 real WebSocket clients, from one address
 * and from several, then a newcomer that must get the samples.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { encodeClientHello, FEED_PROTOCOL, messageText } from '../../src/feed/protocol';
import { captureSamples, repeated, startServer, until } from './feed-helpers';

interface FloodClient {
  ws: WebSocket;
  frames: number;
  closed: boolean;
}

/** A client that says hello and then only listens (as a real, idle watcher does). */
function floodClient(url: string, localAddress: string): Promise<FloodClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, FEED_PROTOCOL, { perMessageDeflate: false, localAddress });
    const c: FloodClient = { ws, frames: 0, closed: false };
    ws.on('message', () => c.frames++);
    ws.on('close', () => (c.closed = true));
    ws.on('error', () => {});
    ws.once('open', () => {
      ws.send(encodeClientHello(0, null, 'flood'));
      resolve(c);
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: HTTP ${res.statusCode}`)));
  });
}

async function connectMany(url: string, addresses: string[], perAddress: number): Promise<FloodClient[]> {
  const all: FloodClient[] = [];
  for (let i = 0; i < perAddress; i += 50) {
    for (const a of addresses) all.push(...(await Promise.all(Array.from({ length: Math.min(50, perAddress - i) }, () => floodClient(url, a)))));
  }
  return all;
}

/** A newcomer's first sample frame. */
async function newcomerGetsSamples(url: string, publish: () => void, localAddress = '127.0.0.1'): Promise<void> {
  const ws = new WebSocket(url, FEED_PROTOCOL, { perMessageDeflate: false, localAddress });
  ws.on('error', () => {});
  const sample = new Promise<string>((resolve) => ws.on('message', (d) => messageText(d).startsWith('{"t":') && resolve(messageText(d))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`the newcomer was refused: HTTP ${res.statusCode}`)));
  });
  ws.send(encodeClientHello(0, null, 'newcomer'));
  publish();
  assert.match(await sample, /^\{"t":/);
  ws.terminate();
}

test('1,000 idle clients from one address: the newest ones are in, a quarter at most, and a newcomer gets samples', async () => {
  const samples = repeated(await captureSamples(), 10);
  const server = await startServer({ history: 2 });
  let clients: FloodClient[] = [];
  try {
    server.publish(samples[0]);
    clients = await connectMany(server.url, ['127.0.0.1'], 1000);
    await until(() => server.clientCount <= 250, 10_000, 'the oldest clients of the flood to be dropped');
    assert.equal(server.clientCount, 250, 'a quarter of the 1,000 places for one address');
    await until(() => clients.filter((c) => c.closed).length === 750, 10_000, 'the dropped clients to see their connection closed');
    assert.ok(clients.slice(0, 750).every((c) => c.closed), `the oldest clients are the ones dropped (kept: ${clients.flatMap((c, i) => (c.closed ? [] : [i])).slice(0, 20).join(' ')})`);
    await newcomerGetsSamples(server.url, () => server.publish(samples[1]));
  } finally {
    for (const c of clients) c.ws.terminate();
    await server.close();
  }
});

test('1,000 idle clients from four addresses fill every place: a client from a fifth still gets in, in place of the oldest of the busiest address', async () => {
  const samples = repeated(await captureSamples(), 10);
  const server = await startServer({ history: 2 });
  let clients: FloodClient[] = [];
  try {
    server.publish(samples[0]);
    clients = await connectMany(server.url, ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'], 250);
    await until(() => server.clientCount === 1000, 10_000, 'all 1,000 clients');
    assert.ok(clients.every((c) => !c.closed));
    await newcomerGetsSamples(server.url, () => server.publish(samples[1]), '127.0.0.9');
    await until(() => clients.filter((c) => c.closed).length === 1, 5000, 'one client to make room');
    assert.equal(clients.findIndex((c) => c.closed), 0, 'the oldest client of the busiest address made room');
    assert.ok(clients.slice(1).every((c) => c.frames >= 2), 'the others go on getting samples');
  } finally {
    for (const c of clients) c.ws.terminate();
    await server.close();
  }
});
