/**
 * Faults against real servers: the vcsim simulator (wrong password, TLS,
 * an expired session, a VM deleted mid-poll, a slow or stopped server) and
 * small loopback HTTP servers that answer garbage or HTTP errors.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import { drain } from '../../../src/output/drain';
import { isVsphereError } from '../../../src/sources/vsphere/vsphere-error';
import { Poller } from '../../../src/timeline/poller';
import { Timeline } from '../../../src/timeline/timeline';
import { startVcsim, vcsimAvailable, type Vcsim, type VcsimOptions } from '../../support/vcsim/vcsim';
import { AdminClient } from './admin-client';
import { openLive } from './open-live';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function simOrSkip(t: TestContext, opts: VcsimOptions = {}): Promise<Vcsim | null> {
  const missing = vcsimAvailable();
  if (missing !== null) {
    if (process.env.CI === 'true') throw new Error(`vcsim is required under CI=true: ${missing}`);
    t.skip(missing);
    return null;
  }
  const sim = await startVcsim({ model: 'esx', vms: 4, ...opts });
  t.after(() => sim.stop());
  return sim;
}

/** A real loopback HTTP server with a fixed, wrong answer. */
async function badServer(t: TestContext, handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  const port = (server.address() as { port: number }).port;
  return `http://127.0.0.1:${port}/sdk`;
}

async function closedPort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const fakeSim = (url: string) => ({ url }) as Vcsim;

test('wrong password: InvalidLogin as one clear line, without the password', async (t) => {
  const sim = await simOrSkip(t, { user: 'admin', password: 'right-pw' });
  if (!sim) return;
  await assert.rejects(openLive(sim, { password: 'wrong-pw-123' }), (err: unknown) => {
    assert.ok(isVsphereError(err, 'auth'));
    assert.match((err as Error).message, /^127\.0\.0\.1:\d+: login refused: wrong user name or password \(InvalidLogin\)$/);
    assert.ok(!(err as Error).message.includes('wrong-pw-123'));
    return true;
  });
  const ok = await openLive(sim, { password: 'right-pw' });
  assert.equal((await ok.next())?.groups.length, 4);
  await ok.close();
});

test('an empty password: refused by the server (vcsim accepts any non-empty one) and by the CLI before it asks', async (t) => {
  const sim = await simOrSkip(t);
  if (!sim) return;
  await assert.rejects(openLive(sim, { password: '' }), (err: unknown) => isVsphereError(err, 'auth'));
});

test('unreachable host: connection refused on a closed loopback port', async () => {
  const port = await closedPort();
  await assert.rejects(openLive(fakeSim(`http://127.0.0.1:${port}/sdk`)), (err: unknown) => {
    assert.ok(isVsphereError(err, 'network'));
    assert.equal((err as Error).message, `127.0.0.1:${port}: connection refused (is the host up and the port right?)`);
    return true;
  });
});

