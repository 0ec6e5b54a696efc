/** `balloontop record` as a user runs it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capture, CLI, NODE_FLAGS } from '../support/paths';
import { runCli } from '../support/run-cli';
import { requireVcsim, startVcsim } from '../support/vcsim/vcsim';
import { gunzipSync } from 'node:zlib';

const dir = mkdtempSync(join(tmpdir(), 'balloontop-record-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const CAP = capture('esxi65-ballooning-b.csv');

test('record replay CAPTURE -o FILE, then replay FILE -b gives the same CSV as the capture', async () => {
  for (const name of ['b.jsonl', 'b.jsonl.gz']) {
    const out = join(dir, name);
    const r = await runCli(['record', 'replay', CAP, '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `balloontop: recorded 3 samples to ${out}\n`);
    assert.equal(readFileSync(out).subarray(0, 2).equals(Buffer.from([0x1f, 0x8b])), name.endsWith('.gz'));
    const fromRecording = await runCli(['replay', out, '-b']);
    const fromCapture = await runCli(['replay', CAP, '-b']);
    assert.equal(fromRecording.code, 0, fromRecording.stderr);
    assert.equal(fromRecording.stdout, fromCapture.stdout);
  }
});

test('record refuses to overwrite; --force overwrites; --append adds; -n limits', async () => {
  const out = join(dir, 'x.jsonl');
  assert.equal((await runCli(['record', 'replay', CAP, '-n', '1', '-o', out])).code, 0);
  const again = await runCli(['record', 'replay', CAP, '-o', out]);
  assert.equal(again.code, 2);
  assert.equal(again.stderr, `balloontop: ${out}: already exists (use --force to overwrite it, or --append to add to a recording)\n`);
  const app = await runCli(['record', '--append', 'replay', CAP, '-n', '2', '-o', out]);
  assert.equal(app.code, 0, app.stderr);
  assert.match(app.stderr, /appended 2 samples/);
  const j = await runCli(['replay', out, '--json']);
  assert.equal(j.stdout.trim().split('\n').length, 3);
  const forced = await runCli(['record', 'replay', CAP, '-o', out, '--force', '-n', '1']);
  assert.equal(forced.code, 0);
  assert.equal((await runCli(['replay', out, '--json'])).stdout.trim().split('\n').length, 1);
  for (const flag of ['--force', '--append']) {
    const self = await runCli(['record', 'replay', out, '-o', out, flag]);
    assert.equal(self.code, 2);
    assert.match(self.stderr, /is the file being replayed/);
  }
  assert.equal((await runCli(['replay', out, '--json'])).stdout.trim().split('\n').length, 1, 'left alone');
  const notRec = join(dir, 'not-a-recording.jsonl');
  writeFileSync(notRec, 'hello\n');
  const bad = await runCli(['record', 'replay', CAP, '-o', notRec, '--append']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^balloontop: cannot append: .*not-a-recording\.jsonl:1: not a balloontop recording/);
  assert.equal(readFileSync(notRec, 'utf8'), 'hello\n', 'left alone');
});

test('record: bad arguments and missing source modules give one line and exit 2', async () => {
  const out = join(dir, 'y.jsonl');
  const cases: [string[], RegExp][] = [
    [['record'], /what to record/],
    [['record', 'replay', CAP], /give -o FILE/],
    [['record', 'bogus', '-o', out], /unknown source 'bogus'/],
    [['record', 'replay', CAP, '-o', out, '--force', '--append'], /choose one of --force and --append/],
    [['record', 'replay', CAP, '-o', out, '-b'], /-b and --json are for batch output/],
    [['record', 'replay', join(dir, 'missing.csv'), '-o', out], /missing\.csv: no such file/],
  ];
  for (const [args, msg] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
    assert.match(r.stderr, msg);
    assert.equal(existsSync(out), false, `${args.join(' ')} created no file`);
  }
});

test('record sim then replay gives the same samples as the simulation itself (plain and gzip)', async () => {
  const args = ['--scenario', 'overcommit', '--seed', '1', '-n', '300'];
  const direct = await runCli(['sim', ...args, '--json'], { timeoutMs: 60000 });
  assert.equal(direct.code, 0, direct.stderr);
  assert.equal(direct.stdout.trim().split('\n').length, 300);
  for (const name of ['sim.jsonl', 'sim.jsonl.gz']) {
    const out = join(dir, name);
    const r = await runCli(['record', 'sim', ...args, '-o', out], { timeoutMs: 60000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(name.endsWith('.gz') ? gunzipSync(readFileSync(out)).toString('utf8').split('\n')[0] : readFileSync(out, 'utf8').split('\n')[0]).source.kind, 'simulation');
    const back = await runCli(['replay', out, '--json'], { timeoutMs: 60000 });
    assert.equal(back.code, 0, back.stderr);
    assert.equal(back.stdout, direct.stdout, `${name}: replayed samples equal the simulated ones`);
  }
});

test('record sim then replay -b gives the CSV of sim -b: a VM that powers on later has its columns from the first line', async () => {
  const args = ['--scenario', 'overcommit', '--seed', '1', '-n', '400'];
  const direct = await runCli(['sim', ...args, '-b'], { timeoutMs: 60000 });
  assert.equal(direct.code, 0, direct.stderr);
  assert.match(direct.stdout.split('\n')[0], /batch01/, 'the scenario powers batch01 on within 400 samples');
  const out = join(dir, 'planned.jsonl');
  assert.equal((await runCli(['record', 'sim', ...args, '-o', out], { timeoutMs: 60000 })).code, 0);
  const back = await runCli(['replay', out, '-b'], { timeoutMs: 60000 });
  assert.equal(back.stderr, '', 'no group left out of the CSV');
  assert.equal(back.stdout, direct.stdout);
});

test('record live against vcsim, then replay', async (t) => {
  if (!requireVcsim(t)) return;
  const sim = await startVcsim({ model: 'esx', vms: 2 });
  try {
    const out = join(dir, 'live.jsonl');
    const env = { GOVC_USERNAME: 'user', GOVC_PASSWORD: 'pass', GOVC_INSECURE: '1' };
    const r = await runCli(['record', 'live', sim.url, '-d', '2', '-n', '2', '-o', out], { env, timeoutMs: 60000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `balloontop: recorded 2 samples to ${out}\n`);
    const header = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]);
    assert.equal(header.source.kind, 'live');
    const back = await runCli(['replay', out, '--json']);
    const samples = back.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(samples.length, 2);
    assert.ok(Date.parse(samples[1].time) - Date.parse(samples[0].time) >= 1000, 'paced by -d, not a burst');
    assert.ok(samples[0].groups.some((g: { kind: string }) => g.kind === 'vm'));
  } finally {
    await sim.stop();
  }
});

test('record live while the host goes away and comes back: stderr says so, the recording goes on without a burst', async (t) => {
  if (!requireVcsim(t)) return;
  let sim = await startVcsim({ model: 'esx', vms: 2 });
  const port = sim.port;
  t.after(() => sim.stop());
  const out = join(dir, 'outage.jsonl');
  const env = { ...process.env, GOVC_USERNAME: 'user', GOVC_PASSWORD: 'pass', GOVC_INSECURE: '', GOVC_TLS_CA_CERTS: '' };
  const rec = spawn(process.execPath, [...NODE_FLAGS, CLI, 'record', 'live', sim.url, '-d', '2', '-o', out], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  rec.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => rec.on('close', (c) => resolve(c)));
  t.after(() => rec.kill('SIGKILL'));
  const until = async (cond: () => boolean, what: string) => {
    const deadline = Date.now() + 60_000;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const lines = () => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter((l) => l !== '').length : 0);
  await until(() => lines() >= 2, 'a first sample');
  await sim.stop();
  await until(() => /reconnecting: 127\.0\.0\.1:\d+: (connection refused|connection closed by the server)/.test(stderr), 'the outage on stderr');
  sim = await startVcsim({ model: 'esx', vms: 2, listen: `127.0.0.1:${port}` });
  await until(() => /connected again/.test(stderr), 'the return on stderr');
  const back = lines();
  await until(() => lines() >= back + 2, 'samples after the return');
  rec.kill('SIGINT');
  assert.equal(await closed, 0, stderr);
  const said = stderr.trim().split('\n');
  assert.equal(said.filter((l) => /reconnecting/.test(l)).length, 1, `the outage once, not every retry: ${stderr}`);
  assert.match(said[said.length - 1], /^balloontop: recorded \d+ samples to /);
  const times = (await runCli(['replay', out, '--json'])).stdout.trim().split('\n').map((l) => Date.parse(JSON.parse(l).time));
  for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 1000, `samples ${i - 1} and ${i} are ${times[i] - times[i - 1]} ms apart`);
});

test('SIGINT in the middle of a recording stops between samples and leaves a complete file', async () => {
  const header = '"(PDH-CSV 4.0) (UTC)(0)","\\\\esx\\Memory\\Free MBytes","\\\\esx\\Group Memory(10:vm1)\\Memctl MBytes"\n';
  const start = Date.UTC(2018, 0, 1);
  const rows: string[] = [];
  for (let i = 0; i < 100000; i++) {
    const d = new Date(start + i * 5000);
    const p = (n: number) => String(n).padStart(2, '0');
    rows.push(`"${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}","${590 - (i % 100)}","${i % 1000}.5"\n`);
  }
  const big = join(dir, 'long.csv');
  writeFileSync(big, header + rows.join(''));
  const out = join(dir, 'interrupted.jsonl');
  const rec = spawn(process.execPath, [...NODE_FLAGS, CLI, 'record', 'replay', big, '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    let stderr = '';
    rec.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => rec.on('close', (c) => resolve(c)));
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline && !(existsSync(out) && statSync(out).size > 4096)) await new Promise((r) => setTimeout(r, 20));
    rec.kill('SIGINT');
    const code = await closed;
    assert.equal(code, 0, stderr);
    const m = /^balloontop: recorded (\d+) samples to .*\n$/.exec(stderr);
    assert.ok(m, stderr);
    const n = Number(m[1]);
    assert.ok(n >= 2 && n < 100000, `interrupted after ${n} samples`);
    const text = readFileSync(out, 'utf8');
    assert.ok(text.endsWith('\n'), 'no torn line');
    assert.equal(text.split('\n').length, n + 2);
    const back = await runCli(['replay', out, '--json']);
    assert.equal(back.code, 0);
    assert.equal(back.stderr, '');
    assert.equal(back.stdout.trim().split('\n').length, n);
  } finally {
    rec.kill('SIGKILL');
  }
});
