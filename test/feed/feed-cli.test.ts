/** `balloontop serve` and `balloontop connect` as a user runs them: real processes on 127.0.0.1, ephemeral ports. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { capture } from '../support/paths';
import { runCli } from '../support/run-cli';
import { startServe } from './serve-process';

const CAP = capture('esxi65-ballooning-a.csv');
const dir = mkdtempSync(join(tmpdir(), 'balloontop-feed-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const TOKEN = 'feedtest-0123456789abcdef-secret';
const tokenFile = join(dir, 'token');
writeFileSync(tokenFile, `${TOKEN}\n`);
chmodSync(tokenFile, 0o600);

function listening(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

test('serve replay CAPTURE: connect --json --history gives the same samples as replay --json', async () => {
  const s = await startServe(['replay', CAP, '--speed', '100', '--listen', '127.0.0.1:0']);
  try {
    const remote = await runCli(['connect', s.url, '--json', '--history']);
    const local = await runCli(['replay', CAP, '--json']);
    assert.equal(remote.code, 0, remote.stderr);
    assert.equal(remote.stderr, '');
    assert.equal(local.stdout.trim().split('\n').length, 3);
    assert.equal(remote.stdout, local.stdout);
    const csv = await runCli(['connect', s.url, '-b', '--history', '-n', '2']);
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(csv.stdout, (await runCli(['replay', CAP, '-b', '-n', '2'])).stdout);
  } finally {
    assert.equal(await s.stop(), 0);
  }
  assert.match(s.stderr(), /the source ended after 3 samples/);
  assert.match(s.stderr(), /stopped after serving 3 samples/);
});

test('serve sim: connect --json -n N gives the same samples as sim --json, narration included', async () => {
  const sim = ['sim', '--scenario', 'overcommit', '--seed', '7', '-d', '20'];
  const s = await startServe([...sim, '--speed', '40', '--listen', '127.0.0.1:0', '-q']);
  try {
    const remote = await runCli(['connect', s.url, '--json', '--history', '-n', '6']);
    const local = await runCli([...sim, '--json', '-n', '6']);
    assert.equal(remote.code, 0, remote.stderr);
    assert.equal(remote.stdout.trim().split('\n').length, 6);
    assert.equal(remote.stdout, local.stdout);
    assert.match(local.stdout, /"notes":\[/, 'the scenario narrates from its first sample');
  } finally {
    assert.equal(await s.stop(), 0);
  }
  assert.doesNotMatch(s.stderr(), /client .* connected/, '-q: no client log');
});

test('serve sim: connect -b --history gives the CSV of sim -b, a VM that powers on later included', async () => {
  const sim = ['sim', '--scenario', 'overcommit', '--seed', '1'];
  const s = await startServe([...sim, '-n', '400', '--speed', '10000', '--history', '1000', '--listen', '127.0.0.1:0', '-q']);
  try {
    const local = await runCli([...sim, '-b', '-n', '400'], { timeoutMs: 60000 });
    assert.match(local.stdout.split('\n')[0], /batch01/);
    const remote = await runCli(['connect', s.url, '-b', '--history', '-n', '400'], { timeoutMs: 60000 });
    assert.equal(remote.code, 0, remote.stderr);
    assert.equal(remote.stderr, '', 'no group left out of the CSV');
    assert.equal(remote.stdout, local.stdout);
  } finally {
    await s.stop();
  }
});

test('a late joiner without --history gets the latest sample at once', async () => {
  const s = await startServe(['replay', CAP, '--speed', '100', '--listen', '127.0.0.1:0']);
  try {
    // Wait until the replay is over: the latest sample is then the third one.
    for (let i = 0; i < 100 && !/source ended/.test(s.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
    const one = await runCli(['connect', s.url, '--json', '-n', '1']);
    assert.equal(one.code, 0, one.stderr);
    const third = (await runCli(['replay', CAP, '--json'])).stdout.trim().split('\n')[2];
    assert.equal(one.stdout, `${third}\n`);
  } finally {
    await s.stop();
  }
});

test('token: missing or wrong gives "401 unauthorized" and exit 2; the file, $BALLOONTOP_TOKEN and ?token= work; the token is never printed', async () => {
  const s = await startServe(['replay', CAP, '--speed', '100', '--listen', '127.0.0.1:0', '--token-file', tokenFile]);
  try {
    const none = await runCli(['connect', s.url, '--json', '-n', '1'], { env: { BALLOONTOP_TOKEN: '' } });
    assert.equal(none.code, 2);
    assert.equal(none.stdout, '');
    assert.equal(none.stderr, `balloontop: ${s.url}: 401 unauthorized (wrong or missing token: give --token-file FILE or set BALLOONTOP_TOKEN)\n`);
    const wrong = await runCli(['connect', s.url, '--json', '-n', '1'], { env: { BALLOONTOP_TOKEN: `${TOKEN}x` } });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /^balloontop: ws:\/\/127\.0\.0\.1:\d+\/: 401 unauthorized/);
    const byFile = await runCli(['connect', s.url, '--json', '-n', '1', '--token-file', tokenFile]);
    assert.equal(byFile.code, 0, byFile.stderr);
    const byEnv = await runCli(['connect', s.url, '--json', '-n', '1'], { env: { BALLOONTOP_TOKEN: TOKEN } });
    assert.equal(byEnv.code, 0, byEnv.stderr);
    assert.equal(byEnv.stdout, byFile.stdout);
    const byQuery = await runCli(['connect', `${s.url}?token=${TOKEN}`, '--json', '-n', '1'], { env: { BALLOONTOP_TOKEN: '' } });
    assert.equal(byQuery.code, 0, byQuery.stderr);
    assert.match(byQuery.stderr, /warning: a token in the URL is visible/);
    assert.ok(!byQuery.stderr.includes(TOKEN));
  } finally {
    await s.stop();
  }
  assert.ok(!s.stderr().includes(TOKEN), 'serve never prints the token');
  assert.match(s.stderr(), /refused 127\.0\.0\.1:\d+: no valid token/);
});

test('serve refuses a non-loopback address without a token, a short token, and bad options', async () => {
  const open = await runCli(['serve', 'sim', '--listen', '0.0.0.0:0'], { env: { BALLOONTOP_TOKEN: '' } });
  assert.equal(open.code, 2);
  assert.equal(open.stderr, 'balloontop: serve: listening on 0.0.0.0 lets other machines connect: give --token-file FILE (or set $BALLOONTOP_TOKEN) so that only clients with the token get in\n');
  const short = join(dir, 'short');
  writeFileSync(short, 'abc\n');
  const weak = await runCli(['serve', 'sim', '--token-file', short]);
  assert.equal(weak.code, 2);
  assert.match(weak.stderr, /^balloontop: the token in .*short is shorter than 16 characters/);
  for (const [args, re] of [
    [['serve'], /serve: what to serve\?/],
    [['serve', 'nope'], /serve: unknown source 'nope'/],
    [['serve', 'sim', '--listen', 'x:y'], /--listen x:y: expected HOST:PORT/],
    [['serve', 'sim', '--json'], /serve: -b and --json are for batch output/],
    [['serve', 'replay', join(dir, 'missing.csv')], /missing\.csv/],
  ] as const) {
    const r = await runCli([...args], { env: { BALLOONTOP_TOKEN: '' } });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.split('\n').length, 2, 'one line');
  }
});

test('serve: a port in use is one clear line', async () => {
  const blocker = createTcpServer();
  const port = await listening(blocker);
  try {
    const r = await runCli(['serve', 'sim', '--listen', `127.0.0.1:${port}`]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `balloontop: serve: 127.0.0.1:${port} is already in use (another balloontop serve? choose another --listen HOST:PORT)\n`);
  } finally {
    blocker.close();
  }
});

test('connect to something that is not balloontop: one clear line, exit 2', async () => {
  const http = createHttpServer((_req, res) => res.end('hello'));
  const httpPort = await listening(http);
  const tcp = createTcpServer((sock) => sock.end('SSH-2.0-OpenSSH_9.6\r\n'));
  const tcpPort = await listening(tcp);
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => ws.send('{"hi":1}'));
  const wsPort = (wss.address() as AddressInfo).port;
  const closed = createTcpServer();
  const closedPort = await listening(closed);
  closed.close();
  try {
    const cases: [string, RegExp][] = [
      [`ws://127.0.0.1:${httpPort}/`, /: not a balloontop feed \(the server answered HTTP 200 OK instead of a WebSocket\)$/],
      [`127.0.0.1:${tcpPort}`, /: not a balloontop feed \(the server does not answer in HTTP\)$/],
      [`ws://127.0.0.1:${wsPort}/`, /: not a balloontop feed \((its first message is not a balloontop hello|a WebSocket server that does not speak balloontop-feed)\)$/],
      [`ws://127.0.0.1:${closedPort}/`, /: connection refused \(is balloontop serve running there\?\)$/],
      // balloontop serve itself speaks plain ws://: wss:// straight to it fails in the TLS handshake.
      [`wss://127.0.0.1:${wsPort}/`, /^balloontop: wss:\/\/127\.0\.0\.1:\d+\/: TLS handshake failed: the server does not speak TLS \(balloontop serve speaks ws:\/\/; wss:\/\/ needs a TLS proxy in front of it\)$/],
      ['http://127.0.0.1:1/', /connect: 'http:\/\/' is not a feed URL/],
    ];
    for (const [url, re] of cases) {
      const r = await runCli(['connect', url, '--json', '-n', '1', '--timeout', '5']);
      assert.equal(r.code, 2, `${url}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
      assert.match(r.stderr.trim(), re);
    }
  } finally {
    http.close();
    tcp.close();
    wss.close();
  }
});

test('serve: a source that fails is one line on stderr and a non-zero exit, after the URL', async () => {
  const rec = join(dir, 'one.jsonl');
  const made = await runCli(['record', 'replay', CAP, '-n', '1', '-o', rec]);
  assert.equal(made.code, 0, made.stderr);
  const headerOnly = join(dir, 'header-only.jsonl');
  const { readFileSync } = await import('node:fs');
  writeFileSync(headerOnly, `${readFileSync(rec, 'utf8').split('\n')[0]}\n`);
  const r = await runCli(['serve', 'replay', headerOnly, '--listen', '127.0.0.1:0']);
  assert.equal(r.code, 2);
  const lines = r.stderr.trim().split('\n');
  assert.match(lines[0], /^balloontop: serving .*header-only\.jsonl on ws:\/\/127\.0\.0\.1:\d+\/$/);
  assert.equal(lines[lines.length - 1], `balloontop: ${headerOnly}: has a header but no samples`);
});

test('record connect keeps every sample the server sends: the recording replays to the served capture', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-record-feed-'));
  const s = await startServe(['replay', CAP, '--speed', '100', '--listen', '127.0.0.1:0', '-q']);
  try {
    const out = join(dir, 'feed.jsonl');
    const r = await runCli(['record', 'connect', s.url, '--history', '-n', '3', '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `balloontop: recorded 3 samples to ${out}\n`);
    const back = await runCli(['replay', out, '--json']);
    assert.equal(back.stdout, (await runCli(['replay', CAP, '--json'])).stdout);
  } finally {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
