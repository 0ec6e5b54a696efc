/**
 * Hostile inputs through the built CLI, one class of the adversarial review
 * each: impossible times, absurd options, full disks, secrets in URLs,
 * unbounded option files and scenarios, text that would drive the terminal.
 * Every run must end with exit 0 or 2, one line per problem, no trace, and
 * nothing on stderr a terminal acts on.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { encodeClientHello, FEED_PROTOCOL } from '../../src/feed/protocol';
import { makeGroup } from '../support/groups';
import { assertHandled, hostSample, recordingText } from '../support/hostile';
import { runCli } from '../support/run-cli';
import { startServe } from '../feed/serve-process';

const dir = mkdtempSync(join(tmpdir(), 'balloontop-hostile-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string | Buffer, ext = 'txt') => {
  const p = join(dir, `f${++n}.${ext}`);
  writeFileSync(p, content);
  return p;
};
const T0 = Date.UTC(2018, 3, 24, 10, 49, 12);
const vm = (gid: number, name: string) => makeGroup(gid, name, 'vm', { MEMSZ: 2048, MCTLSZ: 10, MCTLMAX: 1300 });
const ESCAPES = '\x1b]2;PWNED\x07\x1b[2J\x1b[31m\u202e\u200b\x9b5m';

/** Every timestamp of a -b output reads as MM/dd/yyyy with a year from 1990 to 2100. */
function assertCsvTimes(csv: string): void {
  for (const line of csv.trim().split('\n').slice(1)) assert.match(line, /^"\d\d\/\d\d\/(19[9]\d|20\d\d|2100) \d\d:\d\d:\d\d(\.\d{3})?"/, line.slice(0, 60));
}

test('class 1: a recording line whose time a Date cannot hold is a bad line with its number; -b writes only real times', async () => {
  const good = [hostSample(T0, [vm(1, 'a')]), hostSample(T0 + 5000, [vm(1, 'a')])];
  const lines = recordingText(good).trimEnd().split('\n');
  const bad = [1e20, -1e20, 8.64e15 + 1, 1e300, Date.UTC(1900, 0, 1), Date.UTC(2300, 0, 1)].map((t) => lines[1].replace(/^\{"t":\d+/, `{"t":${t}`));
  const rec = file([lines[0], lines[1], ...bad, lines[2]].join('\n') + '\n', 'jsonl');
  for (const format of ['-b', '--json']) {
    const r = await runCli(['replay', rec, format]);
    assertHandled(r, `replay ${format}`, { stdoutIsData: true });
    assert.equal(r.code, 0);
    assert.match(r.stderr, new RegExp(`${rec.replace(/[.]/g, '\\.')}:3: not a sample \\(time "t": 100000000000000000000 is not a time between 1990 and 2100\\); skipped \\(and 5 more like it\\)`));
    assert.doesNotMatch(r.stdout, /NaN|-0\d\d\d\d\//);
    if (format === '-b') assertCsvTimes(r.stdout);
    else assert.equal(r.stdout.trim().split('\n').length, 2);
  }
});

test('class 1: -d with an absurd value is one line, exit 2; a simulation stops at the end of 2100 with real times', async () => {
  for (const d of ['1e300', '99999999999', '0x10', 'Infinity', '-5', '1e3', 'NaN', '']) {
    const r = await runCli(['sim', '-b', '-n', '2', '-d', d]);
    assertHandled(r, `-d ${d}`);
    assert.equal(r.code, 2, `-d ${JSON.stringify(d)}`);
    assert.match(r.stderr, /^balloontop: (--delay (needs a number|must be at (least|most))|sim: option --delay needs)/);
  }
  const r = await runCli(['sim', '-b', '-d', '86400'], { timeoutMs: 120_000 });
  assertHandled(r, 'sim -d 86400 to the end', { stdoutIsData: true });
  assert.equal(r.code, 0);
  assert.match(r.stderr, /the simulated time reached the end of 2100 after \d+ samples; the simulation stops there/);
  assertCsvTimes(r.stdout);
  assert.match(r.stdout.trimEnd().split('\n').pop() ?? '', /^"12\/\d\d\/2100 /);
});

test('class 1: output to a full disk is one line and exit 2 (-b, --json, report, help)', async (t) => {
  const { existsSync } = await import('node:fs');
  if (!existsSync('/dev/full')) return t.skip('no /dev/full on this system');
  const { spawnSync } = await import('node:child_process');
  const { CLI, NODE_FLAGS } = await import('../support/paths');
  const { openSync, closeSync } = await import('node:fs');
  for (const args of [['sim', '-b', '-n', '3'], ['sim', '--json', '-n', '3'], ['report', 'sim', '-n', '3'], ['help'], ['sim', '--list']]) {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [...NODE_FLAGS, CLI, ...args], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 30_000 });
      assertHandled({ code: r.status, stdout: '', stderr: r.stderr }, args.join(' '));
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stderr, 'balloontop: cannot write to stdout: no space left on the device\n');
    } finally {
      closeSync(fd);
    }
  }
});

