/**
 * `balloontop guest` as a user runs it: batch output on a fixture root,
 * files that change between samples, bad arguments, and the guest's samples
 * through record/replay and serve/connect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, NODE_FLAGS } from '../support/paths';
import { runCli } from '../support/run-cli';
import { requireTool } from '../support/tools';
import { startServe } from '../feed/serve-process';
import { FIXTURE_BOOT_S, type FixtureRoot, meminfo, modernVmmemctl, oomKilledLine, uptimeStamp, vmstat, vmwareGuestRoot } from '../sources/guest/fixtures';


function vmwareRoot(): FixtureRoot {
  return vmwareGuestRoot(
    {
      'proc/meminfo': meminfo({ MemTotal: 8388608, MemFree: 1048576, MemAvailable: 2097152, SwapTotal: 2097152, SwapFree: 1572864 }),
      'proc/vmstat': vmstat({ balloon_inflate: 524288, balloon_deflate: 0, balloon_migrate: 0, oom_kill: 1 }),
      'vmware-toolbox-cmd/stat-memres.txt': 'UpdateInfo failed: VMware Guest API is not enabled on the host\n',
      'dmesg.txt': null,
      'var/log/dmesg': `${uptimeStamp(60)} ${oomKilledLine(4242, 'java')}\n`,
    },
    'balloontop-guest-cli-',
  );
}

test('guest --root DIR --json: one object per sample with the guest fields, OOM kills as {time, pid, process}', async () => {
  const root = vmwareRoot();
  try {
    const r = await runCli(['guest', '--root', root.dir, '--json', '-n', '1']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const o = JSON.parse(lines[0]);
    assert.match(o.time, /^\d{4}-\d\d-\d\dT/);
    assert.equal(o.hostname, 'web01');
    assert.equal(o.driver, 'vmw_balloon');
    assert.equal(o.balloonMB, 2048);
    assert.equal(o.targetMB, 3072);
    assert.equal(o.memTotalMB, 8192);
    assert.equal(o.memAvailableMB, 2048);
    assert.equal(o.swapUsedMB, 512);
    assert.equal(o.limitMB, 4096);
    assert.equal(o.reservationMB, null);
    assert.match(o.missing.reservationMB, /UpdateInfo failed: VMware Guest API is not enabled on the host/);
    assert.equal(o.balloonPct, 25);
    assert.equal(o.meaning[0], '2,048 MB held by the balloon look used to free and top; they have been handed back to the host.');
    assert.deepEqual(o.oomKills, [{ time: new Date(FIXTURE_BOOT_S * 1000 + 60000).toISOString(), pid: 4242, process: 'java', uptimeS: 60, cgroup: false, clock: 'boot' }]);
  } finally {
    root.remove();
  }
});

test('guest --root DIR -b: an esxtop-style CSV of the guest fields, missing values as empty cells', async () => {
  const root = vmwareRoot();
  try {
    const r = await runCli(['guest', '--root', root.dir, '-b', '-n', '1']);
    assert.equal(r.code, 0, r.stderr);
    const [header, row] = r.stdout.trim().split('\n');
    const names = header.split('","');
    const cells = row.split('","');
    assert.equal(names[0], '"(PDH-CSV 4.0) (UTC)(0)');
    const cell = (name: string) => cells[names.findIndex((n) => n.replace(/"$/, '') === `\\\\web01\\Guest Memory\\${name}`)];
    assert.equal(cell('Balloon Driver'), 'vmw_balloon');
    assert.equal(cell('Balloon MBytes'), '2048.00', 'MB with two decimals, as esxtop writes them');
    assert.equal(cell('Balloon Target MBytes'), '3072.00');
    assert.equal(cell('Reservation MBytes'), '');
    assert.equal(cell('Limit MBytes'), '4096.00');
    assert.equal(cell('OOM Kills In Log').replace(/"$/, ''), '1');
  } finally {
    root.remove();
  }
});

test('guest: bad arguments are one line and exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-guest-args-'));
  try {
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
    for (const [args, message] of [
      [['guest', '--root', join(dir, 'loop-a'), '--json'], /^balloontop: --root .*loop-a: too many symbolic links \(a loop\?\)\n$/],
      [['guest', '--root', join(dir, 'nope'), '--json'], /^balloontop: --root .*nope: no such directory\n$/],
      [['guest', '--root', file, '--json'], /^balloontop: --root .*file: not a directory/],
      [['guest', 'extra', '--json'], /^balloontop: guest: unexpected argument 'extra'/],
      [['guest', '--root'], /^balloontop: guest: option --root needs a DIR\n$/],
    ] as const) {
      const r = await runCli([...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('guest --root DIR reads the files again at every sample: a balloon that grows between samples', async () => {
  const root = vmwareRoot();
  try {
    const child = spawn(process.execPath, [...NODE_FLAGS, CLI, 'guest', '--root', root.dir, '--json', '-n', '2', '-d', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let changed = false;
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!changed && out.includes('\n')) {
        changed = true;
        root.write('sys/kernel/debug/vmmemctl', modernVmmemctl({ targetPages: 786432, currentPages: 786432 }));
        root.write('var/log/dmesg', `${uptimeStamp(60)} ${oomKilledLine(4242, 'java')}\n${uptimeStamp(61)} ${oomKilledLine(4300, 'python3')}\n`);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    assert.equal(await done, 0);
    clearTimeout(timer);
    const [first, second] = out.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(first.balloonMB, 2048);
    assert.equal(first.balloonState, 'inflating');
    assert.equal(second.balloonMB, 3072);
    assert.equal(second.balloonState, 'steady');
    assert.deepEqual(second.oomKills.map((k: { process: string }) => k.process), ['java', 'python3']);
    assert.ok(Date.parse(second.time) - Date.parse(first.time) >= 1900, 'the second sample is taken -d seconds later');
  } finally {
    root.remove();
  }
});

test('record guest, then replay: the same guest samples come back', async () => {
  const root = vmwareRoot();
  const out = mkdtempSync(join(tmpdir(), 'balloontop-guest-rec-'));
  try {
    const file = join(out, 'guest.jsonl.gz');
    const rec = await runCli(['record', 'guest', '--root', root.dir, '-n', '1', '-o', file]);
    assert.equal(rec.code, 0, rec.stderr);
    assert.match(rec.stderr, /recorded 1 sample to/);
    const replay = await runCli(['replay', file, '--json']);
    assert.equal(replay.code, 0, replay.stderr);
    const o = JSON.parse(replay.stdout);
    const direct = JSON.parse((await runCli(['guest', '--root', root.dir, '--json', '-n', '1'])).stdout);
    delete o.time;
    delete direct.time;
    assert.deepEqual(o, direct);
  } finally {
    root.remove();
    rmSync(out, { recursive: true, force: true });
  }
});

test('serve guest, connect --json: the guest section crosses the feed', async () => {
  const root = vmwareRoot();
  try {
    const s = await startServe(['guest', '--root', root.dir, '--listen', '127.0.0.1:0', '-q']);
    try {
      const r = await runCli(['connect', s.url, '--json', '-n', '1']);
      assert.equal(r.code, 0, r.stderr);
      const o = JSON.parse(r.stdout);
      assert.equal(o.driver, 'vmw_balloon');
      assert.equal(o.balloonMB, 2048);
      assert.equal(o.oomKills[0].process, 'java');
      assert.match(o.missing.reservationMB, /UpdateInfo failed/);
    } finally {
      await s.stop();
    }
  } finally {
    root.remove();
  }
});

test('guest on the machine running the tests (live): every value is a number or has a reason, whatever the machine', async () => {
  const r = await runCli(['guest', '--json', '-n', '1']);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  for (const [k, v] of Object.entries(o)) {
    if (['time', 'hostname', 'missing', 'from', 'driverStatus', 'balloonState'].includes(k)) continue;
    if (v === null) assert.ok(typeof o.missing[k] === 'string' && o.missing[k].length > 0, `${k} is null without a reason`);
  }
  assert.equal(typeof o.memTotalMB, 'number', 'every Linux machine has /proc/meminfo');
});

test('guest live as an ordinary user: what needs root is missing, with "run balloontop guest as root" where root would help', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs to start as root to drop to nobody');
  if (!requireTool(t, 'setpriv', 'apt-get install util-linux')) return;
  const asNobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
  if (spawnSync('setpriv', [...asNobody, process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(CLI)})`]).status !== 0) {
    return t.skip('the checkout is not readable by nobody');
  }
  const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('setpriv', [...asNobody, process.execPath, CLI, 'guest', '--json', '-n', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  const restricted = readFileSync('/proc/sys/kernel/dmesg_restrict', 'utf8').trim() === '1';
  if (restricted && o.oomKills === null) assert.match(o.missing.oomKills, /\/dev\/kmsg: permission denied .*run balloontop guest as root/);
  else assert.ok(Array.isArray(o.oomKills) || typeof o.missing.oomKills === 'string');
  if (o.driver === 'vmw_balloon' && o.targetMB === null) assert.match(o.missing.targetMB, /root|debugfs|not loaded/);
});
