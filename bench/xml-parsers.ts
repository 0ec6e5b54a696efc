/**
 * Which XML parser reads vSphere answers: balloontop's readers on saxes
 * against maintained parsers from npm, on real answers of vcsim with 1,000
 * VMs (the poll's RetrievePropertiesEx and QueryPerf, captured through a
 * loopback proxy).
 *
 *   balloontop    saxes with balloontop's readers: the values a poll keeps, streamed in 64 KB chunks
 *   saxes events  saxes alone, no handler work (the floor of the choice made)
 *   sax events    sax (strict) alone, no handler work
 *   fast-xml-parser  the whole answer to JavaScript objects
 *
 * Time: in-process, the parsers alternated, median and range of the rounds,
 * ratio to balloontop. Memory: each parser in its own process parsing both
 * answers 10 times, peak RSS (/usr/bin/time), against a process that only
 * reads the answers.
 *
 * Run: npm run bench -- xml-parsers   (needs vcsim)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parser as saxParser } from 'sax';
import { SaxesParser } from 'saxes';
import { PerfValues, PerfAnswerReader } from '../src/sources/vsphere/perf-reader';
import { PropertyPageReader } from '../src/sources/vsphere/property-reader';
import { answerStream, type ResponseReader } from '../src/sources/vsphere/soap-client';
import { VsphereSource } from '../src/sources/vsphere/vsphere-source';
import { startVcsim, vcsimAvailable } from '../test/support/vcsim/vcsim';
import { TimingProxy } from './live-proxy';

const ROUNDS = 15;
const CHUNK = 65536;

type Parse = (xml: string, method: string) => unknown;

function readAnswer<T>(xml: string, method: string, reader: ResponseReader<T>): T {
  const { stream } = answerStream(method, () => reader);
  for (let i = 0; i < xml.length; i += CHUNK) stream.write(xml.slice(i, i + CHUNK));
  stream.end();
  return reader.result();
}

const PARSERS: Record<string, Parse> = {
  balloontop: (xml, method) =>
    method === 'QueryPerf'
      ? readAnswer(xml, method, new PerfAnswerReader(new PerfValues(new Map(Array.from({ length: 100 }, (_, i) => [65536 + i, i])))))
      : readAnswer(xml, method, new PropertyPageReader()),
  'saxes events': (xml) => {
    const p = new SaxesParser();
    let n = 0;
    p.on('opentag', () => n++);
    p.on('text', () => undefined);
    p.write(xml).close();
    return n;
  },
  'sax events': (xml) => {
    const p = saxParser(true);
    let n = 0;
    p.onopentag = () => n++;
    p.ontext = () => undefined;
    p.write(xml).close();
    return n;
  },
  'fast-xml-parser': (xml) => new XMLParser({ ignoreAttributes: false, removeNSPrefix: true }).parse(xml) as unknown,
};

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** In a child process: parse the answers 10 times with one parser (or none) and exit; the parent reads its peak RSS. */
function child(parser: string, files: string[]): void {
  const answers = files.map((f) => ({ xml: readFileSync(f, 'utf8'), method: /(QueryPerf|RetrievePropertiesEx)/.exec(f)?.[1] ?? '' }));
  const keep: unknown[] = [];
  if (parser !== 'none') for (let i = 0; i < 10; i++) for (const a of answers) keep[answers.indexOf(a)] = PARSERS[parser](a.xml, a.method);
  process.stdout.write(`${keep.length}\n`);
}

async function capture(dir: string): Promise<string[]> {
  const sim = await startVcsim({ model: 'esx', vms: 1000 });
  const proxy = new TimingProxy(new URL(sim.url));
  proxy.keepAnswers = true;
  try {
    const url = await proxy.start();
    const source = await VsphereSource.open({ url: new URL(url), user: 'bench', password: 'bench', tls: { insecure: false, ca: [] }, timeoutMs: 60000, target: { host: null, cluster: null }, onFailure: 'fail' });
    await source.next();
    await source.next();
    await source.close();
  } finally {
    await proxy.stop();
    await sim.stop();
  }
  return ['RetrievePropertiesEx', 'QueryPerf'].map((method) => {
    const file = join(dir, `${method}.xml`);
    writeFileSync(file, proxy.lastAnswers.get(method) ?? '');
    return file;
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3], process.argv.slice(4));
  const missing = vcsimAvailable();
  if (missing) {
    process.stderr.write(`bench/xml-parsers: ${missing}\n`);
    process.exitCode = 1;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-bench-xml-'));
  try {
    const files = await capture(dir);
    const answers = files.map((f) => ({ xml: readFileSync(f, 'utf8'), method: /(QueryPerf|RetrievePropertiesEx)/.exec(f)?.[1] ?? '' }));
    process.stdout.write(`XML parsers on vcsim's answers for 1,000 VMs: ${answers.map((a) => `${a.method} ${(a.xml.length / 1e6).toFixed(1)} MB`).join(', ')}\n`);
    const times = new Map<string, number[][]>(Object.keys(PARSERS).map((p) => [p, answers.map(() => [])]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, parse] of Object.entries(PARSERS)) {
        answers.forEach((a, i) => {
          const t0 = performance.now();
          parse(a.xml, a.method);
          times.get(name)?.[i].push(performance.now() - t0);
        });
      }
    }
    const base = answers.map((_, i) => median(times.get('balloontop')?.[i] ?? []));
    process.stdout.write(`time, in-process, ${ROUNDS} rounds alternated: median (range) and ratio to balloontop\n`);
    for (const [name, perAnswer] of times) {
      const cells = perAnswer.map((ts, i) => `${answers[i].method} ${median(ts).toFixed(1)} ms (${Math.min(...ts).toFixed(1)}-${Math.max(...ts).toFixed(1)}) ${(median(ts) / base[i]).toFixed(2)}x`);
      process.stdout.write(`  ${name.padEnd(16)} ${cells.join('   ')}\n`);
    }
    const peak = (parser: string): number => {
      const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, __filename, '--child', parser, ...files], { encoding: 'utf8' });
      return Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1]) / 1024;
    };
    const rssRuns = new Map<string, number[]>();
    for (let round = 0; round < 3; round++) for (const name of ['none', ...Object.keys(PARSERS)]) rssRuns.set(name, [...(rssRuns.get(name) ?? []), peak(name)]);
    const floor = median(rssRuns.get('none') ?? []);
    process.stdout.write(`memory, one process per parser parsing both answers 10 times, 3 runs: peak RSS median (range); reading the answers only: ${floor.toFixed(0)} MB\n`);
    for (const name of Object.keys(PARSERS)) {
      const runs = rssRuns.get(name) ?? [];
      process.stdout.write(`  ${name.padEnd(16)} ${median(runs).toFixed(0)} MB (${Math.min(...runs).toFixed(0)}-${Math.max(...runs).toFixed(0)}), ${(median(runs) - floor).toFixed(0)} MB above reading only\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/xml-parsers: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
