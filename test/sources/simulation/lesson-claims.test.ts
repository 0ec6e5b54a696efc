/**
 * Every shipped lesson says only what the screen shows: its captions' claims
 * hold on 20 seeds, every column a caption names is on screen at 80 columns,
 * and every caption reads whole at 80x24. The checker itself is tested on
 * lessons that lie.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenarioText, shippedScenarioNames, resolveScenario } from '../../../src/sources/simulation/scenario/catalog';
import { checkLesson, columnsNamed, columnsOnScreen } from '../../../src/sources/simulation/scenario/lesson-check';
import { parseClaim, claimFailure } from '../../../src/sources/simulation/scenario/claims';
import { parseFieldLine } from '../../../src/config/field-layout';
import { columnWindow } from '../../../screens/parts/column-window';
import { visibleColumns } from '../../../screens/parts/table';
import { PROJECT_ROOT } from '../../support/paths';
import { runCli } from '../../support/run-cli';
import { run } from './sim-helpers';

const SEEDS = Array.from({ length: 20 }, (_v, i) => i + 1);

for (const name of shippedScenarioNames()) {
  test(`${name}: every caption's claims hold on 20 seeds, and what it names is on screen at 80x24`, () => {
    const sc = resolveScenario(name);
    const r = checkLesson(sc, { seeds: SEEDS, stepSeconds: 5 });
    assert.deepEqual(r.failures, []);
    assert.ok(r.claims >= r.captions, `${name}: ${r.claims} claims for ${r.captions} captions`);
    const captions = sc.timeline.filter((e) => e.action === 'narrate');
    for (const c of captions) assert.ok(c.action === 'narrate' && c.claims.length > 0, `${name}:${c.line}: a caption without claims`);
  });
}

const LESSON = {
  description: 'a lesson that lies',
  host: { memoryMB: 12288 },
  view: { fields: 'DJK', vmsOnly: true },
  vms: [{ name: 'web01', memoryMB: 4096 }],
  timeline: [
    { at: 0, action: 'narrate', text: 'The host is soft.', expect: ['host soft'] },
    { at: '0:30', action: 'narrate', text: 'web01 balloons (MCTLSZ).', expect: ['web01 MCTLSZ > 100'], for: '10s' },
    { at: '1:00', action: 'narrate', text: 'Look at GRANT.', expect: ['web01 GRANT > 0'] },
    { when: { hostFallsTo: 'hard' }, action: 'narrate', text: 'Hard now.', expect: ['host hard'] },
  ],
  durationS: 120,
};

test('the checker names the file, the caption, the claim, the seed and the time of every claim that does not hold', () => {
  const sc = parseScenarioText(JSON.stringify(LESSON, null, 2), 'lies.json');
  const r = checkLesson(sc, { seeds: [1, 2], stepSeconds: 5 });
  assert.deepEqual(r.failures.filter((l) => l.includes('seed 1')), [
    'lies.json:17: caption "The host is soft." (seed 1, 0:00 = 09:00:00): claim "host soft" does not hold: the host is high',
    'lies.json:25: caption "web01 balloons (MCTLSZ)." (seed 1, 0:30 = 09:00:30): claim "web01 MCTLSZ > 100" does not hold: web01 MCTLSZ is 0',
    'lies.json:25: caption "web01 balloons (MCTLSZ)." (seed 1, 0:35 = 09:00:35): claim "web01 MCTLSZ > 100" does not hold: web01 MCTLSZ is 0',
    'lies.json:25: caption "web01 balloons (MCTLSZ)." (seed 1, 0:40 = 09:00:40): claim "web01 MCTLSZ > 100" does not hold: web01 MCTLSZ is 0',
    'lies.json:42: caption "Hard now." (seed 1): never shows before the lesson ends (2:00): it waits until the host falls to hard or worse, after 0:00',
  ]);
  assert.ok(r.failures.includes('lies.json:34: caption "Look at GRANT.": names GRANT, not on screen at 80 columns with the fields DJK: give the lesson or the caption a "view"'), r.failures.join('\n'));
  assert.equal(r.claims, 4);
});

test('sim --check: one line per failure, a summary, exit 1; a lesson whose claims hold: exit 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bt-check-'));
  const file = join(dir, 'lies.json');
  writeFileSync(file, JSON.stringify(LESSON, null, 2));
  const bad = await runCli(['sim', '--scenario', file, '--check']);
  assert.equal(bad.code, 1, bad.stderr);
  const lines = bad.stdout.trim().split('\n');
  assert.match(lines[0], new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:17: caption "The host is soft." \\(seed 1, 0:00 = 09:00:00\\): claim "host soft" does not hold: the host is high$`));
  assert.match(lines[lines.length - 1], /lies\.json: 4 captions, 4 claims, seeds 1 to 20 at 5 s steps: \d+ problems$/);
  const good = await runCli(['sim', '--scenario', 'limit', '--check', '--seed', '30']);
  assert.equal(good.code, 0, good.stdout);
  assert.equal(good.stdout, 'scenarios/limit.json: 6 captions, 17 claims, seeds 30 to 49 at 5 s steps: every claim holds\n');
});

test('claims: the vocabulary, what each says when it fails, and its errors', () => {
  const vms = new Set(['web01', 'big01']);
  const [s] = run('balloon-max', 1);
  const failure = (text: string) => {
    const c = parseClaim(text, vms);
    assert.ok(!('problem' in c), `${text}: ${'problem' in c ? c.problem : ''}`);
    return claimFailure(c, s);
  };
  assert.equal(failure('host high'), null);
  assert.equal(failure('host soft|hard'), 'the host is high');
  assert.equal(failure('host free > 400% minFree'), null);
  assert.match(failure('host free < 100% minFree') ?? '', /^host free is \d+ \(\d+\.?\d* = minFree\)$/);
  assert.equal(failure('big01 MCTLMAX = 2662.4'), null);
  assert.equal(failure('big01,web01 MCTLSZ = 0'), null);
  assert.equal(failure('big01 MCTLSZ >= 99% MCTLMAX'), 'big01 MCTLSZ is 0 (99% MCTLMAX = 2635.78)');
  assert.equal(failure('web01 on'), null);
  assert.equal(failure('web01 off'), 'web01 is on the host');
  const problem = (text: string) => (parseClaim(text, vms) as { problem: string }).problem;
  assert.match(problem('host foggy'), /"foggy" is not a host state/);
  assert.match(problem('db01 MCTLSZ > 1'), /no VM named "db01"/);
  assert.match(problem('web01 BALLOON > 1'), /"BALLOON" is not a column/);
  assert.match(problem('web01 MCTLSZ >> 1'), /expected an operator/);
  assert.match(problem('web01 MCTLSZ > lots'), /expected a number, a counter, or a share/);
});

test('what a caption names and what is on screen at 80 columns', () => {
  assert.deepEqual(columnsNamed('MCTL? N, MCTLSZ grows (SWR/s, and SWAP curr); MCTLTGT.').map((c) => c.id), ['MCTL?', 'MCTLSZ', 'MCTLTGT', 'SWR/s']);
  const dk = columnsOnScreen('DJK', 80);
  assert.ok(dk.has('NAME') && dk.has('MCTLMAX') && dk.has('SWR/s'));
  assert.ok(!dk.has('SWW/s'), 'SWW/s would end at column 85');
  assert.ok(!columnsOnScreen('aBcDefgHijKLmnOpq', 80).has('MCTLSZ'));
});

test('scenario errors for views, events and claims name the line and the path', () => {
  const bad = (patch: object) => () => parseScenarioText(JSON.stringify({ ...LESSON, ...patch }, null, 2), 'x.json');
  assert.throws(bad({ view: { fields: 'DJZ' } }), /^UserError: x\.json:\d+: view\.fields: unknown memory field "Z"/);
  assert.throws(bad({ view: { sort: 'BALLOON' } }), /view\.sort: no column named "BALLOON"/);
  assert.throws(bad({ view: { select: 'db01' } }), /view\.select: no VM named "db01" \(have: web01, hungry01\)/);
  assert.throws(bad({ timeline: [{ when: { host: 'foggy' }, action: 'narrate', text: 't' }] }), /timeline\[0\]\.when\.host: expected one of "high", "clear", "soft", "hard", "low", got "foggy"/);
  assert.throws(bad({ timeline: [{ when: { vm: 'web01' }, action: 'narrate', text: 't' }] }), /timeline\[0\]\.when: give exactly one of "starts", "stops", "reaches" or "oomKill"/);
  assert.throws(bad({ timeline: [{ when: { vm: 'web01', starts: 'dancing' }, action: 'narrate', text: 't' }] }), /when\.starts: expected one of "ballooning", "swapping", "compressing", "swapping in"/);
  assert.throws(bad({ timeline: [{ at: 0, action: 'narrate', text: 't', expect: ['web01 MCTLSZ >> 1'] }] }), /^UserError: x\.json:\d+: timeline\[0\]\.expect\[0\]: expected an operator/);
  assert.throws(bad({ timeline: [{ at: 0, action: 'narrate', text: 't', for: '10s' }] }), /timeline\[0\]\.for: a window for claims, but the caption has no "expect"/);
  assert.throws(bad({ timeline: [{ at: 0, action: 'narrate', text: 't', optional: true }] }), /optional: only a caption tied to an event/);
  assert.throws(bad({ timeline: [{ action: 'narrate', text: 't' }] }), /timeline\[0\]: missing "at"/);
  assert.throws(bad({ instructor: { hungryVm: { name: 'web01', memoryMB: 1024 } } }), /instructor\.hungryVm\.name: "web01" is already a VM in vms/);
});

test("the README's example lesson is valid and every claim it makes holds", () => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('#### Writing a lesson (for instructors)'));
  const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  assert.ok(json, 'the example');
  const r = checkLesson(parseScenarioText(json, 'README.md'), { seeds: SEEDS, stepSeconds: 5 });
  assert.deepEqual(r.failures, []);
  assert.ok(r.claims >= 8);
});

test("the checker's columns on screen are the memory page's, at 80 and 100 columns, for every lesson view and more", () => {
  const lines = new Set(['DJK', 'DJF', 'aBcDefgHijKLmnOpq', 'aBcDefgHiJKLmnOpq', 'JDK', 'BDJ', 'DKJ', 'DH', 'DQ', 'BDJKQ', 'D']);
  for (const name of shippedScenarioNames()) {
    for (const e of resolveScenario(name).timeline) if (e.action === 'narrate' && e.view?.fields) lines.add(e.view.fields);
    const view = resolveScenario(name).view;
    if (view?.fields) lines.add(view.fields);
  }
  for (const fields of lines) {
    for (const width of [80, 100]) {
      const layout = parseFieldLine(fields);
      assert.ok(!('problem' in layout));
      const w = columnWindow(visibleColumns(layout), 0, width);
      const onPage = new Set([...w.pinned, ...w.shown].map((c) => c.id));
      assert.deepEqual([...columnsOnScreen(fields, width)].sort(), [...onPage].sort(), `${fields} at ${width}`);
    }
  }
});
