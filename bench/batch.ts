/**
 * Batch output, the main job, timed as users run it: whole processes, the
 * output to /dev/null, alternating with the peers in the same run (the
 * order rotates every round), medians and ranges, and the ratio
 * peer time / balloontop time (above 1: balloontop is faster).
 *
 * 1. `replay FILE -b` and `--json` on a capture built from the real layout of
 *    esxi65-ballooning-a.csv (17,427 columns; 1,000 samples, about 122 MB;
 *    then about 1 GB), against:
 *    - Python's csv module writing the same columns as CSV (or as JSON lines
 *      with the values as numbers): bench/peers/python_csv.py;
 *    - polars scanning the file and writing the same columns to CSV;
 *    - DuckDB read_csv with the schema given, writing the same columns to CSV.
 *    The CSV outputs are checked to be byte-identical to balloontop's.
 * 2. Fixed cost: `-b` of a 5-sample capture against `node -e 0`; the first
 *    `-b` line of the 1 GB capture against `python3 -u` with the csv module.
 * 3. `sim -b` with 1,000 VMs: time per step, output included.
 *
 * Wall and CPU times come from /usr/bin/time (user + system, all threads),
 * peak memory as its maximum RSS.
 *
 * Usage: node dist/bench/batch.js [--samples N] [--big-mb M] [--rounds R] [--big-rounds R] [--no-big]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { realLayout, writeCapture } from './capture-builder';
import { setUpPeers, type Peers } from './peers/setup';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'balloontop');
const PYTHON_PEER = join(ROOT, 'bench', 'peers', 'python_csv.py');
const POLARS_PEER = join(__dirname, 'peers', 'polars-peer.js');
const DUCKDB_PEER = join(__dirname, 'peers', 'duckdb-peer.js');
const TIME = '/usr/bin/time';

interface Options {
  samples: number;
  bigMB: number;
  rounds: number;
  bigRounds: number;
  big: boolean;
}

function options(argv: string[]): Options {
  const o: Options = { samples: 1000, bigMB: 1024, rounds: 9, bigRounds: 3, big: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--samples') o.samples = Number(argv[++i]);
    else if (a === '--big-mb') o.bigMB = Number(argv[++i]);
    else if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--big-rounds') o.bigRounds = Number(argv[++i]);
    else if (a === '--no-big') o.big = false;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

interface Job {
  name: string;
  cmd: string;
  args: string[];
}

interface Run {
  wall: number;
  cpu: number;
  rssMB: number;
}

const hasTime = spawnSync(TIME, ['-f', '%e', 'true'], { encoding: 'utf8' }).status === 0;

/** One whole process, its stdout to `out` (a path; /dev/null by default). */
function runOnce(job: Job, dir: string, out = '/dev/null'): Run {
  const fd = openSync(out, 'w');
  const stats = join(dir, 'time.txt');
  try {
    const t0 = performance.now();
    const r = hasTime
      ? spawnSync(TIME, ['-f', '%e %U %S %M', '-o', stats, job.cmd, ...job.args], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 })
      : spawnSync(job.cmd, job.args, { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
    const wall = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`${job.name} failed (${r.status}): ${String(r.stderr).trim().split('\n').slice(-3).join(' | ')}`);
    if (!hasTime) return { wall, cpu: NaN, rssMB: NaN };
    const line = readFileSync(stats, 'utf8').trim().split('\n').pop() as string;
    const [e, u, s, m] = line.split(' ').map(Number);
    return { wall: e, cpu: u + s, rssMB: m / 1024 };
  } finally {
    closeSync(fd);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '-');

/** Every job once per round, the order rotating; runs per job. */
function alternate(jobs: Job[], rounds: number, dir: string): Map<string, Run[]> {
  const runs = new Map<string, Run[]>(jobs.map((j) => [j.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < jobs.length; k++) {
      const job = jobs[(k + r) % jobs.length];
      (runs.get(job.name) as Run[]).push(runOnce(job, dir));
    }
  }
  return runs;
}

function report(title: string, runs: Map<string, Run[]>, reference: string): void {
  const ref = runs.get(reference) as Run[];
  const refWall = median(ref.map((r) => r.wall));
  const refCpu = median(ref.map((r) => r.cpu));
  console.log(title);
  console.log(`  ${'job'.padEnd(34)} ${'wall s median [range]'.padEnd(24)} ${'CPU s median [range]'.padEnd(24)} peak RSS   wall ratio  CPU ratio`);
  for (const [name, rs] of runs) {
    const w = rs.map((r) => r.wall);
    const c = rs.map((r) => r.cpu);
    const wall = `${f2(median(w))} [${f2(Math.min(...w))}-${f2(Math.max(...w))}]`;
    const cpu = `${f2(median(c))} [${f2(Math.min(...c))}-${f2(Math.max(...c))}]`;
    const rss = `${Math.round(Math.max(...rs.map((r) => r.rssMB)))} MB`;
    const ratios = name === reference ? '(reference)' : `${f2(median(w) / refWall)}x`.padEnd(11) + ` ${f2(median(c) / refCpu)}x`;
    console.log(`  ${name.padEnd(34)} ${wall.padEnd(24)} ${cpu.padEnd(24)} ${rss.padEnd(10)} ${ratios}`);
  }
}

function csvJobs(file: string, peers: Peers): Job[] {
  const jobs: Job[] = [{ name: 'balloontop replay -b', cmd: process.execPath, args: [CLI, 'replay', file, '-b'] }];
  if (peers.python) jobs.push({ name: 'python3 csv module to CSV', cmd: 'python3', args: [PYTHON_PEER, file] });
  if (peers.polars && peers.dir) jobs.push({ name: 'polars scan_csv().select() to CSV', cmd: process.execPath, args: [POLARS_PEER, peers.dir, file] });
  if (peers.duckdb && peers.dir) jobs.push({ name: 'DuckDB read_csv(schema) to CSV', cmd: process.execPath, args: [DUCKDB_PEER, peers.dir, file] });
  return jobs;
}

function jsonJobs(file: string, peers: Peers): Job[] {
  const jobs: Job[] = [{ name: 'balloontop replay --json', cmd: process.execPath, args: [CLI, 'replay', file, '--json'] }];
  if (peers.python) jobs.push({ name: 'python3 csv module to JSON lines', cmd: 'python3', args: [PYTHON_PEER, file, '--json'] });
  return jobs;
}

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
}

/** Each CSV job's output against balloontop's. */
function checkOutputs(jobs: Job[], dir: string): void {
  const outs = jobs.map((job, k) => {
    const path = join(dir, `out${k}.csv`);
    runOnce(job, dir, path);
    return { job, path, sum: sha(path), bytes: statSync(path).size };
  });
  for (const o of outs.slice(1)) {
    const same = o.sum === outs[0].sum;
    console.log(`  output of ${o.job.name}: ${(o.bytes / 1e6).toFixed(1)} MB, ${same ? 'byte-identical to balloontop\'s' : `DIFFERS from balloontop's (${(outs[0].bytes / 1e6).toFixed(1)} MB)`}`);
  }
  for (const o of outs) rmSync(o.path);
}

function captureBench(file: string, rounds: number, peers: Peers, dir: string, threads: boolean): void {
  const size = statSync(file).size / 1e6;
  const jobs = csvJobs(file, peers);
  if (threads) {
    // The same job with the thread count fixed (the default depends on the cores left free by other work).
    for (const n of [1, 2]) jobs.splice(n, 0, { name: `balloontop -b, BALLOONTOP_THREADS=${n}`, cmd: 'env', args: [`BALLOONTOP_THREADS=${n}`, process.execPath, CLI, 'replay', file, '-b'] });
  }
  checkOutputs(jobs, dir);
  report(`-b, ${size.toFixed(0)} MB, ${rounds} alternating rounds (ratio = peer / balloontop; above 1: balloontop is faster):`, alternate(jobs, rounds, dir), jobs[0].name);
  const json = jsonJobs(file, peers);
  report(`--json, ${size.toFixed(0)} MB, ${rounds} alternating rounds:`, alternate(json, rounds, dir), json[0].name);
}

/** Milliseconds from the start of a process to its first bytes on stdout. */
function firstOutput(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolveTime, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.once('data', () => {
      resolveTime(performance.now() - t0);
      child.kill('SIGKILL');
    });
    child.on('error', reject);
  });
}

