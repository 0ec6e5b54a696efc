/**
 * The lesson screens, pure: a lesson's view applied to the page, the outline
 * (rows, the highlighted caption whole at 80x24, its keys), the caption keys
 * and the instructor's action keys with their prompts and effects.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultFieldLayout, formatFieldLine, withOwnGroups } from '../../../src/config/field-layout';
import type { SourceAction } from '../../../src/sources/source';
import { resolveScenario } from '../../../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../../../src/sources/simulation/simulation-source';
import type { Effect, KeyEnv, KeyPress } from '../../../screens/keys/binding';
import { handleKey } from '../../../screens/keys/dispatch';
import { applyNoteView } from '../../../screens/lesson/lesson-view';
import { currentRow, outlineEntries } from '../../../screens/lesson/outline';
import { visibleRows, selectedIndex } from '../../../screens/rows';
import { KEY_BINDINGS } from '../../../screens/screen-list';
import { initialView, type ViewState } from '../../../screens/view-state';
import { frameInput, frameText } from '../frame-input';

const env: KeyEnv = {
  rowCount: 4, pageRows: 8, defaultWritePath: '/tmp/rc', scrollLength: 0, recording: false, defaultRecordPath: '/tmp/r.jsonl',
  selectedName: 'web01', selectedIsVm: true, canAct: true, outlineLength: 5, outlineCurrent: 2, width: 80,
};

function key(k: string): KeyPress {
  const named = ['up', 'down', 'escape', 'enter', 'pageup', 'pagedown', 'backspace'];
  return named.includes(k) ? { name: k, full: k } : { ch: k, name: /[a-z]/i.test(k) ? k.toLowerCase() : undefined, full: k };
}

function press(view: ViewState, keys: string[], e: KeyEnv = env): { view: ViewState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const k of keys) {
    const r = handleKey(KEY_BINDINGS, view, key(k), e);
    view = r.view;
    effects.push(...r.effects);
  }
  return { view, effects };
}

const start = () => initialView(defaultFieldLayout(), 5);
const typed = (text: string) => [...text];

test("a lesson's view: its fields, VMs only, its sort, and the VM it names highlighted wherever the sort puts it", () => {
  const src = new SimulationSource(resolveScenario('no-tools'), { seed: 1, stepSeconds: 5 });
  const first = src.nextSample();
  const v = applyNoteView(start(), first.notes![0].view!, first);
  assert.equal(formatFieldLine(v.layout), 'DJKabcefghilmnopq');
  assert.equal(v.vmsOnly, true);
  assert.deepEqual(v.sort, { column: 'NAME', descending: false });
  const rows = visibleRows(first, v);
  assert.deepEqual(rows.map((g) => g.name), ['app01', 'legacy01', 'web01', 'web02']);
  assert.equal(rows[selectedIndex(v, rows)].name, 'legacy01');
  // What a view leaves out stays as the user has it.
  const only = applyNoteView({ ...v, vmsOnly: false }, { fields: 'DJF' }, first);
  assert.equal(only.vmsOnly, false);
  assert.equal(formatFieldLine(only.layout).slice(0, 3), 'DJF');
  // REASON (balloontop's own, never in a field line) stays shown when the user shows it.
  const reason = applyNoteView({ ...v, layout: withOwnGroups(v.layout, ['R']) }, { fields: 'DJF' }, first);
  assert.ok(reason.layout.visible.has('R'));
  assert.equal(formatFieldLine(reason.layout).slice(0, 3), 'DJF');
  // At 80x24 the columns the first caption names are on screen.
  const text = frameText({ ...frameInput(first, { view: v, width: 80, height: 24 }), notes: first.notes! });
  const title = text.find((l) => l.startsWith('NAME'))!;
  for (const col of ['MCTL?', 'MCTLMAX', 'MCTLSZ', 'SWCUR']) assert.ok(title.includes(col), `${col} in ${title}`);
});

test('the outline: history then captions to come; the highlighted one is shown whole; Enter goes to it', () => {
  const rows = outlineEntries({
    history: [
      { absolute: 0, time: 1000, notes: [{ text: 'first', pause: true }] },
      { absolute: 6, time: 31_000, notes: [{ text: 'limit of 2048 MB set on web01', pause: false }, { text: 'second', pause: false }] },
    ],
    upcoming: [{ at: 120, when: 'when the host falls to soft or worse', text: 'third, a long caption '.repeat(12), pause: true }],
    lessonStart: 1000,
    here: 7,
  });
  assert.deepEqual(rows.map((r) => [r.absolute, r.at, r.current]), [[0, 0, false], [6, 30, true], [6, 30, true], [null, 120, false]]);
  assert.equal(currentRow(rows), 1);
  const input = { ...frameInput(null, { view: { screen: 'outline', outlineRow: 3 }, width: 80, height: 24 }), lesson: { outline: rows, endedAt: null, canAct: false, hungryVm: null } };
  const lines = frameText(input).map((l) => l.trimEnd());
  assert.match(lines[0], /^ Captions \(4\): > in force, \* pauses, E end/);
  assert.ok(lines.some((l) => /^>\s+0:30\s+limit of 2048 MB set on web01$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => l.includes('(after 2:00, when the host falls to soft or worse) third')));
  const whole = lines.slice(lines.findIndex((l) => l.startsWith(' To come')) + 1).filter((l) => l.trim() !== '').slice(0, -1);
  assert.equal(whole.join(' ').replace(/\s+/g, ' ').trim(), 'third, a long caption '.repeat(12).trim(), 'the whole text');
  // Keys: C opens at the caption in force, Down moves, Enter goes there and returns to the page.
  let r = press(start(), ['C']);
  assert.equal(r.view.screen, 'outline');
  r = press(r.view, ['down', 'enter']);
  assert.equal(r.view.screen, 'table');
  assert.deepEqual(r.effects, [{ kind: 'toCaption', row: 3 }]);
  assert.equal(press(start(), ['C', 'escape']).view.screen, 'table');
});

test('{ and } ask for the previous and next caption', () => {
  assert.deepEqual(press(start(), ['{', '}']).effects, [{ kind: 'caption', direction: -1 }, { kind: 'caption', direction: 1 }]);
});

test("instructor actions: a opens them; each key names the highlighted VM; prompts ask for MB; every action returns to the page", () => {
  const act = (keys: string[], e: KeyEnv = env) => press(start(), ['a', ...keys], e);
  const actions = (keys: string[]) => act(keys).effects.map((x) => (x as { action: SourceAction }).action);
  assert.deepEqual(actions(['l', ...typed('2048'), 'enter']), [{ kind: 'setLimit', vm: 'web01', limitMB: 2048 }]);
  assert.deepEqual(actions(['u']), [{ kind: 'removeLimit', vm: 'web01' }]);
  assert.deepEqual(actions(['t']), [{ kind: 'stopTools', vm: 'web01' }]);
  assert.deepEqual(actions(['T']), [{ kind: 'startTools', vm: 'web01' }]);
  assert.deepEqual(actions(['x', ...typed('0'), 'enter']), [{ kind: 'setMaxMemctl', vm: 'web01', maxMemctlMB: 0 }]);
  assert.deepEqual(actions(['x', 'enter']), [{ kind: 'setMaxMemctl', vm: 'web01', maxMemctlMB: null }], 'Enter alone: back to the default');
  assert.deepEqual(actions(['r', ...typed('1024'), 'enter']), [{ kind: 'setReservation', vm: 'web01', reservationMB: 1024 }]);
  assert.deepEqual(actions(['p']), [{ kind: 'powerHungryVm', on: true }]);
  assert.deepEqual(actions(['P']), [{ kind: 'powerHungryVm', on: false }]);
  assert.deepEqual(actions(['m', ...typed('24576'), 'enter']), [{ kind: 'setHostMemory', memoryMB: 24576 }]);
  const prompt = act(['l']).view.prompt;
  assert.equal(prompt?.label, 'Memory limit in MB for web01:');
  assert.equal(act(['l']).view.screen, 'table', 'the prompt is over the page');
  assert.equal(act(['u']).view.screen, 'table');
  assert.match(act(['l', ...typed('lots'), 'enter']).view.message?.text ?? '', /limit: "lots" is not a whole number of MB/);
  assert.match(act(['u'], { ...env, selectedIsVm: false }).view.message?.text ?? '', /highlight a VM first/);
  assert.deepEqual(act(['down']).view.selected, 1, 'Up/Down choose another VM');
  const noSim = press(start(), ['a'], { ...env, canAct: false }).view;
  assert.equal(noSim.screen, 'table');
  assert.match(noSim.message?.text ?? '', /actions need the simulated host/);
});

test('the outline at 80 columns: its legend is whole (wrapped, never cut in a word), a caption too long for its row ends in ~, the end to come is marked E', () => {
  const long = 'Free memory fell below minFree: the host is soft. It sets balloon targets (MCTLTGT) and the balloons inflate toward them.';
  const rows = outlineEntries({
    history: Array.from({ length: 12 }, (_, i) => ({ absolute: i, time: 1000 + i * 5000, notes: [{ text: `${i}: ${long}`, pause: i % 2 === 0 }] })),
    upcoming: [{ at: 1500, when: null, text: 'End of the lesson (25:00). The simulated host runs on.', pause: true, end: true }],
    lessonStart: 1000,
    here: 11,
  });
  for (const width of [80, 60, 40]) {
    const input = { ...frameInput(null, { view: { screen: 'outline', outlineRow: 0 }, width, height: 24 }), lesson: { outline: rows, endedAt: null, canAct: false, hungryVm: null } };
    const lines = frameText(input).map((l) => l.trimEnd());
    const legend = lines.slice(0, lines.findIndex((l) => /^[ >]\s+0:\d\d /.test(l))).join(' ').replace(/\s+/g, ' ').trim();
    assert.equal(legend, 'Captions (13): > in force, * pauses, E end, dim: to come Enter: go there Esc: back', `${width} columns:\n${lines.join('\n')}`);
    const row = lines.find((l) => /^>\s+0:55 /.test(l))!;
    assert.ok(row.endsWith('~') && row.length === width, `${width} columns: a cut caption is marked: ${row}`);
    assert.ok(lines.some((l) => /^ +25:00 E End of the lesson/.test(l)), `${width} columns: the end to come is marked E, as once shown`);
  }
});
