/** The words of every finding met in the lessons and the real captures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FINDING_CODES } from '../../src/diagnosis/codes';
import { describe as words } from '../../src/diagnosis/describe';
import { Diagnoser } from '../../src/diagnosis/engine';
import type { Finding } from '../../src/diagnosis/finding';
import { listScenarios, resolveScenario } from '../../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../../src/sources/simulation/simulation-source';
import { captureSamples } from '../screens/samples';
import { group, guestSample, guestSection, host, oomKill, sample, diagnoseAll, T0 } from './build';

async function everyFinding(): Promise<Finding[]> {
  const all: Finding[] = [];
  const take = (d: ReturnType<Diagnoser['push']>) => {
    all.push(...d.host, ...d.guest);
    for (const g of d.groups) all.push(...g.findings);
  };
  for (const { name } of listScenarios()) {
    const sc = resolveScenario(name);
    const src = new SimulationSource(sc, { seed: 1, stepSeconds: 5 });
    const d = new Diagnoser();
    for (let t = 0; t <= sc.durationS; t += 5) take(d.push(src.nextSample()));
  }
  for (const name of ['esxi65-ballooning-a.csv', 'esxi65-ballooning-b.csv']) {
    const d = new Diagnoser();
    for (const s of await captureSamples(name)) take(d.push(s));
  }
  // What neither shows: a balloon appearing with no visible cause.
  for (const d of diagnoseAll([sample(0, host('high'), [group(1, 'vm1', {})]), sample(1, host('high'), [group(1, 'vm1', { MCTLSZ: 300, MCTLTGT: 600 })])])) take(d);
  // A guest's own view: a limit (latent, then reclaiming), a balloon near its cap, OOM kills while ballooned and before the data.
  take(new Diagnoser().push(guestSample(0, guestSection({ limitMB: 4096 }))));
  for (const d of diagnoseAll([
    guestSample(0, guestSection({ balloonMB: 2048, targetMB: 3072, limitMB: 4096 }, { balloonState: 'inflating' })),
    guestSample(1, guestSection({ balloonMB: 4800, targetMB: 4800 }, { oomKills: [oomKill(T0 + 1000)] })),
  ])) take(d);
  take(new Diagnoser().push(guestSample(0, guestSection({ balloonMB: 3000, targetMB: 4800 }, { balloonState: 'inflating', oomKills: [oomKill(T0 - 60_000)] }))));
  return all;
}

test('every code has words: a short label of at most 12 characters, one line, an explanation; no undefined, NaN or null in them', async () => {
  const all = await everyFinding();
  const seen = new Set(all.map((f) => f.code));
  assert.deepEqual(FINDING_CODES.filter((c) => !seen.has(c)), [], 'every code is met');
  const variants = new Set<string>();
  for (const f of all) {
    const key = `${f.code}/${f.variant}/${f.gid === null ? 'host' : 'group'}`;
    if (variants.has(key)) continue;
    variants.add(key);
    const w = words(f);
    assert.ok(w.short.length > 0 && w.short.length <= 12, `${key}: short "${w.short}"`);
    assert.ok(w.text.length > 15 && !/[\n\r]/.test(w.text), `${key}: text "${w.text}"`);
    assert.ok(w.explanation.length > 0, key);
    for (const s of [w.short, w.text, ...w.explanation]) assert.doesNotMatch(s, /undefined|NaN|null|\[object/, `${key}: "${s}"`);
  }
  assert.ok(variants.size > 25, `${variants.size} code variants worded`);
});

test('the numbers in a finding\'s words are its evidence', async () => {
  for (const f of await everyFinding()) {
    const w = words(f);
    for (const m of w.text.matchAll(/(\d+(?:\.\d+)?) MB(?!\/s)/g)) {
      const n = Number(m[1]);
      const fromEvidence = f.evidence.some((e) => typeof e.value === 'number' && (Math.abs(e.value - n) < 0.006 || Math.abs(Math.round(e.value * 100) / 100 - n) < 0.006))
        || f.evidence.some((a) => f.evidence.some((b) => typeof a.value === 'number' && typeof b.value === 'number' && Math.abs(a.value - b.value - n) < 0.011));
      assert.ok(fromEvidence, `${f.code}: ${n} MB in "${w.text}" is not in ${JSON.stringify(f.evidence)}`);
    }
  }
});

test('words use the given time format', () => {
  const [, d] = diagnoseAll([sample(0, host('soft'), [group(1, 'vm1', { MCTLSZ: 100 })]), sample(1, host('clear'), [group(1, 'vm1', { MCTLSZ: 100, MCTLTGT: 100 })])]);
  const r = d.groups[0].findings.find((f) => f.code === 'residual-balloon')!;
  assert.match(words(r).text, /ended after 09:00:00/);
  assert.match(words(r, { time: (ms) => new Date(ms).toISOString() }).text, /ended after 2026-01-12T09:00:00\.000Z/);
});
