/** The simulation as a SampleSource: not real-time, answers at once, narration on the sample where it starts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveScenario } from '../../../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../../../src/sources/simulation/simulation-source';
import { COUNTER_COLUMNS } from '../../../src/fields/registry';

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

test('captions come on the sample where their event starts, whatever the step', () => {
  const sc = resolveScenario('overcommit');
  const captions = sc.timeline.filter((e) => e.action === 'narrate');
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
