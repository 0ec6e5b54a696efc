/** Since when, episodes, browsing back, repeated samples, bounded memory. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnoser } from '../../src/diagnosis/engine';
import { MAX_EPISODES } from '../../src/diagnosis/episodes';
import { resolveScenario } from '../../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../../src/sources/simulation/simulation-source';
import type { Sample } from '../../src/sample/sample';
import { find, group, host, sample } from './build';

const VM = 7;

test('since: a finding keeps the time of the first sample of its run; a break starts a new run', () => {
  const d = new Diagnoser();
  const swapped = (on: boolean) => [group(VM, 'vm1', { SWCUR: on ? 100 : 0 })];
  const runs = [true, true, false, true].map((on, i) => d.push(sample(i, host('high'), swapped(on))));
  assert.equal(find(runs[1], VM, 'hypervisor-swap')?.since, runs[0].time);
  assert.equal(find(runs[1], VM, 'hypervisor-swap')?.sinceFirstSample, true);
  assert.equal(find(runs[3], VM, 'hypervisor-swap')?.since, runs[3].time);
  assert.equal(find(runs[3], VM, 'hypervisor-swap')?.sinceFirstSample, false);
  const episodes = d.group(VM)!.episodes('hypervisor-swap');
  assert.deepEqual(episodes.map((e) => [e.from, e.to, e.samples]), [[runs[0].time, runs[1].time, 2], [runs[3].time, runs[3].time, 1]]);
});

test('a group missing from some samples keeps its run (its own previous sample counts)', () => {
  const d = new Diagnoser();
  const a = d.push(sample(0, host('high'), [group(VM, 'vm1', { SWCUR: 50 })]));
  d.push(sample(1, host('high'), []));
  const c = d.push(sample(2, host('high'), [group(VM, 'vm1', { SWCUR: 50 })]));
  assert.equal(find(c, VM, 'hypervisor-swap')?.since, a.time);
});

test('diagnoseAt gives an earlier sample the same findings and since as push did, on a whole lesson', () => {
  const src = new SimulationSource(resolveScenario('overcommit'), { seed: 2, stepSeconds: 5 });
  const samples: Sample[] = [];
  for (let i = 0; i < 300; i++) samples.push(src.nextSample());
  const d = new Diagnoser();
  const live = samples.map((s) => d.push(s));
  let compared = 0;
  for (let i = 0; i < samples.length; i += 7) {
    const back = d.diagnoseAt(samples[i]);
    assert.deepEqual(back, live[i], `sample ${i}`);
    compared += live[i].groups.length;
  }
  assert.ok(compared > 50, `compared ${compared} group diagnoses`);
});

test('the last sample again (a live source repeating itself) or an earlier one does not change the history; the same time does', () => {
  const d = new Diagnoser();
  const s0 = sample(0, host('soft'), [group(VM, 'vm1', { MCTLSZ: 300 })]);
  d.push(s0);
  const s1 = sample(1, host('soft'), [group(VM, 'vm1', { MCTLSZ: 300 })]);
  d.push(s1);
  const again = d.push(s1);
  d.push(s0);
  assert.equal(d.samples, 2);
  assert.equal(d.group(VM)!.episodes('ballooning')[0].samples, 2);
  assert.equal(find(again, VM, 'ballooning')?.since, s0.time);
  d.push({ ...s1, groups: [group(VM, 'vm1', { MCTLSZ: 300 })] });
  assert.equal(d.samples, 3, 'another sample with the same time (minutes only, from a spreadsheet) counts');
  assert.equal(d.group(VM)!.episodes('ballooning')[0].samples, 3);
});

test('memory is bounded: a finding that flaps thousands of times keeps at most MAX_EPISODES episodes, and no sample is lost', () => {
  const d = new Diagnoser();
  const n = 5000;
  let on = 0;
  let runs = 0;
  let before = false;
  for (let i = 0; i < n; i++) {
    // Irregular flapping: runs of 1 to 3 samples on, 1 to 4 off.
    const swapped = i % 7 < 1 + (i % 3) || i % 11 === 0;
    if (swapped) on++;
    if (swapped && !before) runs++;
    before = swapped;
    d.push(sample(i, host('high'), [group(VM, 'vm1', { SWCUR: swapped ? 10 + (i % 100) : 0 })]));
  }
  const episodes = d.group(VM)!.episodes('hypervisor-swap');
  assert.ok(episodes.length <= MAX_EPISODES, `${episodes.length} episodes`);
  assert.equal(episodes.reduce((a, e) => a + e.samples, 0), on);
  assert.ok(runs > 500, `${runs} runs`);
  assert.equal(episodes.reduce((a, e) => a + e.merged + 1, 0), runs, 'the merged count tells how many runs there were');
  assert.equal(Math.max(...episodes.map((e) => e.peak.weight)), 109, 'the strongest sample survives merging');
  for (let i = 1; i < episodes.length; i++) assert.ok(episodes[i].from > episodes[i - 1].to, 'episodes stay in time order');
});
