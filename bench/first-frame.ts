/**
 * The dashboard's first frame, whole process: from starting `balloontop` in a
 * terminal to the memory page's `PMEM` line on that terminal, against a bare
 * `node` printing the same word, run alternately in the same run (the target:
 * within 0.3 s of the bare node, on an idle machine).
 *
 * The terminal is a pseudo-terminal from util-linux's `script`; the time ends
 * when the process's output holds `PMEM`. Cases: a replay of the real capture
 * (17,427 columns), and `balloontop` with no arguments (the simulated host).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'balloontop');
const CAPTURE = resolve(ROOT, '..', 'shared', 'captures', 'esxi65-ballooning-a.csv');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const WAIT_MS = 15_000;

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Milliseconds from spawning `command` on a 120x40 pseudo-terminal to `PMEM` in its output. */
function untilPmem(command: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', `stty cols 120 rows 40; ${command}`, '/dev/null'], {
      env: { ...process.env, TERM: 'xterm-256color', NCURSES_NO_UTF8_ACS: '1' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let seen = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`no PMEM in ${WAIT_MS} ms from: ${command}`)), WAIT_MS);
    function finish(err: Error | null, ms?: number): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      if (err) reject(err);
      else resolvePromise(ms as number);
    }
    child.stdout.on('data', (d: Buffer) => {
      const text = seen + d.toString('latin1');
      if (text.includes('PMEM')) finish(null, Number(process.hrtime.bigint() - started) / 1e6);
      seen = text.slice(-8);
    });
    child.on('exit', () => finish(new Error(`exited before PMEM: ${command}`)));
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function row(name: string, xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `  ${name.padEnd(34)} median ${median(xs).toFixed(0).padStart(5)} ms   range ${s[0].toFixed(0)}-${s[s.length - 1].toFixed(0)} ms`;
}

async function main(): Promise<void> {
  if (spawnSync('sh', ['-c', 'command -v script'], { stdio: 'ignore' }).status !== 0) {
    process.stdout.write('first-frame: needs util-linux `script` (apt-get install bsdutils); not measured\n');
    process.exit(1);
  }
  const node = quote(process.execPath);
  const cases: [string, string][] = [
    ['replay of the real capture', `${node} ${quote(CLI)} replay ${quote(CAPTURE)}`],
    ['balloontop (the simulated host)', `${node} ${quote(CLI)}`],
  ];
  const bare = `${node} -e ${quote("console.log('PMEM')")}`;
  const load = (await import('node:os')).loadavg()[0];
  process.stdout.write(`first frame, whole process, ${ROUNDS} alternated rounds (load average ${load.toFixed(1)} on this machine)\n`);
  for (const [name, command] of cases) {
    const ours: number[] = [];
    const base: number[] = [];
    await untilPmem(command); // warm the file cache
    for (let i = 0; i < ROUNDS; i++) {
      ours.push(await untilPmem(command));
      base.push(await untilPmem(bare));
    }
    const extra = ours.map((t, i) => t - base[i]);
    process.stdout.write(`${name}\n${row('balloontop, to its first frame', ours)}\n${row('bare node printing a line', base)}\n`);
    const m = median(extra);
    process.stdout.write(`  extra time, pair by pair: median ${m.toFixed(0)} ms (target: within 300 ms; ${m <= 300 ? 'met' : 'not met'})\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`first-frame: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
