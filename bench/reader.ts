/**
 * Benchmark of the capture reader against the usual way to read an esxtop
 * batch capture: Python's csv module picking the memory columns
 * (bench/reader_baseline.py), both on the same file in the same run.
 *
 * Builds, in a temp dir, a capture from the real layout of
 * esxi65-ballooning-a.csv (its 17,427-column header verbatim; its rows with
 * every number varied per sample; 1,000 samples, about 115 MB), then a ~1 GB
 * one (the same varied rows cycled, with new timestamps). Prints throughput of
 * both readers and their ratio, the reader's peak RSS (measured in a child
 * process) as the file grows to 512 MB and 1 GB, the time to the first sample,
 * and both readers' throughput on the 512 MB file (past warm-up). Deletes the files.
 *
 * Usage: node dist/bench/reader.js [--samples N] [--big-mb M] [--rounds R] [--no-big] [--no-python-big]
 *        node dist/bench/reader.js --write-only FILE [--samples N]   (just write the capture, for profiling)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { realLayout, writeCapture } from './capture-builder';

const ROOT = resolve(__dirname, '..', '..');
const CHILD = join(__dirname, 'reader-child.js');
const BASELINE = join(ROOT, 'bench', 'reader_baseline.py');

interface Options {
  samples: number;
  bigMB: number;
  rounds: number;
  big: boolean;
  keep: string | null;
  pythonBig: boolean;
}

function options(argv: string[]): Options {
  const o: Options = { samples: 1000, bigMB: 1024, rounds: 3, big: true, keep: null, pythonBig: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--samples') o.samples = Number(argv[++i]);
    else if (a === '--big-mb') o.bigMB = Number(argv[++i]);
    else if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--no-big') o.big = false;
    else if (a === '--no-python-big') o.pythonBig = false;
    else if (a === '--write-only') o.keep = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

interface ReaderRun {
  samples: number;
  groups: number;
  seconds: number;
  cpuSeconds: number;
  firstSeconds: number;
  maxRssMB: number;
  checksum: number;
}
interface PythonRun {
  rows: number;
  columns: number;
  seconds: number;
  cpu_seconds: number;
  first_seconds: number;
  checksum: number;
}

function runJson<T>(cmd: string, args: string[]): T {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as T;
}

const reader = (file: string) => runJson<ReaderRun>(process.execPath, [CHILD, file]);
const python = (file: string) => runJson<PythonRun>('python3', [BASELINE, file]);
const mb = (bytes: number) => bytes / (1 << 20);
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

function main(): void {
  const o = options(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-bench-'));
  try {
    const t0 = Date.now();
    const layout = realLayout(o.samples);
    const file = join(dir, 'capture-115mb.csv');
    if (o.keep) {
      const kept = writeCapture(o.keep, layout, o.samples);
      console.log(`wrote ${o.keep}: ${kept.samples} samples, ${f1(mb(kept.size))} MB`);
      return;
    }
    const made = writeCapture(file, layout, o.samples);
    console.log(`capture: ${made.samples} samples x 17,427 columns, ${f1(mb(made.size))} MB (built in ${f1((Date.now() - t0) / 1000)} s)`);

    // Alternate the two readers; keep each one's best round (the machine is shared and noisy).
    const ours: ReaderRun[] = [];
    const theirs: PythonRun[] = [];
    for (let r = 0; r < o.rounds; r++) {
      ours.push(reader(file));
      theirs.push(python(file));
    }
    const a = ours.reduce((x, y) => (y.seconds < x.seconds ? y : x));
    const b = theirs.reduce((x, y) => (y.seconds < x.seconds ? y : x));
    const aCpu = Math.min(...ours.map((x) => x.cpuSeconds));
    const bCpu = Math.min(...theirs.map((x) => x.cpu_seconds));
    if (a.samples !== b.rows) throw new Error(`sample counts differ: reader ${a.samples}, python ${b.rows}`);
    const rel = Math.abs(a.checksum - b.checksum) / Math.max(1, Math.abs(b.checksum));
    if (rel > 1e-9) throw new Error(`checksums differ: reader ${a.checksum}, python ${b.checksum}`);
    const size = mb(made.size);
    console.log(`memory columns: ${b.columns} of 17,427; both readers agree on ${a.samples} samples, checksum ${f2(a.checksum)}`);
    console.log(`best of ${o.rounds} rounds each, wall (CPU incl. background threads):`);
    console.log(`  balloontop reader: ${f2(a.seconds)} s (${f2(aCpu)} s CPU), ${f1(size / a.seconds)} MB/s`);
    console.log(`  python csv:        ${f2(b.seconds)} s (${f2(bCpu)} s CPU), ${f1(size / b.seconds)} MB/s`);
    console.log(`throughput ratio (python time / reader time): ${f2(b.seconds / a.seconds)}x wall, ${f2(bCpu / aCpu)}x CPU (target >= 4x)`);
    console.log(`all rounds, reader wall s: ${ours.map((x) => f2(x.seconds)).join(' ')}; python wall s: ${theirs.map((x) => f2(x.seconds)).join(' ')}`);
    console.log(`peak RSS of the reader at ${f1(size)} MB: ${f1(a.maxRssMB)} MB; first sample after ${Math.round(a.firstSeconds * 1000)} ms (python: ${Math.round(b.first_seconds * 1000)} ms)`);
    rmSync(file);

    if (o.big) {
      // The same capture growing: half the big size, then the whole (appended), to show memory stays flat.
      const bigFile = join(dir, 'capture-big.csv');
      let written: { size: number; samples: number } | null = null;
      for (const target of [o.bigMB >> 1, o.bigMB]) {
        written = writeCapture(bigFile, layout, 0, target << 20, written);
        const c = reader(bigFile);
        if (c.samples !== written.samples) throw new Error(`reader saw ${c.samples} of ${written.samples} samples`);
        console.log(
          `${f1(mb(written.size))} MB, ${written.samples} samples: reader ${f2(c.seconds)} s, ${f1(mb(written.size) / c.seconds)} MB/s; ` +
            `peak RSS ${f1(c.maxRssMB)} MB (x${f2(c.maxRssMB / a.maxRssMB)} of the ${f1(size)} MB run; target < 200 MB, flat); ` +
            `first sample after ${Math.round(c.firstSeconds * 1000)} ms (target < 1 s)`,
        );
        if (target === o.bigMB >> 1 && o.pythonBig) {
          // Once warmed up (JIT, WebAssembly tier-up, heap sizing), on a file long enough for that to stop mattering.
          const p = python(bigFile);
          console.log(`  python csv on the same file: ${f2(p.seconds)} s, ${f1(mb(written.size) / p.seconds)} MB/s; ratio ${f2(p.seconds / c.seconds)}x wall`);
        }
      }
      rmSync(bigFile);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
