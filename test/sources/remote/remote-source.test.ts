/** RemoteSource against real servers: restarts, a silent server, another protocol version, giving up in batch mode. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { makeHeader } from '../../../src/sources/recording/format';
import { captureSamples, openRemote, repeated, sleep, startServer, until } from '../../feed/feed-helpers';
import { startServe } from '../../feed/serve-process';

test('server restart: the dashboard source says reconnecting, then gets samples from the new server', async () => {
  const [a, b] = await captureSamples();
  let server = await startServer();
  const port = server.port;
  const remote = await openRemote(server.url, { retry: { attempts: Infinity, initialDelayMs: 100, maxDelayMs: 400 } });
  try {
    server.publish(a);
    assert.equal((await remote.next())?.time, a.time);
    assert.equal(remote.status().state, 'connected');
    assert.ok(remote.status().lastGoodSample !== null && Date.now() - remote.status().lastGoodSample! < 5000, 'when it arrived (wall clock)');
    await server.close();
    await until(() => remote.status().state === 'reconnecting', 3000, 'reconnecting');
    assert.match(remote.status().message, /the server shut down; retrying in \d+ ms|connection refused/);
    await sleep(300);
    server = await startServer({ port });
    await until(() => remote.status().state === 'connected', 5000, 'connected again');
    server.publish(b);
    assert.equal((await remote.next())?.time, b.time);
  } finally {
    await remote.close();
    await server.close();
  }
});

test('batch mode gives up after a bounded number of reconnects with one clear error', async () => {
  const [a] = await captureSamples();
  const server = await startServer();
  const remote = await openRemote(server.url, { mode: 'all', onFailure: 'fail', retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 100 } });
  try {
    server.publish(a);
    assert.equal((await remote.next())?.time, a.time);
    await server.close();
    await assert.rejects(remote.next(), (err: Error) => {
      assert.equal(err.name, 'UserError');
      assert.match(err.message, /^ws:\/\/127\.0\.0\.1:\d+\/: connection refused \(is balloontop serve running there\?\) \(gave up after 3 attempts to reconnect\)$/);
      return true;
    });
    assert.equal(remote.status().state, 'failed');
  } finally {
    await remote.close();
  }
});

test('a server that goes silent (stopped process, no pings) is noticed; the client reconnects when it comes back', async (t) => {
  const s = await startServe(['sim', '-d', '20', '--listen', '127.0.0.1:0', '--ping-interval', '0.1']);
  t.after(async () => {
    s.proc.kill('SIGCONT');
    await s.stop();
  });
  const remote = await openRemote(s.url, { heartbeatTimeoutMs: 600, retry: { attempts: Infinity, initialDelayMs: 100, maxDelayMs: 200 }, connectTimeoutMs: 500 });
  try {
    assert.ok(await remote.next());
    await sleep(400);
    assert.equal(remote.status().state, 'connected', 'pings keep it alive');
    s.proc.kill('SIGSTOP');
    await until(() => remote.status().state !== 'connected', 4000, 'the silence to be noticed');
    assert.match(remote.status().message, /the server went silent \(nothing for 0\.6 s\)|no answer|not a balloontop feed \(no hello/);
    s.proc.kill('SIGCONT');
    await until(() => remote.status().state === 'connected', 8000, 'connected again');
  } finally {
    await remote.close();
  }
});

test('another major version of the feed or of the recording format is refused with a clear message', async () => {
  const header = makeHeader({ kind: 'simulation', label: 'x' }, null);
  for (const [hello, re] of [
    [{ type: 'hello', protocol: 'balloontop-feed', version: 2, header }, /the server speaks balloontop-feed version 2; this balloontop speaks version 1 \(run the same balloontop version on both sides\)$/],
    [{ type: 'hello', protocol: 'balloontop-feed', version: 1, header: { ...header, version: 3 } }, /the server sends balloontop-recording version 3; this balloontop reads version 1/],
  ] as const) {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => ws.send(JSON.stringify(hello)));
    try {
      await assert.rejects(openRemote(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`), (err: Error) => {
        assert.equal(err.name, 'UserError');
        assert.match(err.message, re);
        return true;
      });
    } finally {
      wss.close();
    }
  }
});

test('fields are mapped by id: a server with another field order and an unknown field', async () => {
  const [a] = await captureSamples();
  const header = makeHeader({ kind: 'capture', label: 'x' }, null);
  const reordered = { ...header, fields: { host: [...header.fields.host].reverse(), group: [...header.fields.group, 'NEWCOL'].reverse() } };
  const server = await startServer({ header: reordered });
  const remote = await openRemote(server.url);
  try {
    server.publish(a);
    const s = await remote.next();
    assert.deepEqual(s?.host.values, a.host.values);
    assert.deepEqual(s?.groups.map((g) => g.values), a.groups.map((g) => g.values));
  } finally {
    await remote.close();
    await server.close();
  }
});

test('a cut connection (through a real TCP proxy): batch mode reconnects and gets the samples it missed, no duplicates', async () => {
  const samples = repeated(await captureSamples(), 8);
  const server = await startServer({ history: 50 });
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    const upstream = connect(server.port, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const remote = await openRemote(`ws://127.0.0.1:${(proxy.address() as AddressInfo).port}/`, { mode: 'all', onFailure: 'fail', history: 100, retry: { attempts: 5, initialDelayMs: 100, maxDelayMs: 200 } });
  try {
    for (const s of samples.slice(0, 3)) server.publish(s);
    const got = [(await remote.next())!.time];
    // Cut every connection, publish while the client is away, then read on.
    for (const s of sockets) s.destroy();
    sockets.clear();
    await until(() => remote.status().state !== 'connected', 3000, 'the cut to be noticed');
    for (const s of samples.slice(3)) server.publish(s);
    while (got.length < samples.length) got.push((await remote.next())!.time);
    assert.deepEqual(got, samples.map((s) => s.time));
    assert.equal(remote.status().state, 'connected');
  } finally {
    await remote.close();
    proxy.close();
    await server.close();
  }
});