test('TLS: verified by default (fails on vcsim\'s own certificate), --ca trusts it, --insecure skips it visibly', async (t) => {
  const sim = await simOrSkip(t, { tls: true });
  if (!sim) return;
  assert.ok(sim.url.startsWith('https://'));
  assert.ok(sim.ca);
  await assert.rejects(openLive(sim), (err: unknown) => {
    assert.ok(isVsphereError(err, 'tls'), String(err));
    assert.match((err as Error).message, /TLS certificate not trusted \([A-Z_]+\): give the host's CA with --ca FILE, or --insecure/);
    return true;
  });
  const withCa = await openLive(sim, { tls: { insecure: false, ca: [readFileSync(sim.ca, 'utf8')] } });
  assert.equal((await withCa.next())?.groups.length, 4);
  assert.equal(withCa.status().insecure, false);
  await withCa.close();
  const insecure = await openLive(sim, { tls: { insecure: true, ca: [] } });
  assert.equal((await insecure.next())?.groups.length, 4);
  assert.equal(insecure.status().insecure, true);
  await insecure.close();
});

test('a plain-HTTP server on an https URL: a TLS handshake error, not a hang', async (t) => {
  const url = await badServer(t, (_req, res) => res.end('hello'));
  await assert.rejects(openLive(fakeSim(url.replace('http:', 'https:'))), (err: unknown) => isVsphereError(err, 'tls'));
});

test('garbage and HTTP errors: one line each, naming the host', async (t) => {
  const garbage = await badServer(t, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('\x00\x01 this is not XML at all');
  });
  await assert.rejects(openLive(fakeSim(garbage)), /127\.0\.0\.1:\d+: malformed XML in the answer to \/sdk\/vimServiceVersions\.xml|is not the vSphere API/);

  const html = await badServer(t, (_req, res) => {
    res.writeHead(503, { 'Content-Type': 'text/html' });
    res.end('<html><body>Service Unavailable</body></html>');
  });
  await assert.rejects(openLive(fakeSim(html)), (err: unknown) => {
    assert.ok(isVsphereError(err, 'http'), String(err));
    assert.match((err as Error).message, /^127\.0\.0\.1:\d+: HTTP 503/);
    return true;
  });

  // http:// where the host wants https:// (after the versions document).
  const redirect = await badServer(t, (req, res) => {
    if (req.method === 'GET') {
      res.end('<namespaces><namespace><name>urn:vim25</name><version>6.5</version></namespace></namespaces>');
      return;
    }
    res.writeHead(301, { Location: 'https://root:pw@esxi01.example.com/sdk' });
    res.end();
  });
  await assert.rejects(openLive(fakeSim(redirect)), /HTTP 301 redirect to https:\/\/esxi01\.example\.com\/sdk: use that URL/);

  // Versions fine, then a SOAP answer cut in the middle.
  const broken = await badServer(t, (req, res) => {
    if (req.method === 'GET') {
      res.end('<namespaces><namespace><name>urn:vim25</name><version>6.5</version></namespace></namespaces>');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/xml' });
    res.end('<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><RetrieveServiceContentResponse><returnval><rootFolder');
  });
  await assert.rejects(openLive(fakeSim(broken)), (err: unknown) => {
    assert.ok(isVsphereError(err, 'protocol'), String(err));
    assert.match((err as Error).message, /malformed XML in the answer to RetrieveServiceContent/);
    assert.ok(!(err as Error).message.includes('\n'));
    return true;
  });
});

test('version negotiation: SOAPAction carries the version from vimServiceVersions.xml, or 6.0 without it', async (t) => {
  const seen: string[] = [];
  const versioned = await badServer(t, (req, res) => {
    if (req.method === 'GET') {
      res.end('<?xml version="1.0"?><namespaces version="1.0"><namespace><name>urn:vim25</name><version>7.0.3.0</version></namespace></namespaces>');
      return;
    }
    seen.push(String(req.headers.soapaction));
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end('stop here');
  });
  await assert.rejects(openLive(fakeSim(versioned)), /HTTP 500/);
  const old = await badServer(t, (req, res) => {
    if (req.method === 'GET') {
      res.writeHead(404);
      res.end();
      return;
    }
    seen.push(String(req.headers.soapaction));
    res.writeHead(500);
    res.end();
  });
  await assert.rejects(openLive(fakeSim(old)), /HTTP 500/);
  assert.deepEqual(seen, ['"urn:vim25/7.0.3.0"', '"urn:vim25/6.0"']);
});

test('a server that never answers: a timeout, not a hang', { timeout: 20_000 }, async (t) => {
  const url = await badServer(t, () => {
    /* never answers */
  });
  await assert.rejects(openLive(fakeSim(url), { timeoutMs: 300 }), (err: unknown) => {
    assert.ok(isVsphereError(err, 'timeout'), String(err));
    assert.match((err as Error).message, /no answer in 0\.3 s/);
    return true;
  });
});

test('a server that trickles its answer a byte at a time: the whole request has a deadline', { timeout: 20_000 }, async (t) => {
  const timers: NodeJS.Timeout[] = [];
  t.after(() => timers.forEach((x) => clearInterval(x)));
  const url = await badServer(t, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/xml' });
    timers.push(setInterval(() => res.write(' '), 50));
  });
  await assert.rejects(openLive(fakeSim(url), { timeoutMs: 400 }), /no answer in 0\.4 s/);
});

