/** Shares and idle memory steer who gives memory when the host reclaims. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioText } from '../../../src/sources/simulation/scenario/catalog';
import { run, v } from './sim-helpers';

function twins(a: Record<string, unknown>, b: Record<string, unknown>) {
  return parseScenarioText(
    JSON.stringify({
      description: 'twins',
      host: { memoryMB: 8192 },
      vms: [
        { name: 'a', memoryMB: 4096, os: 'linux', demandMB: '40%', ...a },
        { name: 'b', memoryMB: 4096, os: 'linux', demandMB: '40%', ...b },
        { name: 'c', memoryMB: 4096, os: 'linux', demandMB: '40%' },
      ],
      timeline: ['a', 'b', 'c'].map((vm) => ({ at: 30, action: 'demand', vm, demandMB: '60%', rampS: 120 })),
    }),
    'twins.json',
  );
}

test('with equal VMs and load, the one with low shares gives more than the one with high shares', () => {
  for (const seed of [1, 2, 3]) {
    const s = run(twins({ shares: 'low' }, { shares: 'high' }), 120, seed);
    const end = s[s.length - 1];
    assert.ok(s.some((x) => x.host.state === 'soft'), 'the host reclaims');
    const low = v(end, 'a', 'MCTLSZ') + v(end, 'a', 'SWCUR');
    const high = v(end, 'b', 'MCTLSZ') + v(end, 'b', 'SWCUR');
    assert.ok(low > 1.5 * high, `seed ${seed}: low shares gave ${low}, high shares ${high}`);
  }
});

test('idle memory is taxed: a VM that touches little of what it holds gives more', () => {
  const sc = twins({}, {});
  // b's working set falls back while it keeps the memory it touched.
  sc.timeline.push({ at: 200, line: 0, action: 'demand', vm: 'b', demandMB: 600, rampS: 0 });
  sc.timeline.push({ at: 200, line: 0, action: 'demand', vm: 'c', demandMB: 4096 * 0.75, rampS: 120 });
  sc.timeline.sort((x, y) => x.at - y.at);
  const s = run(sc, 160, 1);
  // While the host reclaims after b fell idle (later, what b holds is within its share and its
  // balloon may deflate without costing the host anything: its guest does not touch those pages).
  const given = (vm: string) => s.slice(48, 80).reduce((n, x) => n + v(x, vm, 'MCTLSZ') + v(x, vm, 'SWCUR'), 0) / 32;
  assert.ok(given('b') > 1.5 * given('a'), `idle b ${given('b')} vs busy a ${given('a')}`);
});
