/**
 * Guest benchmark (run: node dist/bench/guest.js).
 *
 * 1. One poll of `balloontop guest` on a VMware fixture root (in-process),
 *    against reading the same files with readFileSync (the I/O it cannot avoid).
 * 2. One poll when a 64 MB kernel log grows before every poll (the live
 *    fallback to /var/log/kern.log on a busy guest): its last 8 MiB are read
 *    and scanned each time; baseline: reading 8 MiB of a file and decoding it.
 * 3. Whole processes: `balloontop guest --root DIR --json -n 1` against
 *    `balloontop --version` (node and the CLI starting), run alternately.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GuestRoot } from '../src/sources/guest/guest-root';
import { GuestSource } from '../src/sources/guest/guest-source';
import { type FixtureRoot, oomKilledLine, uptimeStamp, vmwareGuestRoot } from '../test/sources/guest/fixtures';

const CLI = resolve(__dirname, '..', '..', 'bin', 'balloontop');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The VMware fixture guest of the tests. */
function vmwareRoot(): FixtureRoot {
  return vmwareGuestRoot({}, 'balloontop-bench-guest-');
}

const READ_BY_A_POLL = ['proc/meminfo', 'proc/vmstat', 'proc/stat', 'proc/modules', 'sys/kernel/debug/vmmemctl', 'sys/class/dmi/id/sys_vendor', 'proc/sys/kernel/hostname', 'dmesg.txt', ...['balloon', 'swap', 'memlimit', 'memres'].map((s) => `vmware-toolbox-cmd/stat-${s}.txt`)];

async function smallRoot(): Promise<void> {
  const root = vmwareRoot();
  try {
    const source = new GuestSource(GuestRoot.at(root.dir));
    const poll: number[] = [];
    const base: number[] = [];
    let sink = 0;
    for (let i = 0; i < 220; i++) {
      let t0 = process.hrtime.bigint();
      sink += (await source.next())?.guest?.values.balloonMB ?? 0;
      const p = ms(t0);
      t0 = process.hrtime.bigint();
      for (const rel of READ_BY_A_POLL) {
        try {
          sink += readFileSync(join(root.dir, rel), 'utf8').length;
        } catch {
          // absent in the fixture
        }
      }
      const b = ms(t0);
      if (i >= 20) {
        poll.push(p);
        base.push(b);
      }
    }
    await source.close();
    const m = median(poll);
    const mb = median(base);
    console.log(`one poll, VMware fixture root (in-process): median ${m.toFixed(3)} ms (range ${Math.min(...poll).toFixed(3)} to ${Math.max(...poll).toFixed(3)}); readFileSync of the same ${READ_BY_A_POLL.length} files: ${mb.toFixed(3)} ms; ratio ${(m / mb).toFixed(1)}x  [${sink > 0 ? 'ok' : '?'}]`);
  } finally {
    root.remove();
  }
}

async function growingLog(): Promise<void> {
  const root = vmwareRoot();
  try {
    // 64 MB of kernel lines with 100 OOM kills spread through it.
    const filler = Array.from({ length: 100 }, (_, i) => `Mar  1 07:${String(i % 60).padStart(2, '0')}:00 web01 kernel: ${uptimeStamp(i)} EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro. Quota mode: none.`).join('\n') + '\n';
    const chunk = filler.repeat(Math.ceil((640 * 1024) / filler.length));
    const path = root.write('var/log/kern.log', '');
    for (let i = 0; i < 100; i++) appendFileSync(path, `${chunk}Mar  1 08:00:00 web01 kernel: ${uptimeStamp(1000 + i)} ${oomKilledLine(5000 + i, 'java')}\n`);
    const source = new GuestSource(GuestRoot.at(root.dir));
    const basePath = join(root.dir, 'baseline.bin');
    writeFileSync(basePath, chunk.repeat(Math.ceil((8 * 1024 * 1024) / chunk.length)).slice(0, 8 * 1024 * 1024));
    const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
    const poll: number[] = [];
    const base: number[] = [];
    let kills = 0;
    for (let i = 0; i < 25; i++) {
      appendFileSync(path, `Mar  1 09:00:00 web01 kernel: ${uptimeStamp(2000 + i)} more\n`);
      let t0 = process.hrtime.bigint();
      kills = (await source.next())?.guest?.oomKills?.length ?? 0;
      const p = ms(t0);
      t0 = process.hrtime.bigint();
      const fd = openSync(basePath, 'r');
      const n = readSync(fd, buf, 0, buf.length, 0);
      closeSync(fd);
      kills += buf.toString('utf8', 0, n).length > 0 ? 0 : 1;
      const b = ms(t0);
      if (i >= 3) {
        poll.push(p);
        base.push(b);
      }
    }
    await source.close();
    const m = median(poll);
    const mb = median(base);
    console.log(`one poll, 64 MB kern.log growing before every poll (in-process; last 8 MiB read, ${kills} kills in them): median ${m.toFixed(1)} ms (range ${Math.min(...poll).toFixed(1)} to ${Math.max(...poll).toFixed(1)}); reading and decoding 8 MiB: ${mb.toFixed(1)} ms; ratio ${(m / mb).toFixed(1)}x`);
  } finally {
    root.remove();
  }
}

function wholeProcess(): void {
  const root = vmwareRoot();
  try {
    const guest: number[] = [];
    const version: number[] = [];
    for (let i = 0; i < 12; i++) {
      let t0 = process.hrtime.bigint();
      const g = spawnSync(process.execPath, [CLI, 'guest', '--root', root.dir, '--json', '-n', '1'], { encoding: 'utf8' });
      const tg = ms(t0);
      if (g.status !== 0) throw new Error(`guest failed: ${g.stderr}`);
      t0 = process.hrtime.bigint();
      spawnSync(process.execPath, [CLI, '--version']);
      const tv = ms(t0);
      if (i >= 2) {
        guest.push(tg);
        version.push(tv);
      }
    }
    const mg = median(guest);
    const mv = median(version);
    console.log(`whole process, guest --root DIR --json -n 1: median ${mg.toFixed(0)} ms (range ${Math.min(...guest).toFixed(0)} to ${Math.max(...guest).toFixed(0)}); balloontop --version: ${mv.toFixed(0)} ms (range ${Math.min(...version).toFixed(0)} to ${Math.max(...version).toFixed(0)}); ratio ${(mg / mv).toFixed(2)}x, alternated, 10 runs each`);
  } finally {
    root.remove();
  }
}

async function main(): Promise<void> {
  await smallRoot();
  await growingLog();
  wholeProcess();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
