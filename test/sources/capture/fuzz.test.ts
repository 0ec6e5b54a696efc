/**
 * Fuzz test of the capture reader: seeded, a fixed number of iterations, so a
 * run repeats exactly (`BALLOONTOP_FUZZ_ITERATION=N` runs iteration N alone).
 * Each mutated capture (fuzz-inputs.ts) is read in this process by the sample
 * reader and by the projection (`--json` and `-b`; two threads over small
 * blocks in every fourth iteration), and one in eight by the CLI as users run
 * it, with a 64 MB heap. Checks: the readers fail only with one line for the
 * user, never with a bug; they deliver the same samples and say the same
 * things (assertReadersAgree); every message names the file and holds no
 * raw control character; the CLI exits 0 or 2, prints no stack trace, and
 * writes what the projection wrote. A hang fails by the test's timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { runCli } from '../../support/run-cli';
import { assertReadersAgree, project } from './both-readers';
import { fuzzInput } from './fuzz-inputs';
import { tempDir, write } from './synthetic';

const SEED = 0x5eed_2026;
const ITERATIONS = 300;
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

/** What `replay FILE` would take the file for: a recording starts with `{` (after a BOM, spaces and gzip). */
function looksLikeRecording(bytes: Buffer, gzip: boolean): boolean {
  let head = bytes.subarray(0, 4096);
  if (gzip) {
    try {
      head = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return false;
    }
  }
  const text = head.toString('latin1').replace(/^\xef\xbb\xbf/, '');
  return /^[ \t\r\n]*\{/.test(text);
}

function assertMessages(lines: string[], file: string, what: string): void {
  for (const line of lines) {
    assert.ok(line.startsWith(file), `${what}: a message names the file: ${JSON.stringify(line)}`);
    assert.ok(!line.includes('\n'), `${what}: one line: ${JSON.stringify(line)}`);
    assert.doesNotMatch(line, RAW_CONTROL, `${what}: nothing raw for the terminal: ${JSON.stringify(line)}`);
  }
}

test(`fuzz: ${ITERATIONS} mutated captures through both readers and the CLI`, { timeout: 600_000 }, async (t) => {
  const dir = tempDir(t);
  const only = process.env.BALLOONTOP_FUZZ_ITERATION;
  const iterations = only !== undefined ? [Number(only)] : Array.from({ length: ITERATIONS }, (_, k) => k);
  let cliRuns = 0;
  let failures = 0;
  let samples = 0;
  for (const k of iterations) {
    const input = fuzzInput(SEED, k);
    const what = `fuzz iteration ${k} (BALLOONTOP_FUZZ_ITERATION=${k}): ${input.steps.join('; ')}`;
    const file = write(dir, `fuzz-${k}.csv${input.gzip ? '.gz' : ''}`, input.bytes);
    const twoThreads = k % 4 === 0 && !input.gzip;
    const got = await assertReadersAgree(file, what, { threads: twoThreads ? [1, 2] : [1], blockBytes: 64 << (k % 7) });
    assertMessages([...got.warnings, ...(got.error === null ? [] : [got.error])], file, what);
    samples += got.samples.length;
    if (got.error !== null) failures++;
    if (k % 8 !== 3) continue;
    cliRuns++;
    const format = k % 16 === 3 ? '-b' : '--json';
    const r = await runCli(['replay', file, format], { nodeOptions: ['--max-old-space-size=64'], timeoutMs: 120_000 });
    assert.ok(r.code === 0 || r.code === 2, `${what}: ${format} exits 0 or 2, not ${r.code}: ${r.stderr.slice(-2000)}`);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at |FATAL ERROR/, `${what}: no bug, no stack trace`);
    const lines = r.stderr.split('\n').filter(Boolean);
    for (const line of lines) assert.match(line, /^balloontop: /, what);
    assert.doesNotMatch(r.stderr, RAW_CONTROL, `${what}: nothing raw on the terminal: ${JSON.stringify(r.stderr)}`);
    if (looksLikeRecording(input.bytes, input.gzip)) continue;
    const p = await project(file, format === '-b' ? 'csv' : 'json', 1);
    assert.equal(r.stdout, p.text, `${what}: the CLI writes what the projection wrote`);
    assert.deepEqual(lines, [...p.warnings, ...(p.error === null ? [] : [p.error])].map((l) => `balloontop: ${l}`), `${what}: the CLI says what the projection said`);
    assert.equal(r.code, p.error === null ? 0 : 2, what);
  }
  t.diagnostic(`${iterations.length} inputs, ${samples} samples delivered, ${failures} failed with a message, ${cliRuns} CLI runs`);
});
