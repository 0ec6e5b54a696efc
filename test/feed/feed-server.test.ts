/** The feed server with real sockets on 127.0.0.1: backpressure, heartbeat, bad clients, late joiners. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import WebSocket from 'ws';
import { CLOSE, encodeClientHello, FEED_PROTOCOL } from '../../src/feed/protocol';
import { captureSamples, openRemote, rawClient, repeated, sleep, startServer, until } from './feed-helpers';

test('a stalled client: its queue stays under the high-water mark plus one frame, it is dropped, the others go on', async () => {
  const samples = await captureSamples();
  const highWater = 64 * 1024;
  const server = await startServer({ highWaterBytes: highWater, stallMs: 700, history: 4 });
  const healthy = await openRemote(server.url);
  const stalled = await rawClient(server.url);
  await until(() => server.stats().clients === 2 && stalled.frames.length >= 1, 5000, 'both clients');
  stalled.ws.pause();
  try {
    const frameBytes = Buffer.byteLength(JSON.stringify(samples[0])) * 2;
    let maxSeen = 0;
    // About 40 MB in all: far more than the kernel's socket buffers hold.
    const all = repeated(samples, 1200);
    for (let i = 0; i < all.length; i++) {
      server.publish(all[i]);
      for (const b of server.stats().buffered) maxSeen = Math.max(maxSeen, b.now);
      if (i % 2 === 0) await new Promise((r) => setImmediate(r));
    }
    assert.ok(maxSeen > highWater, `the stalled client did fall behind (${maxSeen} bytes queued)`);
    for (const b of server.stats().buffered) assert.ok(b.max <= highWater + frameBytes, `queued ${b.max} bytes for ${b.address}: capped near ${highWater}`);
    await until(() => server.stats().dropped === 1 && server.stats().clients === 1, 5000, 'the stalled client to be dropped');
    stalled.ws.resume();
    assert.equal((await stalled.closed).code, 1006, 'terminated: no close frame gets through a full buffer');
    // The healthy client still has the newest sample.
    let s = await healthy.next();
    while (s && s.time < all[all.length - 1].time) s = await healthy.next();
    assert.equal(s?.time, all[all.length - 1].time);
    assert.equal(healthy.status().state, 'connected');
  } finally {
    await healthy.close();
    await server.close();
  }
});

test('heartbeat: a client that does not answer pings is dropped; one that does stays', async () => {
  const server = await startServer({ pingIntervalMs: 100 });
  const mute = await rawClient(server.url, { autoPong: false });
  const good = await rawClient(server.url);
  try {
    const closed = await Promise.race([mute.closed, sleep(3000).then(() => null)]);
    assert.ok(closed, 'the mute client was dropped');
    assert.equal(closed.code, 1006);
    await sleep(300);
    assert.equal(good.ws.readyState, WebSocket.OPEN);
    assert.equal(server.stats().clients, 1);
    assert.equal(server.stats().dropped, 1);
  } finally {
    good.ws.close();
    await server.close();
  }
});

test('bad client messages close that client only: garbage, wrong version, oversized, binary, a second message', async () => {
  const samples = await captureSamples();
  const server = await startServer({ helloTimeoutMs: 500 });
  const viewer = await openRemote(server.url);
  try {
    const expect = async (send: (ws: WebSocket) => void, code: number, hello = false) => {
      const c = await rawClient(server.url, { hello });
      send(c.ws);
      assert.equal((await c.closed).code, code);
    };
    await expect((ws) => ws.send('garbage{'), CLOSE.invalidPayload);
    await expect((ws) => ws.send('{"type":"nope"}'), CLOSE.policy);
    await expect((ws) => ws.send(JSON.stringify({ type: 'hello', protocol: 'balloontop-feed', version: 2, history: 0, after: null })), CLOSE.versionMismatch);
    await expect((ws) => ws.send('x'.repeat(100_000)), CLOSE.tooBig);
    await expect((ws) => ws.send(Buffer.from([1, 2, 3])), CLOSE.unsupportedData);
    await expect((ws) => ws.send(encodeClientHello(0, null)), CLOSE.policy, true);
    await expect(() => {}, CLOSE.policy); // no hello in time
    server.publish(samples[0]);
    const s = await viewer.next();
    assert.equal(s?.time, samples[0].time);
    assert.equal(viewer.status().state, 'connected');
  } finally {
    await viewer.close();
    await server.close();
  }
});

test('a late joiner gets the latest sample at once, with the narration in force; --history gives the recent ones', async () => {
  const [a, b, c] = await captureSamples();
  const server = await startServer({ history: 2 });
  try {
    server.publish({ ...a, notes: [{ text: 'the host goes soft', pause: true }] });
    server.publish(b);
    server.publish(c);
    const late = await openRemote(server.url);
    const s = await late.next();
    assert.equal(s?.time, c.time);
    assert.deepEqual(s?.groups, c.groups);
    assert.deepEqual(s?.notes, [{ text: 'the host goes soft', pause: true }]);
    await late.close();
    const withHistory = await openRemote(server.url, { mode: 'all', history: 100, onFailure: 'fail' });
    assert.deepEqual([(await withHistory.next())?.time, (await withHistory.next())?.time], [b.time, c.time]);
    server.end();
    assert.equal(await withHistory.next(), null, 'the source ended');
    await withHistory.close();
  } finally {
    await server.close();
  }
});

test('HTTP without upgrade, another path, a browser Origin and a missing token are refused before any WebSocket', async () => {
  const server = await startServer({ token: 'a-long-enough-token-for-tests', allowOrigins: ['https://ok.example'] });
  try {
    const get = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      request(server.url.replace('ws:', 'http:'), (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
        .on('error', reject)
        .end();
    });
    assert.equal(get.status, 426);
    assert.match(get.body, /balloontop connect/);
    const status = (url: string, headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, FEED_PROTOCOL, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => {});
      });
    const auth = { Authorization: 'Bearer a-long-enough-token-for-tests' };
    assert.equal(await status(`${server.url}other`, auth), 404);
    assert.equal(await status(server.url, { ...auth, Origin: 'https://evil.example' }), 403);
    assert.equal(await status(server.url, { ...auth, Origin: 'https://ok.example' }), 101);
    assert.equal(await status(server.url, {}), 401);
    assert.equal(await status(server.url, { Authorization: 'Bearer wrong' }), 401);
    assert.equal(await status(server.url, auth), 101);
  } finally {
    await server.close();
  }
});
