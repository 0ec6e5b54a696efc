/** The simulation as a SampleSource: not real-time, answers at once, narration on the sample where it starts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveScenario } from '../../../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../../../src/sources/simulation/simulation-source';
import { COUNTER_COLUMNS } from '../../../src/fields/registry';
import { MEM_STATES, type MemState } from '../../../src/sample/mem-state';

// A simulation answers at once: 500 samples 5 s apart would take 40 minutes in real time.
test('info, next(), warnings() and close() follow the SampleSource contract', { timeout: 60_000 }, async () => {
  const src = new SimulationSource(resolveScenario('overcommit'), { seed: 3, stepSeconds: 5 });
  assert.deepEqual(src.info, { kind: 'simulation', label: 'overcommit (simulated, seed 3)', realtime: false });
  for (let i = 0; i < 500; i++) assert.ok(await src.next());
  assert.deepEqual(src.warnings(), []);
  await src.close();
  assert.equal(await src.next(), null);
  await src.close();
});

test('timed captions come on the sample where their time starts, whatever the step', () => {
  const sc = resolveScenario('overcommit');
  const captions = sc.timeline.filter((e) => e.action === 'narrate' && e.when === null);
  for (const step of [5, 20, 7]) {
    const src = new SimulationSource(sc, { seed: 1, stepSeconds: step });
    const seen: { t: number; text: string; pause: boolean }[] = [];
    for (let i = 0; i < Math.ceil(1500 / step); i++) {
      const s = src.nextSample();
      for (const n of s.notes ?? []) seen.push({ t: (s.time - sc.start) / 1000, text: n.text, pause: n.pause });
    }
    for (const c of captions) {
      if (c.action !== 'narrate') continue;
      const hit = seen.find((x) => x.text === c.text);
      assert.ok(hit, `caption at ${c.at}s missing with step ${step}`);
      assert.equal(hit.t, Math.ceil(c.at / step) * step, `caption at ${c.at}s shown at ${hit.t}s with step ${step}`);
      assert.equal(hit.pause, c.pause);
    }
  }
});

test('VMs carry every registry counter column; user worlds are there too; powered-off VMs are not', () => {
  const src = new SimulationSource(resolveScenario('overcommit'), { seed: 1, stepSeconds: 5 });
  const s = src.nextSample();
  const vms = s.groups.filter((g) => g.kind === 'vm');
  assert.deepEqual(vms.map((g) => g.name), ['app01', 'app02', 'sql01', 'web01']);
  assert.ok(s.groups.some((g) => g.kind === 'userworld' && g.name === 'hostd.66694'));
  for (const g of s.groups) assert.deepEqual(Object.keys(g.values), COUNTER_COLUMNS.map((c) => c.id));
  const app = vms[0].values;
  assert.equal(app.MEMSZ, 6144);
  assert.equal(app.AMAX, -1);
  assert.equal(app['MCTL?'], 1);
  assert.equal(app.MCTLMAX, 3993.6);
  assert.equal(app.NHN, null, 'NUMA is not modelled');
  assert.equal(app.CMTTGT, null, 'commit is not modelled');
  assert.equal(s.host.hostname, 'esx01.lab');
  assert.equal(s.host.values.minFree, 653);
  assert.equal(s.host.values.managed, 16302);
});

test('a caption tied to an event comes on the first sample (after its time) where the samples show the event', () => {
  const sc = resolveScenario('overcommit');
  const soft = sc.timeline.find((e) => e.action === 'narrate' && e.when?.kind === 'hostFalls' && e.when.state === 'soft');
  assert.ok(soft && soft.action === 'narrate');
  for (const seed of [1, 2, 3]) {
    const src = new SimulationSource(sc, { seed, stepSeconds: 5 });
    let previous: MemState = 'high';
    let shownAt: number | null = null;
    let firstFall: number | null = null;
    for (let i = 0; i < 300; i++) {
      const s = src.nextSample();
      const state = s.host.state as MemState;
      if (firstFall === null && MEM_STATES.indexOf(state) >= MEM_STATES.indexOf('soft') && MEM_STATES.indexOf(previous) < MEM_STATES.indexOf('soft')) firstFall = s.time;
      if ((s.notes ?? []).some((n) => n.text === soft.text)) shownAt = s.time;
      previous = state;
    }
    assert.ok(firstFall !== null && shownAt === firstFall, `seed ${seed}: shown at ${shownAt}, the host fell to soft at ${firstFall}`);
  }
});

test('the lesson\'s view rides on its first caption; the end of the lesson is a caption that pauses', () => {
  const sc = resolveScenario('no-tools');
  const src = new SimulationSource(sc, { seed: 1, stepSeconds: 5 });
  const first = src.nextSample();
  assert.deepEqual(first.notes?.[0].view, { fields: 'DJK', vmsOnly: true, sort: 'NAME', select: 'legacy01' });
  let end: { time: number; pause: boolean } | null = null;
  for (let i = 1; i * 5 <= sc.durationS + 10; i++) {
    const s = src.nextSample();
    const n = s.notes?.find((x) => x.end);
    if (n) end = { time: (s.time - sc.start) / 1000, pause: n.pause };
  }
  assert.deepEqual(end, { time: sc.durationS, pause: true });
});

test('the simulated host announces every VM of the scenario, so a CSV header has room for one powered on later', () => {
  const src = new SimulationSource(resolveScenario('overcommit'), { seed: 1, stepSeconds: 5 });
  assert.deepEqual(src.plannedGroups().map((g) => g.name), ['app01', 'app02', 'sql01', 'web01', 'batch01']);
});

test('an instructor action shows as a caption on the next sample and changes the VM from there', () => {
  const src = new SimulationSource(resolveScenario('overcommit'), { seed: 1, stepSeconds: 5 });
  for (let i = 0; i < 10; i++) src.nextSample();
  const r = src.act({ kind: 'setLimit', vm: 'web01', limitMB: 2048 }, null);
  assert.deepEqual(r, { ok: true, message: 'limit of 2048 MB set on web01 (configured 4096 MB)', redoAfter: null });
  const s = src.nextSample();
  assert.deepEqual(s.notes?.map((n) => n.text), ['limit of 2048 MB set on web01 (configured 4096 MB)']);
  assert.equal(s.groups.find((g) => g.name === 'web01')?.values.AMAX, 2048);
  const refused = src.act({ kind: 'setLimit', vm: 'batch01', limitMB: 1024 }, null);
  assert.deepEqual(refused, { ok: false, message: 'batch01 is powered off', redoAfter: null });
  assert.equal(src.nextSample().notes, undefined, 'a refused action leaves no caption');
  const on = src.act({ kind: 'powerHungryVm', on: true }, null);
  assert.match(on.message, /^hungry01 powered on \(6144 MB, a working set of 5530 MB\)$/);
  assert.ok(src.nextSample().groups.some((g) => g.name === 'hungry01'));
});

test('an action on a sample the simulation has passed goes back to it: the samples after it are made again, with the action', () => {
  const sc = resolveScenario('no-tools');
  const acting = new SimulationSource(sc, { seed: 4, stepSeconds: 5, rewindable: true });
  const reference = new SimulationSource(sc, { seed: 4, stepSeconds: 5 });
  const seen = Array.from({ length: 40 }, () => acting.nextSample());
  for (let i = 0; i < 37; i++) reference.nextSample();
  // The class has seen up to sample 36; 37 to 39 were read ahead.
  const r = acting.act({ kind: 'stopTools', vm: 'web01' }, seen[36].time);
  assert.equal(r.redoAfter, seen[36].time);
  reference.act({ kind: 'stopTools', vm: 'web01' }, null);
  // A second action after the same sample keeps the first.
  acting.act({ kind: 'setReservation', vm: 'app01', reservationMB: 1024 }, seen[36].time);
  reference.act({ kind: 'setReservation', vm: 'app01', reservationMB: 1024 }, null);
  for (let i = 0; i < 30; i++) assert.deepEqual(acting.nextSample(), reference.nextSample(), `sample ${37 + i}`);
});