async function fixedCost(dir: string, layout: ReturnType<typeof realLayout>, big: string | null, peers: Peers): Promise<void> {
  const small = join(dir, 'five-samples.csv');
  writeCapture(small, layout, 5);
  const jobs: Job[] = [
    { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
    { name: 'balloontop replay (5 samples) -b', cmd: process.execPath, args: [CLI, 'replay', small, '-b'] },
  ];
  const runs = alternate(jobs, 10, dir);
  const cpu = (name: string) => median((runs.get(name) as Run[]).map((r) => r.cpu));
  report('fixed cost, 10 alternating rounds:', runs, 'node -e 0');
  const extra = cpu(jobs[1].name) - cpu(jobs[0].name);
  console.log(`  -b of a 5-sample capture costs ${f3(extra)} s CPU more than node -e 0 (target < 0.15 s: ${extra < 0.15 ? 'met' : 'not met'})`);
  if (big && peers.python) {
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < 5; r++) {
      ours.push(await firstOutput(process.execPath, [CLI, 'replay', big, '-b']));
      theirs.push(await firstOutput('python3', ['-u', PYTHON_PEER, big]));
    }
    console.log(`  first -b line of the ${(statSync(big).size / 1e6).toFixed(0)} MB capture: balloontop ${f3(median(ours) / 1000)} s [${f3(Math.min(...ours) / 1000)}-${f3(Math.max(...ours) / 1000)}], python3 -u ${f3(median(theirs) / 1000)} s [${f3(Math.min(...theirs) / 1000)}-${f3(Math.max(...theirs) / 1000)}]`);
  }
}

