import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultFieldLayout } from '../../../src/config/field-layout';
import type { KeyEnv, KeyPress } from '../../../screens/keys/binding';
import { handleKey } from '../../../screens/keys/dispatch';
import { KEY_BINDINGS } from '../../../screens/screen-list';
import { initialView, type ViewState } from '../../../screens/view-state';
import { layoutGraph, MIN_CHART_HEIGHT } from '../../../screens/graph/graph-layout';
import { timeLabel, timeLabels } from '../../../screens/graph/time-labels';
import { collapseColourRuns } from '../../../screens/blessed/vendored/line-chart';

const ctx: KeyEnv = { rowCount: 6, pageRows: 14, defaultWritePath: '/tmp/rc', scrollLength: 0, recording: false, defaultRecordPath: '/tmp/r.jsonl', selectedName: 'portunus', width: 200, selectedIsVm: true, canAct: false, outlineLength: 0, outlineCurrent: -1 };

const key = (ch: string): KeyPress => ({ ch, name: /[a-z]/i.test(ch) ? ch.toLowerCase() : undefined, full: ch });
const named = (name: string): KeyPress => ({ name, full: name });

function press(view: ViewState, ...ks: KeyPress[]) {
  const effects = [];
  for (const k of ks) {
    const r = handleKey(KEY_BINDINGS, view, k, ctx);
    view = r.view;
    effects.push(...r.effects);
  }
  return { view, effects };
}

const start = () => initialView(defaultFieldLayout(), 5);

test('graph keys: g toggles the host graph, G and Enter the highlighted group, Esc returns to the table', () => {
  let r = press(start(), key('g'));
  assert.equal(r.view.screen, 'hostGraph');
  assert.match(r.view.message!.text, /host graph/);
  assert.equal(press(r.view, key('g')).view.screen, 'table');
  assert.equal(press(r.view, named('escape')).view.screen, 'table');
  r = press(r.view, key('G'));
  assert.equal(r.view.screen, 'groupGraph');
  assert.match(r.view.message!.text, /graph of portunus/);
  assert.equal(press(r.view, key('G')).view.screen, 'table');
  assert.equal(press(r.view, key('g')).view.screen, 'table');
  assert.equal(press(start(), named('enter')).view.screen, 'groupGraph');
  const none = handleKey(KEY_BINDINGS, start(), key('G'), { ...ctx, rowCount: 0, selectedName: null });
  assert.equal(none.view.screen, 'table');
  assert.equal(none.view.message?.level, 'error');
});

test('graph keys: z zooms the host graph\'s free-memory chart, and only there', () => {
  const g = press(start(), key('g'), key('z')).view;
  assert.equal(g.graphZoom, true);
  assert.match(g.message!.text, /zoomed to the state boundaries/);
  assert.equal(press(g, key('z')).view.graphZoom, false);
  const table = press(start(), key('z')).view;
  assert.equal(table.graphZoom, false);
  assert.match(table.message!.text, /'z' does nothing here/);
});

test('graph keys: the memory page keys keep working in the graph (timeline effects, selection, quit)', () => {
  const g = press(start(), key('g')).view;
  assert.deepEqual(press(g, key('p'), key('t'), key('T'), named('home'), named('end')).effects.map((e) => e.kind), ['pause', 'step', 'step', 'first', 'last']);
  assert.equal(press(g, named('down'), named('down')).view.selected, 2);
  assert.equal(press(g, named('down')).view.screen, 'hostGraph');
  assert.deepEqual(press(g, key('q')).effects, [{ kind: 'quit' }]);
  const j = press(g, key('J'), key('+'), key('5'), key('m'), named('enter'));
  assert.deepEqual(j.effects, [{ kind: 'jump', text: '+5m' }]);
  assert.equal(j.view.screen, 'hostGraph', 'Enter in a prompt submits it, it does not switch graphs');
  // A panel over the graph returns to it.
  const help = press(g, key('h'));
  assert.equal(help.view.screen, 'help');
  assert.equal(press(help.view, key('x')).view.screen, 'hostGraph');
});

