/**
 * A capture through both readers, in this process: the sample reader (what
 * the dashboard, record and serve read) and the batch projection (`-b` and
 * `--json`, one thread, or two threads over tiny blocks so that every kind of
 * row meets a block border). What each delivered, what it reported and how
 * it failed, for tests that hold the two to each other.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { errorText, UserError } from '../../../src/errors';
import { jsonLine } from '../../../src/output/json-lines';
import { CaptureSource } from '../../../src/sources/capture/capture-source';
import { parseCsv } from '../../../src/sources/capture/csv-scanner';
import { writeCaptureProjection } from '../../../src/sources/capture/projection/capture-projection';
import { describeWarnings } from '../../../src/sources/warnings';
import { safeLine } from '../../../src/text/safe-text';
import type { Sample } from '../../../src/sample/sample';

class Collect extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export interface SampleOutcome {
  samples: Sample[];
  /** The warnings as the CLI prints them (made safe; before its error, if any), one per line. */
  warnings: string[];
  /** The error reading stopped with (its message), or null. */
  error: string | null;
  /** That error was not a UserError (a bug). */
  internal: boolean;
}

/** The message of an error as the CLI prints it (made safe), marked when it is not one for the user (a bug, with its stack). */
function failure(err: unknown): { error: string; internal: boolean } {
  if (err instanceof UserError) return { error: safeLine(err.message), internal: false };
  return { error: `${errorText(err)}\n${(err as Error)?.stack ?? ''}`, internal: true };
}

/** The sample reader: every sample until the end or an error, and the warnings met so far. */
export async function readSamples(file: string): Promise<SampleOutcome> {
  const samples: Sample[] = [];
  let source: CaptureSource;
  try {
    source = await CaptureSource.open(file);
  } catch (err) {
    return { samples, warnings: [], ...failure(err) };
  }
  let end: { error: string | null; internal: boolean } = { error: null, internal: false };
  try {
    for (let s; (s = await source.next()); ) samples.push(s);
  } catch (err) {
    end = failure(err);
  } finally {
    await source.close();
  }
  // The CLI says nothing more when there was no sample: its error names the first problem.
  const noSamples = samples.length === 0 && end.error !== null && end.error.startsWith(`${file}: has a header but no samples`);
  return { samples, warnings: noSamples ? [] : describeWarnings(source.warnings()).map(safeLine), ...end };
}

export interface ProjectionOutcome {
  /** What went to stdout. */
  text: string;
  /** The warnings printed (without the `balloontop: ` prefix). */
  warnings: string[];
  error: string | null;
  internal: boolean;
}

/** The batch projection of the file, as `replay FILE -b` (csv) or `--json` runs it; two threads share blocks of `blockBytes`. */
export async function project(file: string, format: 'csv' | 'json', threads: 1 | 2, blockBytes = 4096): Promise<ProjectionOutcome> {
  const out = new Collect();
  const err = new Collect();
  let end: { error: string | null; internal: boolean } = { error: null, internal: false };
  try {
    const source = await CaptureSource.open(file);
    await writeCaptureProjection(source.takeAfterHeader(), { format, limit: null, out, err, threads, parallelMinBytes: 0, blockBytes });
  } catch (e) {
    end = failure(e);
  }
  const warnings = err
    .text()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^balloontop: /, ''));
  return { text: out.text(), warnings, ...end };
}

/**
 * Both readers agree: --json (one thread and two) is the JSON of the samples
 * the sample reader delivered, with the same warnings and the same error;
 * -b reports the same too, and writes the header and one row per sample.
 * Neither fails with anything but a UserError. Returns the sample reader's outcome.
 */
export async function assertReadersAgree(file: string, what: string, opts: { threads?: (1 | 2)[]; blockBytes?: number } = {}): Promise<SampleOutcome> {
  const want = await readSamples(file);
  assert.equal(want.internal, false, `${what}: the sample reader failed with a bug: ${want.error}`);
  const json = want.samples.map(jsonLine).join('');
  for (const threads of opts.threads ?? [1, 2]) {
    const j = await project(file, 'json', threads, opts.blockBytes);
    assert.equal(j.internal, false, `${what}: --json failed with a bug: ${j.error}`);
    assert.equal(j.error, want.error, `${what}: --json, ${threads} thread(s): the same error`);
    assert.deepEqual(j.warnings, want.warnings, `${what}: --json, ${threads} thread(s): the same warnings`);
    assert.ok(j.text === json, `${what}: --json, ${threads} thread(s): the JSON of the same samples\n${firstDifference(j.text, json)}`);
    const b = await project(file, 'csv', threads, opts.blockBytes);
    assert.equal(b.error, want.error, `${what}: -b, ${threads} thread(s): the same error`);
    assert.deepEqual(b.warnings, want.warnings, `${what}: -b, ${threads} thread(s): the same warnings`);
    assert.equal(parseCsv(b.text).length, want.samples.length === 0 ? 0 : want.samples.length + 1, `${what}: -b, ${threads} thread(s): a header and one row per sample`);
  }
  return want;
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `first difference at ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 40), i + 60))} vs ${JSON.stringify(b.slice(Math.max(0, i - 40), i + 60))}`;
}
