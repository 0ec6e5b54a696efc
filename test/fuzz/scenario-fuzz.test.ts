/** Fuzz: scenario files, in-process through the parser and validator, and through `sim --scenario FILE`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors';
import { parseScenarioText } from '../../src/sources/simulation/scenario/catalog';
import { PROJECT_ROOT } from '../support/paths';
import { assertHandled } from '../support/hostile';
import { fuzzDir, fuzzer, mutate, runBounded } from './fuzz-kit';

const IN_PROCESS = 500;
const WHOLE_PROCESS = 8;
const SHIPPED = readdirSync(join(PROJECT_ROOT, 'scenarios')).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(PROJECT_ROOT, 'scenarios', f), 'utf8'));

test(`fuzz: ${IN_PROCESS} mutated scenarios: a scenario or one UserError naming the file and line`, () => {
  const { rng, where } = fuzzer('scenario');
  for (let i = 0; i < IN_PROCESS; i++) {
    const text = mutate(rng, SHIPPED[i % SHIPPED.length]);
    try {
      const sc = parseScenarioText(text, 'fuzz.json');
      assert.ok(Number.isFinite(sc.start) && Number.isFinite(sc.durationS), where(i));
    } catch (err) {
      assert.ok(err instanceof UserError, `${where(i)}: ${String(err)}`);
      assert.match(err.message, /^fuzz\.json(:\d+(:\d+)?)?: /, where(i));
      assert.ok(!err.message.includes('\n'), `${where(i)}: one line`);
    }
  }
});

test(`fuzz: ${WHOLE_PROCESS} mutated scenarios through sim --scenario FILE -b`, async (t) => {
  const { rng, where } = fuzzer('scenario-cli');
  const write = fuzzDir(t, 'scenario');
  for (let i = 0; i < WHOLE_PROCESS; i++) {
    const file = write(mutate(rng, SHIPPED[i % SHIPPED.length]), 'json');
    const r = await runBounded(['sim', '--scenario', file, i % 2 === 0 ? '-b' : '--json', '-n', '3']);
    assertHandled(r, where(i), { stdoutIsData: true });
  }
});