test('classes 1 and 8: a URL password is never echoed, whatever is wrong with the URL', async () => {
  const secret = 'Sup3r/s3cret?#pw%ZZ';
  for (const url of [`https://root:${secret}@esx01`, `https://root:p%ZZw@esx01`, 'https://root:se/cret pass@esx 01', 'https://root:123/s3cret@esx01/sdk', `root:${secret}@esx01:99999`, `https://root:a@b@c/d@esx01`]) {
    const r = await runCli(['live', url, '-b', '-n', '1'], { env: { GOVC_URL: '', GOVC_USERNAME: '', GOVC_PASSWORD: '' } });
    assertHandled(r, url);
    assert.equal(r.code, 2, `${url}: ${r.stderr}`);
    for (const piece of ['Sup3r', 's3cret', 'p%ZZw', 'cret pass', 'a@b']) assert.ok(!r.stderr.includes(piece), `${url}: the password shows in ${JSON.stringify(r.stderr)}`);
  }
});

test('class 1 and 4: scenarios nested thousands deep, with a huge string, 100,000 VMs or impossible values: one line naming file and line', async () => {
  const base = (over: Record<string, unknown>) => JSON.stringify({ description: 'hostile', host: { memoryMB: 16384 }, vms: [{ name: 'a', memoryMB: 2048 }], ...over });
  const cases: [string, RegExp][] = [
    ['['.repeat(5000) + ']'.repeat(5000), /:1:33: not valid JSON: objects and lists nested more than 32 deep$/],
    ['{"a":'.repeat(3000) + '1' + '}'.repeat(3000), /:1:\d+: not valid JSON: objects and lists nested more than 32 deep$/],
    [base({ description: 'x'.repeat(3 << 20) }), /:1: description: longer than 4000 characters \(3145728\)$/],
    [base({ vms: Array.from({ length: 100_000 }, (_, i) => ({ name: `v${i}`, memoryMB: 1 })) }), /:1: vms: 100000 VMs; a host runs at most 1024$/],
    [base({ start: '2026-02-30T09:00:00Z' }), /:1: start: expected an ISO 8601 UTC time .*got "2026-02-30T09:00:00Z"$/],
    [base({ start: '2026-01-12T24:00:00Z' }), /:1: start: expected an ISO 8601 UTC time/],
    [base({ start: '2300-01-12T09:00:00Z' }), /:1: start: expected an ISO 8601 UTC time/],
    [base({ durationS: 1e300 }), /:1: durationS: must be at most 31622400, got 1e\+300$/],
    [base({ timeline: [{ at: '9'.repeat(400), action: 'narrate', text: 'x' }] }), /:1: timeline\[0\]\.at: expected a time of at most a year/],
    [base({ vms: [{ name: 'a', memoryMB: 2048, guestSwapMB: 'HUGE' }] }).replace('"HUGE"', '1e400'), /:1: .*guestSwapMB: expected a number >= 0, got Infinity$/],
    [base({ vms: [{ name: `a${ESCAPES}`.repeat(1), memoryMB: 2048 }], timeline: [{ at: 0, action: 'powerOff', vm: ESCAPES }] }), /:1: timeline\[0\]\.vm: no VM named /],
  ];
  for (const [text, expected] of cases) {
    const f = file(text, 'json');
    const r = await runCli(['sim', '--scenario', f, '-b', '-n', '1']);
    assertHandled(r, `scenario ${text.slice(0, 40)}`);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr.trimEnd(), expected);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  }
});

test('class 4: option files are read with a budget: /dev/zero, a huge file and a directory are one line each; a pipe still gives a password', async () => {
  const huge = file(Buffer.alloc(8 << 20, 0x61));
  const runs: [string[], string][] = [];
  for (const bad of ['/dev/zero', huge, dir]) {
    runs.push([['live', 'https://127.0.0.1:1/sdk', '-u', 'a', '--password-file', bad, '-b'], `--password-file ${bad}`]);
    runs.push([['connect', 'ws://127.0.0.1:1/', '--token-file', bad, '-b'], `--token-file ${bad}`]);
    runs.push([['serve', 'sim', '--token-file', bad], `--token-file ${bad}`]);
    runs.push([['live', 'https://127.0.0.1:1/sdk', '-u', 'a', '--password', 'x', '--ca', bad, '-b'], `--ca ${bad}`]);
    runs.push([['sim', '-c', bad, '-b', '-n', '1'], bad]);
    runs.push([['sim', '--scenario', bad, '-b', '-n', '1'], bad]);
  }
  for (const [args, names] of runs) {
    const r = await runCli(args, { timeoutMs: 20_000, env: { GOVC_URL: '', GOVC_PASSWORD: '', BALLOONTOP_TOKEN: '' } });
    assertHandled(r, args.join(' '));
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.startsWith(`balloontop: ${names}`) || r.stderr.includes(names), `${args.join(' ')} names the file: ${r.stderr}`);
    assert.match(r.stderr, /is a device, not a file|is larger than|is a directory/);
  }
  const { spawnSync } = await import('node:child_process');
  const { CLI } = await import('../support/paths');
  const p = spawnSync('bash', ['-c', `printf 'from-a-pipe\\n' | "$0" "$1" live https://127.0.0.1:1/sdk -u a --password-file /dev/stdin -b -n 1`, process.execPath, CLI], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, GOVC_URL: '', GOVC_PASSWORD: '' } });
  const piped = { code: p.status, stdout: p.stdout, stderr: p.stderr };
  assertHandled(piped, 'a password from a pipe');
  assert.match(piped.stderr, /connection refused/, 'the password was read and the connection tried');
});

