/**
 * Batch output and recordings: speed and size, as ratios against baselines
 * measured in the same run (machines are noisy; absolute times mean little).
 *
 * Data: the layout of the real capture esxi65-ballooning-a.csv (24 host
 * counters, 54 groups x 47 counters), N samples with varied values.
 *
 *   node dist/bench/batch-output.js [N]      (default 300 samples)
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BatchCsvWriter } from '../src/output/batch-csv';
import { jsonLine } from '../src/output/json-lines';
import { RecordingSource } from '../src/sources/recording/recording-source';
import { RecordingWriter } from '../src/output/recording-writer';
import { CaptureSource } from '../src/sources/capture/capture-source';
import type { Group, Sample, Value } from '../src/sample/sample';
import type { SampleSource } from '../src/sources/source';

const CAPTURE = resolve(__dirname, '..', '..', '..', 'shared', 'captures', 'esxi65-ballooning-a.csv');

function vary(v: Value, k: number): Value {
  return v === null || v === 0 ? v : Math.round(v * (1 + ((k % 97) - 48) / 1000) * 100) / 100;
}

async function drain(src: SampleSource): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let s; (s = await src.next()); ) out.push(s);
  await src.close();
  return out;
}

function time(fn: () => void, rounds = 3): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return best;
}

async function timeAsync(fn: () => Promise<void>, rounds = 3): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return best;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 300);
  const base = await drain(await CaptureSource.open(CAPTURE));
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const b = base[i % base.length];
    const hv: Record<string, Value> = {};
    for (const [k, v] of Object.entries(b.host.values)) hv[k] = k === 'state' ? v : vary(v, i);
    samples.push({
      time: b.time + i * 5000,
      host: { ...b.host, values: hv },
      groups: b.groups.map((g, j) => ({ ...g, values: Object.fromEntries(Object.entries(g.values).map(([k, v]) => [k, vary(v, i + j)])) as Group['values'] })),
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-bench-'));
  try {
    // Baseline: JSON.stringify of the same samples (the cheapest generic serialisation in Node).
    let _baselineBytes = 0;
    const baseline = time(() => {
      _baselineBytes = 0;
      for (const s of samples) _baselineBytes += JSON.stringify(s).length;
    });

    let csvText = '';
    const csv = time(() => {
      const w = new BatchCsvWriter();
      const parts: Buffer[] = [Buffer.from(w.header(samples[0]))];
      for (const s of samples) parts.push(w.row(s));
      csvText = Buffer.concat(parts).toString('utf8');
    });
    const json = time(() => {
      for (const s of samples) jsonLine(s);
    });
    const plainPath = join(dir, 'rec.jsonl');
    const gzPath = join(dir, 'rec.jsonl.gz');
    const record = time(() => {
      const w = RecordingWriter.open({ path: plainPath, gzip: false, mode: 'overwrite', source: { kind: 'capture', label: 'bench' } });
      for (const s of samples) w.write(s);
      w.close();
    });
    const recordGz = time(() => {
      const w = RecordingWriter.open({ path: gzPath, gzip: true, mode: 'overwrite', source: { kind: 'capture', label: 'bench' } });
      for (const s of samples) w.write(s);
      w.close();
    }, 1);

    // Reading back: a recording against the same samples as a -b CSV read by the capture reader.
    const csvPath = join(dir, 'b.csv');
    writeFileSync(csvPath, csvText);
    const readCsv = await timeAsync(async () => void (await drain(await CaptureSource.open(csvPath))));
    const readRec = await timeAsync(async () => void (await drain(await RecordingSource.open(plainPath))));
    const readGz = await timeAsync(async () => void (await drain(await RecordingSource.open(gzPath))));

    const csvBytes = statSync(csvPath).size;
    const recBytes = statSync(plainPath).size;
    const gzBytes = statSync(gzPath).size;
    const wholeGz = gzipSync(readFileSync(plainPath)).length;

    const r = (x: number) => x.toFixed(2);
    console.log(`batch output and recordings: ${n} samples x ${samples[0].groups.length} groups (layout of esxi65-ballooning-a.csv)`);
    console.log(`baseline JSON.stringify of the samples: ${baseline.toFixed(0)} ms (${(n / (baseline / 1000)).toFixed(0)} samples/s)`);
    console.log('write time / baseline (lower is faster):');
    console.log(`  -b CSV                     ${r(csv / baseline)}`);
    console.log(`  --json lines               ${r(json / baseline)}`);
    console.log(`  recording, plain (to disk) ${r(record / baseline)}`);
    console.log(`  recording, gzip (to disk)  ${r(recordGz / baseline)}`);
    console.log('write time / reading the same samples from a -b CSV with the capture reader (what output adds to a replay):');
    console.log(`  -b CSV                     ${r(csv / readCsv)}`);
    console.log(`  --json lines               ${r(json / readCsv)}`);
    console.log(`  recording, gzip (to disk)  ${r(recordGz / readCsv)}`);
    console.log('read time / reading the same samples from a -b CSV with the capture reader:');
    console.log(`  recording, plain           ${r(readRec / readCsv)}`);
    console.log(`  recording, gzip            ${r(readGz / readCsv)}`);
    console.log('size:');
    console.log(`  recording / -b CSV                          ${r(recBytes / csvBytes)}`);
    console.log(`  gzip recording / plain recording            ${r(gzBytes / recBytes)}`);
    console.log(`  gzip member per line / one gzip stream      ${r(gzBytes / wholeGz)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