test('expired session: logged out behind the poller\'s back, it logs in again once and goes on', async (t) => {
  const sim = await simOrSkip(t);
  if (!sim) return;
  const admin = await AdminClient.connect(sim.url);
  t.after(() => admin.close());
  const source = await openLive(sim, { onFailure: 'keep-alive' });
  t.after(() => source.close());
  const first = await source.next();
  const sessions = await admin.otherSessions();
  assert.equal(sessions.length, 1);
  await admin.terminateSessions(sessions);
  assert.deepEqual(await admin.otherSessions(), []);
  const r0 = source.requestCount;
  const second = await source.next();
  assert.ok(second && first && second !== first, 'a fresh sample, not the last good one');
  assert.equal(second.groups.length, 4);
  assert.equal(source.status().state, 'connected');
  // Failed call + Login + CreateContainerView + RetrievePropertiesEx + QueryPerf.
  assert.equal(source.requestCount - r0, 5);
  assert.equal((await admin.otherSessions()).length, 1, 'one new session');
});

test('a VM deleted mid-poll (between the property read and QueryPerf): the poll reads again and drops it', async (t) => {
  const sim = await simOrSkip(t);
  if (!sim) return;
  const admin = await AdminClient.connect(sim.url);
  t.after(() => admin.close());
  const source = await openLive(sim);
  t.after(() => source.close());
  assert.equal((await source.next())?.groups.length, 4);
  await sim.delay('QueryPerf', 1500);
  const r0 = source.requestCount;
  const pending = source.next();
  await sleep(300); // the property read is done, QueryPerf is held by the server
  const victim = sim.vms[3];
  await admin.destroyVm(victim.ref);
  const sample = await pending;
  assert.ok(sample);
  assert.deepEqual(sample.groups.map((g) => g.name), sim.vms.slice(0, 3).map((v) => v.name));
  assert.equal(source.status().state, 'connected');
  // RetrievePropertiesEx, QueryPerf (ManagedObjectNotFound), then both again.
  assert.equal(source.requestCount - r0, 4);
  await sim.delay('QueryPerf', 0);
});

test('a slow server in the dashboard: last good sample, "reconnecting" with the reason, then back after the backoff', async (t) => {
  const sim = await simOrSkip(t);
  if (!sim) return;
  const source = await openLive(sim, { onFailure: 'keep-alive', timeoutMs: 400, retry: { attempts: 1, initialDelayMs: 300, maxDelayMs: 1000 } });
  t.after(() => source.close());
  const good = await source.next();
  assert.ok(good);
  await sim.delay('RetrievePropertiesEx', 1500);
  const stale = await source.next();
  assert.equal(stale, good, 'the last good sample again');
  const st = source.status();
  assert.equal(st.state, 'reconnecting');
  assert.match(st.message, /no answer in 0\.4 s; retrying in \d+ (ms|s)$/);
  assert.equal(st.note, 'no answer in 0.4 s', 'a narrow status line keeps the reason, without the address');
  assert.equal(st.lastGoodSample, good.time);
  // Within the backoff, next() does not touch the server.
  const r0 = source.requestCount;
  assert.equal(await source.next(), good);
  assert.equal(source.requestCount, r0);
  await sim.delay('RetrievePropertiesEx', 0);
  await sleep(350);
  const fresh = await source.next();
  assert.ok(fresh && fresh !== good && fresh.time > good.time);
  assert.equal(source.status().state, 'connected');
});