test('graph layout: three host charts when there is room; at 80x24 two, sizes and rates never on one axis, Tab turns the last place; a message when too small', () => {
  const three = layoutGraph('host', null, 7, 42, 160);
  assert.ok('charts' in three);
  assert.deepEqual(three.charts.map((c) => c.id), ['free', 'totals', 'rates']);
  assert.equal(three.charts.reduce((n, c) => n + c.height, 0), 42);
  assert.equal(three.charts[0].top, 7);
  assert.ok(three.charts.every((c, i) => i === 0 || c.top === three.charts[i - 1].top + three.charts[i - 1].height));
  assert.ok(three.charts.every((c) => c.height >= MIN_CHART_HEIGHT && c.width === 160 && c.next === undefined));
  // 80x24: 7 header lines, the status line and a message line leave 15 rows.
  for (const turn of [0, 1, 2]) {
    const two = layoutGraph('host', null, 7, 15, 80, turn);
    assert.ok('charts' in two);
    assert.equal(two.charts.length, 2);
    assert.equal(two.charts[0].id, 'free');
    assert.equal(two.charts[1].id, turn % 2 === 0 ? 'totals' : 'rates');
    assert.equal(two.charts[1].next, turn % 2 === 0 ? 'swap rates' : 'reclamation');
    assert.ok(two.charts.every((c) => c.height >= MIN_CHART_HEIGHT));
    assert.equal(two.charts.reduce((n, c) => n + c.height, 0), 15);
    for (const c of two.charts) assert.equal(new Set(c.specs.map((sp) => ['swapReadRate', 'swapWriteRate'].includes(sp.id))).size, 1, `${c.id}: MB and MB/s never share an axis`);
  }
  const one = layoutGraph('group', { gid: 42, name: 'styx' }, 7, 10, 80, 1);
  assert.ok('charts' in one);
  assert.deepEqual(one.charts.map((c) => [c.id, c.next]), [['group-rates', 'sizes']]);
  const small = layoutGraph('host', null, 7, 6, 80);
  assert.ok('tooSmall' in small && /too small for the graph/.test(small.tooSmall));
  assert.ok('tooSmall' in layoutGraph('host', null, 7, 30, 50));
  const group = layoutGraph('group', { gid: 42, name: 'styx' }, 7, 15, 80);
  assert.ok('charts' in group);
  assert.match(group.charts[0].title, /^styx \(GID 42\)/);
  assert.deepEqual(group.charts.map((c) => c.specs.map((sp) => sp.id)), [['MCTLSZ', 'MCTLTGT', 'MCTLMAX', 'SWCUR'], ['SWR/s', 'SWW/s']]);
  assert.ok('tooSmall' in layoutGraph('group', null, 7, 42, 160));
});

test('graph keys: Tab turns the last chart place, in both graphs, and nowhere else', () => {
  const g = press(start(), key('g'), named('tab'), named('tab')).view;
  assert.equal(g.graphChart, 2);
  assert.equal(press(start(), named('tab')).view.graphChart, 0);
});

test('graph time labels: HH:mm:ss in UTC whatever TZ says', () => {
  const t = Date.UTC(2018, 3, 24, 10, 49, 12);
  assert.equal(timeLabel(t), '10:49:12');
  assert.deepEqual(timeLabels([t, t, t + 5000]), ['10:49:12', '10:49:12', '10:49:17']);
});

test('graph canvas: a reset followed by the colour already in force is dropped; every other code stays', () => {
  const c = (n: number) => `\x1b[38;5;${n}m`;
  const R = '\x1b[39m';
  assert.equal(collapseColourRuns(`${c(40)}a${R}${c(40)}b${R}${c(40)}c${R} ${c(214)}d${R}`), `${c(40)}abc${R} ${c(214)}d${R}`);
  assert.equal(collapseColourRuns(`${c(40)}a${R}${c(214)}b${R}`), `${c(40)}a${R}${c(214)}b${R}`);
  assert.equal(collapseColourRuns(`${c(40)}a${R}\n${c(40)}b${R}`), `${c(40)}a${R}\n${c(40)}b${R}`, 'a line break keeps its codes');
  assert.equal(collapseColourRuns('plain ⠂ text'), 'plain ⠂ text');
});
