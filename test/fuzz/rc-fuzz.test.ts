/** Fuzz: esxtop rc files, in-process through the parser and through `-c FILE`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEsxtopRc } from '../../src/config/esxtoprc';
import { UserError } from '../../src/errors';
import { CAPTURES } from '../support/paths';
import { assertHandled } from '../support/hostile';
import { fuzzDir, fuzzer, mutate, runBounded } from './fuzz-kit';

const IN_PROCESS = 2000;
const WHOLE_PROCESS = 6;
const RC_DIR = join(CAPTURES, 'rc');
const SEEDS = readdirSync(RC_DIR).map((f) => readFileSync(join(RC_DIR, f), 'utf8'));

test(`fuzz: ${IN_PROCESS} mutated rc files: a configuration or one UserError naming the file`, () => {
  const { rng, where } = fuzzer('rc');
  for (let i = 0; i < IN_PROCESS; i++) {
    try {
      const rc = parseEsxtopRc(mutate(rng, SEEDS[i % SEEDS.length], 4, 20_000), 'fuzz.rc');
      assert.ok(Number.isFinite(rc.delaySeconds) && rc.delaySeconds >= 2, where(i));
    } catch (err) {
      assert.ok(err instanceof UserError, `${where(i)}: ${String(err)}`);
      assert.match(err.message, /^fuzz\.rc(:\d+)?: /, where(i));
      assert.ok(!err.message.includes('\n'), `${where(i)}: one line`);
    }
  }
});

test(`fuzz: ${WHOLE_PROCESS} mutated rc files through sim -c FILE -b`, async (t) => {
  const { rng, where } = fuzzer('rc-cli');
  const write = fuzzDir(t, 'rc');
  for (let i = 0; i < WHOLE_PROCESS; i++) {
    const file = write(mutate(rng, SEEDS[i % SEEDS.length], 4), 'esxtop60rc');
    const r = await runBounded(['sim', '-c', file, '-b', '-n', '1']);
    assertHandled(r, where(i), { stdoutIsData: true });
  }
});
