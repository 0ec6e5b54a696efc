/** `balloontop report` as a user runs it, on every kind of source, and its errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { resolveScenario } from '../../src/sources/simulation/scenario/catalog';
import { capture, CLI, NODE_FLAGS } from '../support/paths';
import { runCli } from '../support/run-cli';
import { startServe } from '../feed/serve-process';
import { vcsimForFile } from '../support/vcsim/vcsim';

const dir = mkdtempSync(join(tmpdir(), 'balloontop-report-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const CAP = capture('esxi65-ballooning-a.csv');

const simOrSkip = vcsimForFile({ model: 'esx', vms: 3, tls: false, user: 'admin', password: 'secret-pass' });

test('report replay CAPTURE: the text summary on stdout, exit 0, nothing on stderr', async () => {
  const r = await runCli(['report', 'replay', CAP]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^balloontop report: localhost\.home\n/);
  assert.match(r.stdout, /^ {2}portunus: Balloon at its maximum/m);
});

test('report --json and -n (anywhere on the line); the same report from a recording of the capture', async () => {
  const all = JSON.parse((await runCli(['report', 'replay', CAP, '--json'])).stdout);
  assert.equal(all.host.samples, 3);
  const one = await runCli(['report', '--json', 'replay', CAP, '-n', '1']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(JSON.parse(one.stdout).host.samples, 1);
  const rec = join(dir, 'a.jsonl.gz');
  assert.equal((await runCli(['record', 'replay', CAP, '-o', rec])).code, 0);
  const fromRecording = JSON.parse((await runCli(['report', 'replay', rec, '--json'])).stdout);
  assert.deepEqual(fromRecording.groups, all.groups);
  assert.deepEqual({ ...fromRecording.host, source: null }, { ...all.host, source: null });
  assert.equal(fromRecording.host.source.kind, 'recording');
});

test('report sim: without -n the lesson itself; with -n that many samples; --list still lists', async () => {
  const r = await runCli(['report', 'sim', '--scenario', 'limit', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.host.samples, Math.floor(resolveScenario('limit').durationS / 5) + 1);
  const capped = doc.groups.find((g: { name: string }) => g.name === 'capped01');
  assert.ok(capped.findings.some((f: { code: string }) => f.code === 'limit'));
  const n = await runCli(['report', 'sim', '--scenario', 'limit', '-n', '10', '-d', '10', '--json']);
  assert.equal(JSON.parse(n.stdout).host.samples, 10);
  assert.equal(JSON.parse(n.stdout).host.stepSeconds, 10);
  const list = await runCli(['report', 'sim', '--list']);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^balloon-max +/m);
});

test('report --html FILE writes the file (and still prints the text); it never overwrites the input', async () => {
  const html = join(dir, 'r.html');
  const r = await runCli(['report', 'replay', CAP, '--html', html]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, `balloontop: wrote the HTML report to ${html}\n`);
  assert.match(r.stdout, /^balloontop report/);
  assert.match(readFileSync(html, 'utf8'), /^<!DOCTYPE html>/);
  const copy = join(dir, 'copy.csv');
  writeFileSync(copy, readFileSync(CAP));
  const self = await runCli(['report', 'replay', copy, '--html', copy]);
  assert.equal(self.code, 2);
  assert.equal(self.stderr, `balloontop: report: ${copy} is the file being replayed; write the HTML report to another file\n`);
  assert.equal(readFileSync(copy).length, readFileSync(CAP).length, 'left alone');
});

test('report --html onto a link to a device or a file: written through the link, a full disk is one line and exit 2', async (t) => {
  if (!existsSync('/dev/full')) return t.skip('no /dev/full on this system');
  const own = mkdtempSync(join(dir, 'html-'));
  // A link of the test's own: were it replaced, /dev/full itself is left alone.
  const full = join(own, 'full.html');
  symlinkSync('/dev/full', full);
  const r = await runCli(['report', 'replay', CAP, '--html', full]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr, `balloontop: ${full}: cannot write the report (no space left on the device)\n`);
  assert.ok(lstatSync(full).isSymbolicLink(), 'the link is still a link');
  const real = join(own, 'case-1234.html');
  writeFileSync(real, '');
  const link = join(own, 'latest.html');
  symlinkSync(real, link);
  const ok = await runCli(['report', 'replay', CAP, '--html', link]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.match(readFileSync(real, 'utf8'), /^<!DOCTYPE html>/);
  assert.deepEqual(readdirSync(own).sort(), ['case-1234.html', 'full.html', 'latest.html'], 'no temporary file left');
});

test('report: bad arguments and inputs give one line and exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['report'], /^balloontop: report: what to report\? \(balloontop report SOURCE ARGS\.\.\./],
    [['report', 'nonsense'], /^balloontop: report: unknown source 'nonsense' \(one of replay, sim, live, connect, guest\)\n$/],
    [['report', 'replay', join(dir, 'missing.csv')], /missing\.csv: no such file\n$/],
    [['report', 'replay', CAP, '-b'], /^balloontop: report: -b and --json are for batch output to stdout; report prints text, or JSON with --json\n$/],
    [['report', 'replay', CAP, '--html'], /option --html needs a FILE/],
    [['report', 'replay', CAP, '--html', join(dir, 'no', 'such', 'dir', 'r.html')], /r\.html: cannot write the report \(no such directory\)\n$/],
    [['report', 'replay', CAP, '--bogus'], /unknown option --bogus/],
  ];
  for (const [args, expected] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, expected, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
  }
  assert.ok(!existsSync(join(dir, 'no')));
});

test('a capture cut short: the report covers the samples before the cut, then the error, exit 2', async () => {
  const csv = execFileSync(process.execPath, [...NODE_FLAGS, CLI, 'sim', '--scenario', 'no-tools', '-b', '-n', '150']);
  const gz = gzipSync(csv);
  const cut = join(dir, 'cut.csv.gz');
  writeFileSync(cut, gz.subarray(0, Math.floor(gz.length / 2)));
  const r = await runCli(['report', 'replay', cut, '--json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`^balloontop: ${cut.replace(/[.]/g, '\\.')}:\\d+: truncated gzip data \\(the compressed stream ends early\\)\n$`));
  const doc = JSON.parse(r.stdout);
  assert.ok(doc.host.samples > 10 && doc.host.samples < 150, `${doc.host.samples} samples`);
  assert.match(doc.host.source.failure, /truncated gzip data/);
  assert.ok(doc.groups.some((g: { name: string; findings: { code: string }[] }) => g.name === 'legacy01' && g.findings.some((f) => f.code === 'no-balloon-driver')));
});

test('report connect: a feed served by another balloontop', async () => {
  const serve = await startServe(['replay', CAP, '--speed', '1000', '--listen', '127.0.0.1:0', '-q']);
  try {
    const r = await runCli(['report', 'connect', serve.url, '--history', '-n', '3', '--json'], { timeoutMs: 30000 });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.host.source.kind, 'remote');
    assert.equal(doc.host.samples, 3);
    assert.ok(doc.groups.find((g: { name: string }) => g.name === 'portunus').findings.some((f: { code: string }) => f.code === 'balloon-max'));
  } finally {
    await serve.stop();
  }
});

test('Ctrl-C ends the reading of a source that goes on: the report covers the samples so far, exit 0', async () => {
  const serve = await startServe(['sim', '--scenario', 'no-tools', '--speed', '50', '--listen', '127.0.0.1:0', '-q']);
  try {
    const child = spawn(process.execPath, [...NODE_FLAGS, CLI, 'report', 'connect', serve.url, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise((r) => setTimeout(r, 2500));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('exit', r));
    assert.equal(code, 0, err);
    const doc = JSON.parse(out);
    assert.ok(doc.host.samples >= 2, `${doc.host.samples} samples`);
    assert.equal(doc.host.source.kind, 'remote');
  } finally {
    await serve.stop();
  }
});

test('report live: a vSphere host (vcsim) polled twice', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const r = await runCli(['report', 'live', s.url, '-u', 'admin', '--password-file', passwordFile('secret-pass'), '-n', '2', '-d', '2', '--json'], { timeoutMs: 60000 });
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.host.source.kind, 'live');
  assert.equal(doc.host.samples, 2);
  assert.ok(doc.groups.some((g: { kind: string; balloon: unknown }) => g.kind === 'vm' && g.balloon !== null), 'the injected balloon is seen');
});

test('report live: the diagnosis finds on a live host what it finds in a capture (a limit below the size, a VM without Tools)', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const r = await runCli(['report', 'live', s.url, '-u', 'admin', '--password-file', passwordFile('secret-pass'), '-n', '1', '--json'], { timeoutMs: 60000 });
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { groups: { name: string; findings: { code: string }[] }[] };
  const codes = (name: string) => doc.groups.find((g) => g.name === name)?.findings.map((f) => f.code) ?? [];
  const limited = s.vms.find((v) => v.limitMB >= 0 && v.limitMB < v.memoryMB);
  const noTools = s.vms.find((v) => !v.toolsRunning);
  assert.ok(limited && noTools);
  assert.ok(codes(limited.name).includes('limit'), `${limited.name}: ${codes(limited.name).join(', ')}`);
  assert.ok(codes(noTools.name).includes('no-balloon-driver'), `${noTools.name}: ${codes(noTools.name).join(', ')}`);
  for (const vm of s.vms.filter((v) => v !== limited && v !== noTools)) {
    assert.ok(!codes(vm.name).includes('limit') && !codes(vm.name).includes('no-balloon-driver'), `${vm.name}: ${codes(vm.name).join(', ')}`);
  }
});

function passwordFile(password: string): string {
  const f = join(dir, 'password');
  writeFileSync(f, `${password}\n`, { mode: 0o600 });
  return f;
}