test('class 4: recording lines deep, wide or long under the line limit are skipped by number, in bounded memory', async () => {
  const good = [hostSample(T0, [vm(1, 'a')]), hostSample(T0 + 5000, [vm(1, 'a')])];
  const rec = file(recordingText(good.slice(0, 1), ['['.repeat(4_000_000) + ']'.repeat(4_000_000), `[${'0,'.repeat(6_000_000)}0]`, `{"t":${T0 + 1000},"n":[{"text":"${'a'.repeat(12 << 20)}","pause":false}]}`]) + recordingText(good.slice(1)).split('\n')[1] + '\n', 'jsonl');
  const r = await runCli(['replay', rec, '--json'], { env: { NODE_OPTIONS: '--max-old-space-size=160' }, timeoutMs: 60_000 });
  assertHandled(r, 'hostile recording lines', { stdoutIsData: true });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 2, 'both good samples');
  assert.match(r.stderr, /:3: not a sample \(nested more than 8 deep\); skipped \(and 2 more like it\)/);
});

test('class 5: names, counters and fault strings from outside reach stderr without escape sequences, bidi or zero-width characters', async (t) => {
  // A group that first appears in the second sample: -b names it on stderr.
  const evil = vm(66, `evil${ESCAPES}name`);
  evil.extra = { [`counter${ESCAPES}`]: 1 };
  const rec = file(recordingText([hostSample(T0, [vm(1, 'a')]), hostSample(T0 + 5000, [vm(1, 'a'), evil])], [`{"t":"${ESCAPES}"}`]), 'jsonl');
  const r = await runCli(['replay', rec, '-b']);
  assertHandled(r, 'late group with escapes', { stdoutIsData: true });
  assert.match(r.stderr, /group 66:evilname appeared after the first sample/);

  // A vSphere endpoint whose SOAP fault carries what well-formed XML can: a C1 CSI, bidi and zero-width characters.
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET') return res.writeHead(404).end();
      res.writeHead(500, { 'Content-Type': 'text/xml' });
      res.end(
        `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>x</faultcode><faultstring>boom&#x9b;2J&#x85;&#x202e;&#x200b;\u2066${'y'.repeat(5000)}</faultstring><detail><EvilFault xsi:type="Bad&#x9b;2J&#x202e;Type"/></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const port = (server.address() as { port: number }).port;
  const live = await runCli(['live', `http://127.0.0.1:${port}/sdk`, '-u', 'a', '--password', 'p', '-b', '-n', '1'], { timeoutMs: 60_000, env: { GOVC_URL: '' } });
  assertHandled(live, 'SOAP fault with escapes', { codes: [1, 2] });
  assert.match(live.stderr, /boom/);
  assert.ok(live.stderr.split('\n').every((l) => l.length < 2100), 'a fault string is cut');
});

test("class 5: serve's log keeps a client's bidi overrides, zero-width characters and escapes out of the terminal", async () => {
  const s = await startServe(['sim', '--listen', '127.0.0.1:0']);
  try {
    const ok = new WebSocket(s.url, FEED_PROTOCOL, { perMessageDeflate: false });
    await new Promise((resolve) => ok.once('open', resolve));
    ok.send(encodeClientHello(0, null, `client${ESCAPES}`));
    await new Promise((resolve) => ok.once('message', resolve));
    ok.close();
    await new Promise((resolve) => ok.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    assert.equal(await s.stop(), 0);
  }
  assertHandled({ code: 0, stdout: '', stderr: s.stderr() }, 'serve log');
  assert.match(s.stderr(), /connected \(client.*\)/);
});

test('class 9: numbers on the command line are plain decimals: 0x1F, 1e3 and 0b11 are refused, not read as other numbers', async (t: TestContext) => {
  for (const [option, value] of [['-n', '0x1F'], ['-n', '1e3'], ['-n', '0b11'], ['--speed', '0x10'], ['-n', '0o7']]) {
    const r = await runCli(['sim', '-b', option, value]);
    assertHandled(r, `${option} ${value}`);
    assert.equal(r.code, 2, t.name);
    assert.match(r.stderr, /needs a (whole )?number, got/);
  }
});