test('a stopped simulator: the dashboard keeps the last sample and reconnects when it is back on the same port', async (t) => {
  const sim = await simOrSkip(t);
  if (!sim) return;
  const source = await openLive(sim, { onFailure: 'keep-alive', retry: { attempts: 1, initialDelayMs: 200, maxDelayMs: 1000 } });
  t.after(() => source.close());
  const good = await source.next();
  await sim.stop();
  assert.equal(await source.next(), good);
  assert.equal(source.status().state, 'reconnecting');
  // The first request after the stop may go over a kept-alive socket the server closed, or find the port closed.
  assert.match(source.status().message, /connection refused|connection closed by the server/);
  const again = await startVcsim({ model: 'esx', vms: 4, listen: `127.0.0.1:${sim.port}` });
  t.after(() => again.stop());
  await sleep(250);
  const fresh = await source.next();
  assert.ok(fresh && fresh !== good);
  assert.equal(fresh.groups.length, 4);
  assert.equal(source.status().state, 'connected');
});

test('batch mode (-b, -n): a stopped server fails after the retry policy with one clear line', async (t) => {
  const sim = await simOrSkip(t);
  if (!sim) return;
  const source = await openLive(sim, { onFailure: 'fail', retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 100 } });
  t.after(() => source.close());
  await source.next();
  await sim.stop();
  await assert.rejects(source.next(), (err: unknown) => {
    assert.ok(isVsphereError(err, 'network'));
    assert.match((err as Error).message, /^127\.0\.0\.1:\d+: connection refused \(is the host up and the port right\?\) \(gave up after 4 attempts\)$/, 'the poll that failed and 3 retries');
    return true;
  });
  assert.equal(source.status().state, 'failed');
});

/** Fresh sample times (a repeated last good sample is not fresh), as the consumer got them. */
function spacing(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]);
}

test('a hung server (frozen with SIGSTOP) that comes back: the dashboard and record never get two samples closer than half the delay', { timeout: 90_000 }, async (t) => {
  const sim = await simOrSkip(t);
  if (!sim) return;
  const delaySeconds = 2;
  const opts = { onFailure: 'keep-alive' as const, timeoutMs: 5000, retry: { attempts: Infinity, initialDelayMs: 300, maxDelayMs: 1000 } };
  const dashboard = await openLive(sim, opts);
  const recorder = await openLive(sim, opts);
  t.after(() => Promise.all([dashboard.close(), recorder.close()]));
  const timeline = new Timeline();
  const seen: number[] = [];
  const poller = new Poller(dashboard, timeline, { delaySeconds, onChange: () => {}, onError: (e) => assert.fail(String(e)), onSample: (s) => seen.push(s.time) });
  const recorded: number[] = [];
  let stop = false;
  const draining = drain(recorder, (s) => {
    recorded.push(s.time);
    return !stop;
  }, { limit: null, pacing: { kind: 'every', ms: delaySeconds * 1000 } });
  poller.start();
  await sleep(3000);
  process.kill(sim.pid, 'SIGSTOP');
  try {
    await sleep(6000);
  } finally {
    process.kill(sim.pid, 'SIGCONT');
  }
  const resumed = seen.length;
  await sleep(7000);
  poller.stop();
  stop = true;
  await draining;
  assert.ok(seen.length > resumed + 1 && recorded.length > resumed, `samples after the server came back: ${seen.length - resumed}`);
  // Timers may fire a millisecond early; nothing else brings two samples closer than half the delay.
  const floor = (delaySeconds * 1000) / 2 - 20;
  for (const [who, times] of [['dashboard', seen], ['record', recorded]] as const) {
    for (const gap of spacing(times)) assert.ok(gap >= floor, `${who}: samples ${gap} ms apart (${spacing(times).join(', ')})`);
  }
});
