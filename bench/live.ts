/**
 * A live host's poll, as a user runs it: `balloontop live URL --json -n N -d 2`
 * as a whole process against vcsim with 10, 100 and 1,000 VMs, through a
 * loopback proxy that times the server (bench/live-proxy.ts). Its peer, run
 * alternately in the same run, is a bare client (bench/live-bare-client.ts)
 * sending the very same poll requests and reading the answers without
 * parsing them: what any client of this API must spend.
 *
 * Printed for each size: HTTP requests per poll, answer size, then the own
 * time of a poll (wall time less the server's, first poll left out) and the
 * peak memory (RSS, /usr/bin/time) of both processes: median, range, ratio.
 * Targets for 1,000 VMs: own time under 0.2 s, peak memory under 100 MB.
 *
 * Run: npm run bench -- live   (needs vcsim: golang-go, golang-github-vmware-govmomi-dev; and /usr/bin/time)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVcsim, vcsimAvailable } from '../test/support/vcsim/vcsim';
import { ownTimes, TimingProxy } from './live-proxy';

const SIZES = [10, 100, 1000];
const ROUNDS = 3;
const POLLS = 5;
const DELAY_SECONDS = 2;
const ROOT = join(__dirname, '..', '..');
const BALLOONTOP = join(ROOT, 'bin', 'balloontop');
const BARE_CLIENT = join(__dirname, 'live-bare-client.js');

interface Run {
  own: number[];
  peakMb: number;
  requestsPerPoll: number;
  kbPerPoll: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function range(xs: readonly number[], digits: number): string {
  return `${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)}`;
}

/** Runs a client process under /usr/bin/time; each stdout line is a sample (its arrival time is kept). */
async function runClient(proxy: TimingProxy, args: string[]): Promise<Run> {
  const before = proxy.exchanges.length;
  const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const reportedAt: number[] = [];
  let buffered = '';
  child.stdout.on('data', (d: Buffer) => {
    const now = performance.now();
    buffered += d.toString('latin1');
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      buffered = buffered.slice(nl + 1);
      reportedAt.push(now);
    }
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const peakKb = Number(/(\d+)\s*$/.exec(stderr.trim())?.[1]);
  if (code !== 0 || !Number.isFinite(peakKb)) throw new Error(`${args[0]} failed (${code}): ${stderr.trim()}`);
  const exchanges = proxy.exchanges.slice(before);
  const steady = exchanges.filter((e) => e.receivedAt > reportedAt[0]);
  const polls = reportedAt.length - 1;
  return {
    own: ownTimes(exchanges, reportedAt),
    peakMb: peakKb / 1024,
    requestsPerPoll: steady.length / polls,
    kbPerPoll: steady.reduce((a, e) => a + e.answerBytes, 0) / polls / 1024,
  };
}

async function main(): Promise<void> {
  const missing = vcsimAvailable() ?? (existsSync('/usr/bin/time') ? null : '/usr/bin/time is missing (apt-get install time)');
  if (missing) {
    process.stderr.write(`bench/live: ${missing}\n`);
    process.exitCode = 1;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-bench-live-'));
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, 'bench\n', { mode: 0o600 });
  process.stdout.write(`live poll, whole processes through a timing proxy: ${POLLS} polls at -d ${DELAY_SECONDS} (the first, the setup, left out), ${ROUNDS} rounds alternated\n`);
  process.stdout.write('own time = poll wall time less the server\'s; peer: a bare client sending the same requests and reading the answers unparsed\n');
  try {
    for (const vms of SIZES) {
      const sim = await startVcsim({ model: 'esx', vms });
      const proxy = new TimingProxy(new URL(sim.url));
      try {
        const url = await proxy.start();
        const ours: Run[] = [];
        const bare: Run[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          ours.push(await runClient(proxy, [BALLOONTOP, 'live', url, '-u', 'bench', '--password-file', passwordFile, '--json', '-n', String(POLLS), '-d', String(DELAY_SECONDS)]));
          const requests = join(dir, 'requests.json');
          writeFileSync(requests, JSON.stringify(Object.fromEntries(proxy.lastRequests)));
          bare.push(await runClient(proxy, [BARE_CLIENT, url, requests, String(POLLS), String(DELAY_SECONDS * 1000)]));
        }
        const own = ours.flatMap((r) => r.own);
        const bareOwn = bare.flatMap((r) => r.own);
        const peak = ours.map((r) => r.peakMb);
        const barePeak = bare.map((r) => r.peakMb);
        process.stdout.write(
          `${String(vms).padStart(5)} VMs  requests/poll ${median(ours.map((r) => r.requestsPerPoll)).toFixed(0)}  ${median(ours.map((r) => r.kbPerPoll)).toFixed(0)} KB/poll\n` +
            `        own time   balloontop median ${median(own).toFixed(1)} ms (range ${range(own, 1)})   bare client ${median(bareOwn).toFixed(1)} ms (range ${range(bareOwn, 1)})   ratio ${(median(own) / median(bareOwn)).toFixed(1)}x\n` +
            `        peak RSS   balloontop median ${median(peak).toFixed(0)} MB (range ${range(peak, 0)})   bare client ${median(barePeak).toFixed(0)} MB (range ${range(barePeak, 0)})   ratio ${(median(peak) / median(barePeak)).toFixed(2)}x\n`,
        );
      } finally {
        await proxy.stop();
        await sim.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/live: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
