/**
 * Diagnosis and report benchmark (run: node dist/bench/diagnosis.js [--samples N]).
 *
 * 1. In-process: the diagnosis of one sample of a host with 1,000 VMs under
 *    pressure (what the dashboard would do every sample), against making that
 *    sample with the simulator, alternated in the same loop.
 * 2. Whole processes, as users run them: `balloontop report replay REC` over a
 *    recording of N samples (default 100,000) against `balloontop replay REC
 *    --json` over the same file (reading the same samples and writing them),
 *    alternated, with peak memory from /usr/bin/time; and the peak memory of a
 *    report over a tenth of the samples, to show it does not grow with them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Diagnoser } from '../src/diagnosis/engine';
import { ReportCollector } from '../src/report/collector';
import { SimulationSource } from '../src/sources/simulation/simulation-source';
import { bigHost } from './big-host';

const CLI = join(__dirname, '..', '..', 'bin', 'balloontop');
const HEAP_CAP_MB = 48;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function range(xs: number[]): string {
  return `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;
}

function benchEngine(): void {
  const src = new SimulationSource(bigHost(1000), { seed: 1, stepSeconds: 5 });
  const engine = new Diagnoser();
  const report = new ReportCollector();
  for (let i = 0; i < 50; i++) {
    const s = src.nextSample();
    engine.push(s);
    report.push(s);
  }
  const make: number[] = [];
  const diagnose: number[] = [];
  const collect: number[] = [];
  let findings = 0;
  for (let i = 0; i < 300; i++) {
    let t0 = process.hrtime.bigint();
    const s = src.nextSample();
    make.push(Number(process.hrtime.bigint() - t0) / 1e6);
    t0 = process.hrtime.bigint();
    const d = engine.push(s);
    diagnose.push(Number(process.hrtime.bigint() - t0) / 1e6);
    t0 = process.hrtime.bigint();
    report.push(s);
    collect.push(Number(process.hrtime.bigint() - t0) / 1e6);
    findings += d.groups.reduce((a, g) => a + g.findings.length, 0);
  }
  const m = median(make);
  console.log(`in-process, one sample of 1,000 VMs under pressure (${Math.round(findings / 300)} findings a sample), 300 samples:`);
  console.log(`  baseline  simulator making the sample:  median ${m.toFixed(3)} ms`);
  console.log(`  diagnosis (Diagnoser.push):             median ${median(diagnose).toFixed(3)} ms = ${(median(diagnose) / m).toFixed(2)}x the baseline`);
  console.log(`  report collector (diagnosis + peaks + series): median ${median(collect).toFixed(3)} ms = ${(median(collect) / m).toFixed(2)}x the baseline`);
}

interface Run {
  seconds: number;
  rssMB: number;
}

/** One whole process under /usr/bin/time: wall seconds and peak RSS. */
function timed(args: string[], nodeFlags: string[] = []): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...nodeFlags, CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  const [seconds, kb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds, rssMB: kb / 1024 };
}

function benchWholeProcess(samples: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-bench-diag-'));
  try {
    const rec = join(dir, 'overcommit.jsonl');
    const small = join(dir, 'small.jsonl');
    const t0 = Date.now();
    for (const [file, n] of [[rec, samples], [small, Math.round(samples / 10)]] as const) {
      const r = spawnSync(process.execPath, [CLI, 'record', 'sim', '--scenario', 'overcommit', '-n', String(n), '-o', file], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    }
    console.log(`\nwhole processes: a recording of ${samples} samples of the overcommit lesson (${(statSync(rec).size / 1e6).toFixed(0)} MB, made in ${((Date.now() - t0) / 1000).toFixed(1)} s), 3 rounds alternated`);
    const replay: Run[] = [];
    const report: Run[] = [];
    const html: Run[] = [];
    for (let round = 0; round < 3; round++) {
      replay.push(timed(['replay', rec, '--json']));
      report.push(timed(['report', 'replay', rec]));
      html.push(timed(['report', 'replay', rec, '--json', '--html', join(dir, 'r.html')]));
    }
    const smallRun = timed(['report', 'replay', small]);
    // V8 lets its heap grow with the allocation rate; with the heap capped the same report must still run.
    const capped = timed(['report', 'replay', rec], [`--max-old-space-size=${HEAP_CAP_MB}`]);
    const secs = (xs: Run[]) => xs.map((x) => x.seconds);
    const rss = (xs: Run[]) => Math.max(...xs.map((x) => x.rssMB));
    const base = median(secs(replay));
    console.log(`  baseline  replay REC --json:        median ${base.toFixed(2)} s (range ${range(secs(replay))}), peak RSS ${rss(replay).toFixed(0)} MB`);
    console.log(`  report replay REC:                  median ${median(secs(report)).toFixed(2)} s (range ${range(secs(report))}) = ${(median(secs(report)) / base).toFixed(2)}x, peak RSS ${rss(report).toFixed(0)} MB`);
    console.log(`  report replay REC --json --html F:  median ${median(secs(html)).toFixed(2)} s (range ${range(secs(html))}) = ${(median(secs(html)) / base).toFixed(2)}x, peak RSS ${rss(html).toFixed(0)} MB, HTML ${(statSync(join(dir, 'r.html')).size / 1024).toFixed(0)} KB`);
    console.log(`  report over ${Math.round(samples / 10)} samples: peak RSS ${smallRun.rssMB.toFixed(0)} MB; over ${samples}: ${rss(report).toFixed(0)} MB (x${(rss(report) / smallRun.rssMB).toFixed(2)} for 10x the samples)`);
    console.log(`  report over ${samples} samples with the V8 heap capped at ${HEAP_CAP_MB} MB: ${capped.seconds.toFixed(2)} s, peak RSS ${capped.rssMB.toFixed(0)} MB (what it keeps is bounded)`);
    console.log(`  samples/s: report ${(samples / median(secs(report))).toFixed(0)}, replay --json ${(samples / base).toFixed(0)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const i = process.argv.indexOf('--samples');
benchEngine();
benchWholeProcess(i > 0 ? Number(process.argv[i + 1]) : 100_000);
