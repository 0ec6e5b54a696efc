/**
 * Child process of bench/reader.ts: reads one capture with balloontop's
 * reader, touches every value, and prints one JSON line with the wall and CPU time, the
 * time to the first sample, the peak RSS of this process and a checksum.
 * Usage: node dist/bench/reader-child.js FILE
 */
import { CaptureSource } from '../src/sources/capture/capture-source';
import type { Value } from '../src/sample/sample';

async function main(path: string): Promise<void> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const src = await CaptureSource.open(path);
  let first = -1;
  let samples = 0;
  let checksum = 0;
  let groups = 0;
  // One function per record kind, so that each sees one object shape.
  const sum = (rec: Record<string, Value>) => {
    let t = 0;
    for (const k in rec) {
      const v = rec[k];
      if (v !== null) t += v;
    }
    return t;
  };
  const sumGroup = (rec: Record<string, Value>) => {
    let t = 0;
    for (const k in rec) {
      const v = rec[k];
      if (v !== null) t += v;
    }
    return t;
  };
  const add = (rec: Record<string, Value>) => {
    checksum += sum(rec);
  };
  for (let s; (s = await src.next()); ) {
    if (first < 0) first = performance.now() - t0;
    samples++;
    add(s.host.values);
    add(s.host.extra);
    groups += s.groups.length;
    for (const g of s.groups) {
      checksum += sumGroup(g.values);
      add(g.extra);
    }
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  await src.close();
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ samples, groups, seconds: ms / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, firstSeconds: first / 1000, maxRssMB, checksum, warnings: src.warnings() })}\n`);
}

main(process.argv[2]).catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
