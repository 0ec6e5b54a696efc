/** Fuzz: time expressions, the `J` prompt's and a scenario's (`at`, `rampS`): a time or a problem, never a throw or a time a Date cannot hold. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimeSpec } from '../../src/sources/simulation/scenario/time-spec';
import { parseJumpTarget } from '../../src/timeline/jump-target';
import { fuzzer, mutate } from './fuzz-kit';

const CASES = 4000;
const SEEDS = ['10:49:17', '04/24/2018 10:49:17', '2018-04-24T10:49:17Z', '+5m', '-30s', '+1h', '+90', '4/24/2018 10:49', '1:30', '1:02:03', '90s', '2m', '1h', '0'];
const NOW = Date.UTC(2018, 3, 24, 10, 49, 12);

test(`fuzz: ${CASES} mutated time expressions`, () => {
  const { rng, where } = fuzzer('time');
  for (let i = 0; i < CASES; i++) {
    const text = mutate(rng, SEEDS[i % SEEDS.length], 3, 2000);
    const jump = parseJumpTarget(text, NOW);
    if ('time' in jump) assert.ok(Number.isFinite(jump.time) && Number.isFinite(new Date(jump.time).getTime()), `${where(i)}: J ${JSON.stringify(text)} gave ${jump.time}`);
    else assert.ok(jump.problem.length > 0 && !jump.problem.includes('\n'), where(i));
    const spec = parseTimeSpec(text);
    assert.ok(spec === null || (Number.isFinite(spec) && spec >= 0 && spec <= 366 * 86400), `${where(i)}: time spec ${JSON.stringify(text)} gave ${spec}`);
  }
});
