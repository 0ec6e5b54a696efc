/** Each shipped lesson reaches the states and per-VM outcomes its narration claims, for several seeds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MemState } from '../../../src/sample/mem-state';
import type { Sample } from '../../../src/sample/sample';
import { listScenarios, resolveScenario } from '../../../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../../../src/sources/simulation/simulation-source';
import { at, run, v, vm } from './sim-helpers';

const SEEDS = [1, 2, 3];
const PRESSURE: MemState[] = ['soft', 'hard', 'low'];

function firstTime(samples: Sample[], pred: (s: Sample) => boolean): number {
  const i = samples.findIndex(pred);
  return i < 0 ? Infinity : i * 5;
}

function notesOf(samples: Sample[]): string[] {
  return samples.flatMap((s) => (s.notes ?? []).map((n) => n.text));
}

test('seven lessons are shipped, each with a one-line description and narration from the first sample', () => {
  const list = listScenarios();
  assert.deepEqual(list.map((l) => l.name).sort(), ['balloon-max', 'limit', 'linux-oom', 'maxmemctl-zero', 'no-tools', 'overcommit', 'reservation']);
  for (const l of list) {
    assert.ok(l.description.length > 20 && !l.description.includes('\n'), l.name);
    const sc = resolveScenario(l.name);
    assert.ok(sc.timeline.some((e) => e.action === 'narrate' && e.pause), `${l.name} has a pause point`);
    const [first] = run(l.name, 1);
    assert.ok(first.notes && first.notes.length > 0, `${l.name}: caption on the first sample`);
  }
});

for (const seed of SEEDS) {
  test(`overcommit (seed ${seed}): high, then clear, then soft with balloons only, then hard with compression and swap`, () => {
    const s = run('overcommit', 300, seed);
    assert.equal(s[0].host.state, 'high');
    const clear = firstTime(s, (x) => x.host.state === 'clear');
    const soft = firstTime(s, (x) => x.host.state === 'soft');
    const hard = firstTime(s, (x) => x.host.state === 'hard' || x.host.state === 'low');
    assert.ok(clear < soft && soft < hard && hard < Infinity, `clear ${clear} soft ${soft} hard ${hard}`);
    // Narration says clear by 5:00, soft by 8:00 and hard by 12:00.
    assert.ok(clear <= 300 && soft <= 480 && hard <= 720, `clear ${clear} soft ${soft} hard ${hard}`);
    // Before the host went hard: balloons inflated, nothing swapped or compressed.
    const beforeHard = at(s, hard - 5);
    assert.ok(beforeHard.host.values.memctlCurrent! > 1000, `balloon ${beforeHard.host.values.memctlCurrent}`);
    assert.equal(beforeHard.host.values.swapUsed, 0);
    assert.equal(beforeHard.host.values.zipped, 0);
    for (const name of ['app01', 'app02', 'sql01']) assert.ok(v(beforeHard, name, 'MCTLSZ') > 100, name);
    // By 12:00: compression and swap.
    const noon = at(s, 720);
    assert.ok(noon.host.values.swapUsed! > 200 && noon.host.values.zipped! > 100, `swap ${noon.host.values.swapUsed} zip ${noon.host.values.zipped}`);
    assert.ok(s.slice(hard / 5, 240).some((x) => x.host.values.swapReadRate! > 0), 'swapped pages touched again (SWR/s)');
    // After batch01 powers off at 20:00 the host leaves the pressure states.
    assert.ok(!PRESSURE.includes(at(s, 1260).host.state!), `state at 21:00 ${at(s, 1260).host.state}`);
    assert.ok(vm(at(s, 1260), 'batch01') === undefined, 'a powered-off VM has no group');
  });

  test(`no-tools (seed ${seed}): legacy01 is swapped while its neighbours balloon`, () => {
    const s = run('no-tools', 160, seed);
    for (const x of s) {
      assert.equal(v(x, 'legacy01', 'MCTL?'), 0);
      assert.equal(v(x, 'legacy01', 'MCTLSZ'), 0);
      assert.equal(v(x, 'legacy01', 'MCTLMAX'), 0);
    }
    assert.ok(s.some((x) => x.host.state === 'soft'));
    const six = at(s, 360);
    assert.ok(v(six, 'legacy01', 'SWCUR') > 100, `legacy01 SWCUR ${v(six, 'legacy01', 'SWCUR')}`);
    for (const name of ['web01', 'web02', 'app01']) {
      assert.ok(v(six, name, 'MCTLSZ') > 300, `${name} MCTLSZ ${v(six, name, 'MCTLSZ')}`);
      assert.ok(v(six, name, 'SWCUR') < 0.2 * v(six, 'legacy01', 'SWCUR'), `${name} SWCUR ${v(six, name, 'SWCUR')}`);
    }
    // Swapped memory grows over the lesson.
    assert.ok(v(at(s, 300), 'legacy01', 'SWCUR') > v(at(s, 200), 'legacy01', 'SWCUR'));
  });

  test(`limit (seed ${seed}): a limit balloons a VM on a host in the high state; removing it deflates the balloon`, () => {
    const s = run('limit', 200, seed);
    for (const x of s.slice(0, 120)) assert.equal(x.host.state, 'high');
    assert.equal(v(at(s, 30), 'capped01', 'MCTLSZ'), 0);
    assert.equal(v(at(s, 65), 'capped01', 'AMAX'), 2048);
    assert.ok(v(at(s, 180), 'capped01', 'MCTLSZ') > 2000, `MCTLSZ at 3:00 ${v(at(s, 180), 'capped01', 'MCTLSZ')}`);
    assert.ok(v(at(s, 180), 'capped01', 'MCTLTGT') >= v(at(s, 180), 'capped01', 'MCTLSZ'));
    for (const name of ['web01', 'web02']) assert.equal(v(at(s, 300), name, 'MCTLSZ'), 0);
    assert.equal(v(at(s, 605), 'capped01', 'MCTLTGT'), 0);
    assert.equal(v(at(s, 900), 'capped01', 'MCTLSZ'), 0);
  });

  test(`balloon-max (seed ${seed}): the balloon stops at MCTLMAX and the rest is swapped`, () => {
    const s = run('balloon-max', 60, seed);
    const x = at(s, 240);
    assert.equal(x.host.state, 'high');
    const max = v(x, 'big01', 'MCTLMAX');
    assert.ok(Math.abs(max - 4096 * 0.65) < 0.01);
    assert.ok(Math.abs(v(x, 'big01', 'MCTLSZ') - max) <= 0.5, `MCTLSZ ${v(x, 'big01', 'MCTLSZ')} vs ${max}`);
    assert.ok(v(x, 'big01', 'SWCUR') > 100 && v(x, 'big01', 'SWTGT') > 100, `SWCUR ${v(x, 'big01', 'SWCUR')}`);
    assert.ok(v(x, 'big01', 'CACHEUSD') > 0, 'compressed too');
    assert.equal(v(x, 'web01', 'MCTLSZ') + v(x, 'web01', 'SWCUR'), 0);
  });

  test(`maxmemctl-zero (seed ${seed}): disabling the balloon turns ballooning into swapping`, () => {
    const s = run('maxmemctl-zero', 140, seed);
    const before = at(s, 475);
    assert.ok(PRESSURE.includes(before.host.state!) || before.host.state === 'clear');
    for (const name of ['db01', 'db02']) {
      assert.ok(v(before, name, 'MCTLSZ') > 300, `${name} balloons first`);
      assert.ok(v(before, name, 'SWCUR') < 50, `${name} hardly swapped before: ${v(before, name, 'SWCUR')}`);
    }
    const after = at(s, 660);
    for (const name of ['db01', 'db02']) {
      assert.equal(v(after, name, 'MCTLMAX'), 0);
      assert.equal(v(after, name, 'MCTLSZ'), 0);
      assert.ok(v(after, name, 'SWCUR') > 200, `${name} SWCUR ${v(after, name, 'SWCUR')}`);
    }
    assert.ok(after.host.values.swapUsed! > before.host.values.swapUsed! + 400);
  });

  test(`reservation (seed ${seed}): the reserved VM keeps every page while its neighbours give memory`, () => {
    const s = run('reservation', 160, seed);
    for (const x of s) {
      assert.equal(v(x, 'db01', 'MCTLSZ'), 0);
      assert.equal(v(x, 'db01', 'SWCUR'), 0);
      assert.equal(v(x, 'db01', 'CACHEUSD'), 0);
      assert.equal(v(x, 'db01', 'MCTLMAX'), 0);
    }
    assert.ok(s.some((x) => PRESSURE.includes(x.host.state!)));
    const seven = at(s, 420);
    for (const name of ['app01', 'app02', 'app03']) assert.ok(v(seven, name, 'MCTLSZ') > 500, name);
    assert.ok(v(seven, 'db01', 'GRANT') > 3000);
  });

  test(`linux-oom (seed ${seed}): the inflating balloon makes the guest's OOM killer end java`, () => {
    const s = run('linux-oom', 60, seed);
    for (const x of s) assert.equal(x.host.state, 'high');
    const oomAt = firstTime(s, (x) => (x.notes ?? []).some((n) => n.text.includes('Out of memory: Killed process') && n.text.includes('(java)')));
    assert.ok(oomAt > 60 && oomAt <= 150, `OOM at ${oomAt} (narrated at 2:30)`);
    assert.ok(notesOf(s).every((t) => !t.includes('Out of memory') || t.startsWith('[api01 console]')));
    assert.ok(v(at(s, oomAt), 'api01', 'MCTLSZ') > 500);
    // The killed process' memory is gone from the working set.
    assert.ok(v(at(s, 240), 'api01', 'TCHD') < v(at(s, 55), 'api01', 'TCHD') * 0.6);
  });
}

test('overcommit: in low the host blocks VMs from touching new memory, and free stays above 16% of minFree', () => {
  const src = new SimulationSource(resolveScenario('overcommit'), { seed: 1, stepSeconds: 5 });
  let lowSamples = 0;
  let blockedInLow = 0;
  for (let i = 0; i < 300; i++) {
    const s = src.nextSample();
    if (s.host.state !== 'low') continue;
    lowSamples++;
    if (src.model.blocked > 0) blockedInLow++;
    assert.ok(s.host.values.free! >= Math.floor(0.16 * s.host.values.minFree!) - 1, `free ${s.host.values.free}`);
  }
  assert.ok(lowSamples > 0 && blockedInLow > lowSamples / 2, `low ${lowSamples}, blocked in ${blockedInLow}`);
});