/** A scenario with `count` VMs, about twice overcommitted (the host reclaims: the expensive path). */
function bigScenario(path: string, count: number): void {
  const sizes = [1024, 2048, 4096, 8192];
  const vms = Array.from({ length: count }, (_, i) => ({ name: `vm${String(i).padStart(4, '0')}`, memoryMB: sizes[i % 4], vcpus: 2, os: i % 2 ? 'linux' : 'windows', demandMB: `${50 + (i % 40)}%` }));
  const configured = vms.reduce((a, v) => a + v.memoryMB, 0);
  writeFileSync(path, JSON.stringify({ description: 'bench: 1,000 VMs', host: { name: 'bench', memoryMB: Math.round(configured / 2) }, vms, timeline: [] }));
}

function simBench(dir: string): void {
  const scenario = join(dir, 'thousand.json');
  bigScenario(scenario, 1000);
  const steps = 300;
  const jobs: Job[] = [
    { name: 'sim (1,000 VMs) -b -n 10', cmd: process.execPath, args: [CLI, 'sim', '--scenario', scenario, '-b', '-n', '10'] },
    { name: `sim (1,000 VMs) -b -n ${steps}`, cmd: process.execPath, args: [CLI, 'sim', '--scenario', scenario, '-b', '-n', String(steps)] },
  ];
  const runs = alternate(jobs, 5, dir);
  report('simulation to -b, 5 alternating rounds:', runs, jobs[0].name);
  const w = (name: string) => median((runs.get(name) as Run[]).map((r) => r.wall));
  const perStep = ((w(jobs[1].name) - w(jobs[0].name)) / (steps - 10)) * 1000;
  console.log(`  per step, output included (difference of the medians / ${steps - 10}): ${f2(perStep)} ms (target < 2 ms: ${perStep < 2 ? 'met' : 'not met'})`);
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  if (!hasTime) console.log(`${TIME} not found (Debian package "time"): CPU time and peak memory are not measured`);
  const peers = setUpPeers(ROOT);
  for (const n of peers.notes) console.log(`peer: ${n}`);
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-batch-bench-'));
  try {
    const layout = realLayout(o.samples);
    const file = join(dir, 'capture.csv');
    const made = writeCapture(file, layout, o.samples);
    console.log(`capture: ${made.samples} samples x 17,427 columns, ${(made.size / 1e6).toFixed(1)} MB (layout of esxi65-ballooning-a.csv)`);
    captureBench(file, o.rounds, peers, dir, false);
    let big: string | null = null;
    if (o.big) {
      big = join(dir, 'capture-big.csv');
      const b = writeCapture(big, layout, 0, o.bigMB << 20);
      console.log(`capture: ${b.samples} samples, ${(b.size / 1e6).toFixed(1)} MB`);
      captureBench(big, o.bigRounds, peers, dir, true);
    }
    await fixedCost(dir, layout, big, peers);
    simBench(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
