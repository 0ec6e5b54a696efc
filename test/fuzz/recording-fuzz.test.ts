/**
 * Fuzz: balloontop recordings, in-process through the reader (fast, many
 * cases) and through the built CLI (a sample of them, plain and gzip).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { UserError } from '../../src/errors';
import { RecordingSource } from '../../src/sources/recording/recording-source';
import { makeGroup } from '../support/groups';
import { assertHandled, hostSample, recordingText } from '../support/hostile';
import { fuzzDir, fuzzer, mutate, mutateBytes, runBounded } from './fuzz-kit';

const IN_PROCESS = 300;
const WHOLE_PROCESS = 10;

function seedRecording(): string {
  const t0 = Date.UTC(2018, 3, 24, 10, 49, 12);
  const groups = (i: number) => [makeGroup(1, 'vm-a', 'vm', { MEMSZ: 2048, MCTLSZ: i, MCTLMAX: 1300 }, { 'Future MBytes': 3 }), makeGroup(5481, 'hostd.66694', 'userworld', { MEMSZ: 100 })];
  return recordingText(Array.from({ length: 4 }, (_, i) => hostSample(t0 + i * 5000, groups(i), i === 1 ? [{ text: 'caption', pause: true }] : undefined)));
}

test(`fuzz: ${IN_PROCESS} mutated recordings through the reader in-process: samples, warnings or one UserError`, async (t) => {
  const { rng, where } = fuzzer('recording');
  const write = fuzzDir(t, 'recording');
  const seed = seedRecording();
  for (let i = 0; i < IN_PROCESS; i++) {
    const text = mutate(rng, seed);
    const file = write(rng.next() < 0.2 ? mutateBytes(rng, gzipSync(text)) : text, 'jsonl');
    try {
      const src = await RecordingSource.open(file);
      try {
        for (let s = await src.next(), k = 0; s && k < 1000; s = await src.next(), k++) assert.ok(Number.isFinite(s.time), where(i));
      } finally {
        await src.close();
      }
    } catch (err) {
      assert.ok(err instanceof UserError, `${where(i)}: ${String(err)}`);
      assert.ok(!err.message.includes('\n'), `${where(i)}: one line`);
    }
  }
});

test(`fuzz: ${WHOLE_PROCESS} mutated recordings through replay -b and --json`, async (t) => {
  const { rng, where } = fuzzer('recording-cli');
  const write = fuzzDir(t, 'recording-cli');
  const seed = seedRecording();
  for (let i = 0; i < WHOLE_PROCESS; i++) {
    const text = mutate(rng, seed);
    const file = write(i % 3 === 2 ? gzipSync(text) : text, 'jsonl');
    const r = await runBounded(['replay', file, i % 2 === 0 ? '-b' : '--json']);
    assertHandled(r, where(i), { stdoutIsData: true });
  }
});
