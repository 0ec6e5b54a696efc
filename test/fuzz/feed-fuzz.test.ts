/**
 * Fuzz: the feed's messages. In-process through the decoders; over real
 * WebSockets, mutated client hellos against a real server (which must go on
 * serving a good client) and mutated server frames against the client
 * (samples, warnings or one UserError), in-process and through `connect`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket, { WebSocketServer } from 'ws';
import { UserError } from '../../src/errors';
import { decodeClientHello, decodeControl, decodeServerHello, encodeClientHello, encodeServerHello, FEED_PROTOCOL } from '../../src/feed/protocol';
import { decodeSample, encodeSample, fieldMap, makeHeader } from '../../src/sources/recording/format';
import { parseFeedUrl } from '../../src/sources/remote/feed-url';
import { RemoteSource } from '../../src/sources/remote/remote-source';
import { makeGroup } from '../support/groups';
import { assertHandled, hostSample } from '../support/hostile';
import { captureSamples, openRemote, startServer } from '../feed/feed-helpers';
import { fuzzer, mutate, runBounded } from './fuzz-kit';

const DECODER_CASES = 3000;
const HELLO_CASES = 60;
const CLIENT_CASES = 30;
const WHOLE_PROCESS = 6;

const HEADER = makeHeader({ kind: 'simulation', label: 'fuzz' }, 'esx.test', new Date(Date.UTC(2026, 0, 1)));
const SERVER_HELLO = encodeServerHello({ header: HEADER, realtime: false, pingIntervalMs: 30_000, history: 10, server: 'balloontop fuzz' });
const SAMPLE_LINE = encodeSample(hostSample(Date.UTC(2018, 3, 24), [makeGroup(1, 'vm', 'vm', { MEMSZ: 2048 }, { x: 1 })], [{ text: 'note', pause: false }]), HEADER);
const SEEDS = [SERVER_HELLO, SAMPLE_LINE, encodeClientHello(5, 123, 'me'), '{"type":"end"}', '{"type":"error","message":"boom"}'];

test(`fuzz: ${DECODER_CASES} mutated feed messages through every decoder in-process: a message or a problem, never a throw`, () => {
  const { rng, where } = fuzzer('feed-decoders');
  const map = fieldMap(HEADER.fields);
  for (let i = 0; i < DECODER_CASES; i++) {
    const text = mutate(rng, SEEDS[i % SEEDS.length]);
    try {
      decodeServerHello(text);
      decodeControl(text);
      decodeClientHello(text);
      const s = decodeSample(text, HEADER, map);
      if (!('problem' in s)) assert.ok(Number.isFinite(s.time), where(i));
    } catch (err) {
      assert.fail(`${where(i)}: threw ${String(err)}`);
    }
  }
});

test(`fuzz: ${HELLO_CASES} clients with mutated hellos: each is closed or served, and a good client still gets samples`, async () => {
  const { rng, where } = fuzzer('feed-hello');
  const samples = await captureSamples();
  const server = await startServer({ history: 4 });
  try {
    server.publish(samples[0]);
    for (let i = 0; i < HELLO_CASES; i++) {
      const ws = new WebSocket(server.url, FEED_PROTOCOL, { perMessageDeflate: false });
      ws.on('error', () => {});
      await new Promise((resolve) => ws.once('open', resolve));
      const closed = new Promise((resolve) => ws.once('close', resolve));
      const text = mutate(rng, SEEDS[2], 6, 8000);
      if (rng.next() < 0.1) ws.send(Buffer.from(text), { binary: true });
      else ws.send(text);
      if (rng.next() < 0.5) ws.send(mutate(rng, SEEDS[2], 3));
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 30))]);
      ws.terminate();
      assert.ok(server.clientCount <= i + 1, where(i));
    }
    const good = await openRemote(server.url);
    try {
      server.publish(samples[1]);
      let s = await good.next();
      while (s && s.time < samples[1].time) s = await good.next();
      assert.equal(s?.time, samples[1].time);
    } finally {
      await good.close();
    }
  } finally {
    await server.close();
  }
});

/** A WebSocket server that says a (mutated) hello, sends mutated frames, then says the source ended. */
async function hostileServer(frames: string[]): Promise<{ url: string; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => FEED_PROTOCOL });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (ws) => {
    ws.on('error', () => {});
    ws.once('message', () => {
      for (const f of frames) ws.send(f);
      ws.close(1000);
    });
  });
  const port = (wss.address() as { port: number }).port;
  return { url: `ws://127.0.0.1:${port}/`, close: () => new Promise((resolve) => wss.close(() => resolve())) };
}

function hostileFrames(rng: ReturnType<typeof fuzzer>['rng']): string[] {
  const frames = [rng.next() < 0.7 ? SERVER_HELLO : mutate(rng, SERVER_HELLO, 4)];
  for (let k = rng.int(1, 6); k > 0; k--) frames.push(rng.next() < 0.3 ? SAMPLE_LINE : mutate(rng, SEEDS[rng.int(0, SEEDS.length - 1)], 6));
  // The served source ends: a client that took fewer samples than it wanted stops instead of reconnecting.
  frames.push('{"type":"end"}');
  return frames;
}

test(`fuzz: ${CLIENT_CASES} servers sending mutated frames to the client in-process: samples, warnings or one UserError`, async () => {
  const { rng, where } = fuzzer('feed-client');
  for (let i = 0; i < CLIENT_CASES; i++) {
    const server = await hostileServer(hostileFrames(rng));
    try {
      const src = await RemoteSource.open({ feed: parseFeedUrl(server.url), token: null, mode: 'all', onFailure: 'fail', history: 0, retry: { attempts: 0, initialDelayMs: 10, maxDelayMs: 10 } });
      try {
        for (let s = await src.next(), k = 0; s && k < 20; s = await src.next(), k++) assert.ok(Number.isFinite(s.time), where(i));
      } finally {
        await src.close();
      }
    } catch (err) {
      assert.ok(err instanceof UserError, `${where(i)}: ${String(err)}`);
    } finally {
      await server.close();
    }
  }
});

test(`fuzz: ${WHOLE_PROCESS} servers sending mutated frames to connect --json`, async () => {
  const { rng, where } = fuzzer('feed-cli');
  for (let i = 0; i < WHOLE_PROCESS; i++) {
    const server = await hostileServer(hostileFrames(rng));
    try {
      const r = await runBounded(['connect', server.url, '--json', '-n', '3'], { env: { BALLOONTOP_TOKEN: '' } });
      assertHandled(r, where(i), { codes: [0, 1, 2], stdoutIsData: true });
    } finally {
      await server.close();
    }
  }
});
