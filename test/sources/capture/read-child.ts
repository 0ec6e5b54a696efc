/**
 * Reads one capture in a process of its own, for tests of time and memory:
 * `node read-child.js READER FILE`, READER one of `samples` (the sample
 * reader), `b` / `json` (the projection, one thread), `b2` (two threads over
 * 1 MB blocks). Prints one JSON line: what it delivered, the warnings, the
 * error, the CPU time of the reading alone and the peak RSS.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { errorText } from '../../../src/errors';
import { CaptureSource } from '../../../src/sources/capture/capture-source';
import { writeCaptureProjection } from '../../../src/sources/capture/projection/capture-projection';
import { describeWarnings } from '../../../src/sources/warnings';

export interface ChildResult {
  /** Samples (sample reader) or output lines (projection). */
  delivered: number;
  warnings: string[];
  error: string | null;
  cpuMs: number;
  maxRssMB: number;
}

/** Counts lines and drops the text. */
class LineCounter extends Writable {
  lines = 0;
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) this.lines++;
    done();
  }
}

async function read(reader: string, file: string): Promise<Omit<ChildResult, 'cpuMs' | 'maxRssMB'>> {
  const source = await CaptureSource.open(file);
  if (reader === 'samples') {
    let delivered = 0;
    try {
      while (await source.next()) delivered++;
      return { delivered, warnings: describeWarnings(source.warnings()), error: null };
    } catch (err) {
      return { delivered, warnings: describeWarnings(source.warnings()), error: errorText(err) };
    } finally {
      await source.close();
    }
  }
  const out = new LineCounter();
  const err = new LineCounter();
  const warnings: string[] = [];
  err._write = (chunk: Buffer, _e, done) => {
    warnings.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  };
  const threads = reader === 'b2' ? { threads: 2, parallelMinBytes: 0, blockBytes: 1 << 20 } : { threads: 1 };
  try {
    await writeCaptureProjection(source.takeAfterHeader(), { format: reader === 'json' ? 'json' : 'csv', limit: null, out, err, ...threads });
    return { delivered: out.lines, warnings, error: null };
  } catch (e) {
    return { delivered: out.lines, warnings, error: errorText(e) };
  }
}

/**
 * The peak RSS of this process image (VmHWM): `resourceUsage().maxRSS` also
 * counts the parent's pages this process had between fork and exec.
 */
function peakRssMB(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: the process's own figure
  }
  return process.resourceUsage().maxRSS / 1024;
}

if (require.main === module) {
  const [reader, file] = process.argv.slice(2);
  const cpu = process.cpuUsage();
  read(reader, file).then(
    (r) => {
      const used = process.cpuUsage(cpu);
      const result: ChildResult = { ...r, cpuMs: (used.user + used.system) / 1000, maxRssMB: peakRssMB() };
      process.stdout.write(`${JSON.stringify(result)}\n`);
    },
    (err: unknown) => {
      const used = process.cpuUsage(cpu);
      const result: ChildResult = { delivered: 0, warnings: [], error: errorText(err), cpuMs: (used.user + used.system) / 1000, maxRssMB: peakRssMB() };
      process.stdout.write(`${JSON.stringify(result)}\n`);
    },
  );
}
