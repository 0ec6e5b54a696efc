/**
 * Fuzz: esxtop batch captures, plain and gzip, through the built CLI
 * (`replay FILE -b` and `--json`), so it holds whatever the reader's
 * internals become: exit 0 or 2, no trace, heap within 256 MB, nothing on
 * stderr a terminal acts on.
 */
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { capture } from '../support/paths';
import { assertHandled } from '../support/hostile';
import { fuzzDir, fuzzer, mutate, mutateBytes, runBounded } from './fuzz-kit';

const CASES = 24;

test(`fuzz: ${CASES} mutated captures through replay -b and --json`, async (t) => {
  const { rng, where } = fuzzer('capture');
  const write = fuzzDir(t, 'capture');
  const seeds = [
    readFileSync(capture('excel-resaved.csv'), 'utf8'),
    readFileSync(capture('esxi65-ballooning-b.csv'), 'utf8').split('\n').slice(0, 3).join('\n') + '\n',
  ];
  for (let i = 0; i < CASES; i++) {
    const seed = seeds[i % seeds.length];
    const text = mutate(rng, seed, 6);
    const gzip = rng.next() < 0.25;
    const file = write(gzip ? (rng.next() < 0.5 ? mutateBytes(rng, gzipSync(seed)) : gzipSync(text)) : text, gzip ? 'csv.gz' : 'csv');
    const format = i % 2 === 0 ? '-b' : '--json';
    const r = await runBounded(['replay', file, format]);
    assertHandled(r, where(i), { stdoutIsData: true });
  }
});
