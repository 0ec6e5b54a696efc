/**
 * The diagnosis on the memory page, as pure frames at 80x24, 100x30 and
 * 200x60: the line above the status line, the `w` panel, and the REASON
 * column (field group R) with its sorting; the rc file `W` writes keeps
 * esxtop's 17 letters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultFieldLayout, formatFieldLine, parseFieldLine, toggleField, withOwnGroups } from '../../src/config/field-layout';
import { defaultEsxtopRc, formatEsxtopRc, parseEsxtopRc } from '../../src/config/esxtoprc';
import { Diagnoser } from '../../src/diagnosis/engine';
import type { Diagnosis } from '../../src/diagnosis/finding';
import type { Sample } from '../../src/sample/sample';
import { scrollLength, tableRows } from '../../screens/frame';
import { handleKey } from '../../screens/keys/dispatch';
import type { KeyEnv } from '../../screens/keys/binding';
import { KEY_BINDINGS } from '../../screens/screen-list';
import type { FrameInput } from '../../screens/screen';
import type { ViewState } from '../../screens/view-state';
import { group, host, sample } from '../diagnosis/build';
import { frameInput, frameText } from './frame-input';
import { captureSamples } from './samples';

const SIZES = [[80, 24], [100, 30], [200, 60]] as const;

/** The real capture, each sample diagnosed in order as the dashboard does. */
async function diagnosed(): Promise<{ samples: Sample[]; diagnoses: Diagnosis[] }> {
  const samples = await captureSamples('esxi65-ballooning-a.csv');
  const d = new Diagnoser();
  return { samples, diagnoses: samples.map((s) => d.push(s)) };
}

/** The frame input with `name` highlighted. */
function highlighting(s: Sample, diagnosis: Diagnosis, name: string, opts: Parameters<typeof frameInput>[1] = {}): FrameInput {
  const base = frameInput(s, { ...opts, diagnosis });
  const selected = base.rows.findIndex((g) => g.name === name);
  assert.ok(selected >= 0, name);
  return frameInput(s, { ...opts, diagnosis, view: { ...opts.view, selected } });
}

function envOf(input: FrameInput): KeyEnv {
  return { rowCount: input.rows.length, pageRows: tableRows(input), defaultWritePath: '/tmp/rc', scrollLength: scrollLength(input), recording: false, defaultRecordPath: '/tmp/r.jsonl', selectedName: null, width: input.width, selectedIsVm: false, canAct: false, outlineLength: 0, outlineCurrent: -1 };
}

function press(input: FrameInput, ...keys: string[]): ViewState {
  let view = input.view;
  for (const k of keys) {
    const named = ['down', 'up', 'pagedown', 'pageup', 'escape', 'enter', 'left', 'right'].includes(k);
    view = handleKey(KEY_BINDINGS, view, named ? { name: k, full: k } : { ch: k, full: k }, envOf({ ...input, view })).view;
  }
  return view;
}

test("the diagnosis line: the highlighted VM's headline right above the status line, at 80x24, 100x30 and 200x60", async () => {
  const { samples, diagnoses } = await diagnosed();
  for (const [width, height] of SIZES) {
    const input = highlighting(samples[2], diagnoses[2], 'portunus', { width, height });
    const lines = frameText(input);
    assert.equal(lines.length, height);
    assert.match(lines[height - 1], /sample 1 of 3/, 'the status line is last');
    const why = lines[height - 2];
    assert.match(why, /^ why portunus: Balloon at its maximum \(MCTLSZ 1302 MB, MCTLMAX 1300\.15 MB\): mor/, `${width}x${height}`);
    assert.ok(why.length <= width);
    if (why.length === width) assert.ok(why.endsWith('~') || why.endsWith(')'), 'a line cut short ends in ~');
    // The table keeps its rows: the header (7 lines), a blank, the titles, then every row that fits.
    assert.equal(tableRows(input), height - 9 - 2);
    assert.ok(lines.some((l) => /^ 1303673 portunus/.test(l)), 'the highlighted row stays on screen');
  }
});

test('the diagnosis line speaks of the host when the group has no finding, and says when neither has one', async () => {
  const { samples, diagnoses } = await diagnosed();
  const hostd = frameText(highlighting(samples[2], diagnoses[2], 'hostd.66694', { width: 200, height: 60 }));
  assert.match(hostd[58], /^ why host \(hostd\.66694: none\): 5152 MB still ballooned host-wide though the host is in clear state/);
  const calm = sample(0, host('high'), [group(1, 'vm1', {})]);
  const none = frameText(frameInput(calm, { diagnosis: new Diagnoser().push(calm), width: 100, height: 30 }));
  assert.match(none[28], /^ why vm1 and the host: no finding: nothing ballooned, swapped or compressed/);
  // The host graph speaks of the host.
  const graph = frameText(highlighting(samples[2], diagnoses[2], 'portunus', { width: 200, height: 60, view: { screen: 'hostGraph' } }));
  assert.match(graph[58], /^ why host: 5152 MB still ballooned host-wide/);
});

test('the diagnosis line: not on the panels, not without a diagnosis, and the first bottom line to go when the screen is low', async () => {
  const { samples, diagnoses } = await diagnosed();
  for (const screen of ['fields', 'order', 'help', 'why'] as const) {
    const lines = frameText(frameInput(samples[0], { diagnosis: diagnoses[0], width: 100, height: 30, view: { screen } }));
    assert.ok(!lines.some((l) => l.startsWith(' why ')), screen);
  }
  assert.ok(!frameText(frameInput(samples[0], { width: 80, height: 24 })).some((l) => l.startsWith(' why ')), 'no diagnosis, no line');
  // 80x24 with a caption of six lines (a quarter of the screen) and a message of two: 14 rows stay above, the line stays.
  const notes = [{ text: 'word '.repeat(120).trim(), pause: false }];
  const busy = { ...samples[0], notes };
  const message = { text: 'a message long enough to wrap onto a second line at eighty columns, as long messages do on this page', level: 'info' as const };
  const full = frameText(frameInput(busy, { diagnosis: diagnoses[0], width: 80, height: 24, view: { message } }));
  assert.match(full[22], /^ why poseidon: /);
  assert.match(full[20], /^ a message long enough/, 'the message above the diagnosis line');
  assert.match(full[19], /^ .*more lines: C shows it whole/, 'the caption above the message');
  // 80x20 with the same (a caption of five lines): 11 rows would stay above, so the line goes and the table keeps its rows.
  const low = frameText(frameInput(busy, { diagnosis: diagnoses[0], width: 80, height: 20, view: { message } }));
  assert.ok(!low.some((l) => l.startsWith(' why ')));
  assert.match(low[19], /sample 1 of 3/);
  assert.ok(frameText(frameInput(busy, { diagnosis: diagnoses[0], width: 80, height: 20 })).some((l) => l.startsWith(' why ')), 'at 80x20 without the message, 13 rows stay: shown');
  // 40x12, the smallest screen: no room for it either.
  assert.ok(!frameText(frameInput(samples[0], { diagnosis: diagnoses[0], width: 40, height: 12 })).some((l) => l.startsWith(' why ')));
});

test("w: the highlighted group's findings in full, then the host's; it scrolls at 80x24 and every line fits", async () => {
  const { samples, diagnoses } = await diagnosed();
  for (const [width, height] of SIZES) {
    const table = highlighting(samples[2], diagnoses[2], 'portunus', { width, height });
    const view = press(table, 'w');
    assert.equal(view.screen, 'why');
    const input = { ...table, view };
    const lines = frameText(input);
    assert.match(lines[0], /^why: the diagnosis at 04\/24\/2018 10:49:22 UTC/);
    assert.ok(lines.every((l) => l.length <= width), `${width}x${height}: a line too long`);
    assert.equal(lines[2], 'portunus (VM, GID 1303673)');
    assert.equal(lines[3], '  1. at MCTLMAX  (balloon-max)');
    assert.match(lines[4], /^ {5}Since 10:49:12 \(10s\), already at the first sample: it may have begun/);
    const text = lines.join('\n');
    assert.match(text, /Balloon at its maximum \(MCTLSZ 1302 MB, MCTLMAX 1300\.15 MB\)/);
    // Everything the panel has, read by scrolling to its end.
    const all: string[] = [];
    let v = view;
    for (let i = 0; i < 200; i++) {
      const page = frameText({ ...input, view: v });
      all.push(...page.slice(0, -2));
      const next = press({ ...input, view: v }, 'pagedown');
      if (next.whyTop === v.whyTop) break;
      v = next;
    }
    const whole = all.join('\n').replace(/\n +/g, ' ');
    for (const part of ['Why: MCTLMAX is the most the balloon may take', 'Evidence: MCTLSZ 1302 MB, MCTLMAX 1300.15 MB', '2. residual  (residual-balloon)', 'the host localhost.home', 'ballooned host-wide', 'Causes: residual-balloon']) {
      assert.ok(whole.includes(part), `${width}x${height}: "${part}" in the panel`);
    }
    assert.equal(press({ ...input, view: v }, 'x').screen, 'table', 'any other key goes back');
  }
});

test('w over a group without findings and the host graph; w on a panel does nothing of its own', async () => {
  const { samples, diagnoses } = await diagnosed();
  const hostd = highlighting(samples[2], diagnoses[2], 'hostd.66694', { width: 100, height: 30 });
  const text = frameText({ ...hostd, view: press(hostd, 'w') }).join('\n');
  assert.match(text, /hostd\.66694 \(user world, GID 5481\)\n {2}No finding: nothing ballooned, swapped or compressed/);
  assert.match(text, /the host localhost\.home\n {2}1\. residual {2}\(residual-balloon\)/);
  const graph = highlighting(samples[2], diagnoses[2], 'portunus', { width: 100, height: 30, view: { screen: 'hostGraph' } });
  const fromGraph = { ...graph, view: press(graph, 'w') };
  assert.ok(!frameText(fromGraph).some((l) => l.startsWith('portunus')), 'over the host graph, the host alone');
  assert.equal(press(fromGraph, 'escape').screen, 'hostGraph', 'back where it was opened');
});

test('REASON (field group R): the short reason per row, blank without a finding, - without a diagnosis', async () => {
  const { samples, diagnoses } = await diagnosed();
  const layout = withOwnGroups(defaultFieldLayout(), ['R']);
  const lines = frameText(frameInput(samples[2], { diagnosis: diagnoses[2], width: 200, height: 60, view: { layout } }));
  const title = lines[8];
  assert.match(title, /OVHDMAX REASON\s*$/);
  assert.ok(title.indexOf('REASON') > title.indexOf('OVHDMAX'));
  assert.match(lines.find((l) => l.includes(' portunus '))!, / at MCTLMAX\s*$/);
  assert.match(lines.find((l) => l.includes(' styx '))!, / swapped\s*$/);
  assert.match(lines.find((l) => l.includes(' poseidon '))!, / residual\s*$/);
  assert.match(lines.find((l) => l.includes(' hostd.66694 '))!, / 0\.00\s*$/, 'no finding: blank');
  const none = frameText(frameInput(samples[2], { diagnosis: null, width: 200, height: 60, view: { layout } }));
  assert.match(none.find((l) => l.includes(' portunus '))!, / -\s*$/, 'no diagnosis: missing');
});

test('REASON sorts the most telling first (< and >), and f r at 80x24 scrolls it into view', async () => {
  const { samples, diagnoses } = await diagnosed();
  const layout = withOwnGroups(defaultFieldLayout(), ['R']);
  let input = frameInput(samples[2], { diagnosis: diagnoses[2], width: 200, height: 60, view: { layout, sort: { column: 'OVHDMAX', descending: true } } });
  const view = press(input, '>');
  assert.deepEqual(view.sort, { column: 'REASON', descending: true });
  input = frameInput(samples[2], { diagnosis: diagnoses[2], width: 200, height: 60, view });
  // at MCTLMAX (85) before residual (60) before swapped (50), the heavier first; then the groups without a finding, by GID.
  assert.deepEqual(input.rows.slice(0, 6).map((g) => g.name), ['portunus', 'ananke', 'hermes', 'poseidon', 'ouranos', 'styx']);
  assert.ok(input.rows.slice(6).every((g) => diagnoses[2].groups.every((d) => d.gid !== g.gid)));
  assert.match(view.message?.text ?? '', /sorted by REASON, largest first/);

  const small = frameInput(samples[2], { diagnosis: diagnoses[2], width: 80, height: 24 });
  const back = press({ ...small, view: press(small, 'f', 'r') }, 'enter');
  assert.ok(back.layout.visible.has('R'));
  const lines = frameText(frameInput(samples[2], { diagnosis: diagnoses[2], width: 80, height: 24, view: back }));
  assert.match(lines[8], /REASON/, 'scrolled into view');
  assert.match(lines.find((l) => l.includes(' portunus '))!, /at MCTLMAX/);
  assert.match(back.message?.text ?? '', /^REASON shown; columns hidden: ◂\d+ on the left/);
});

test('W with REASON shown writes an rc of esxtop\'s 17 letters that esxtop and balloontop read back; R is never in it', () => {
  const layout = withOwnGroups(toggleField(defaultFieldLayout(), 'J'), ['R']);
  assert.ok(layout.visible.has('R'));
  const text = formatEsxtopRc({ ...defaultEsxtopRc(layout), delaySeconds: 5 });
  const memory = text.split('\n')[1];
  assert.equal(memory, 'aBcDefgHiJKLmnOpq');
  assert.equal(memory.length, 17);
  const back = parseEsxtopRc(text, 'rc');
  assert.equal(formatFieldLine(back.fields), 'aBcDefgHiJKLmnOpq');
  assert.ok(!back.fields.visible.has('R'), 'R is hidden after reading back (balloontop.conf shows it)');
  assert.equal(back.fields.order[back.fields.order.length - 1], 'R');
  const moved = parseFieldLine('aBcDefgHiJKLmnOpq');
  assert.ok(!('problem' in moved));
  const r = parseFieldLine('aBcDefgHiJKLmnOpqR');
  assert.ok('problem' in r && /unknown memory field "R" \(fields are A to Q\)/.test(r.problem), 'R in an rc line is not an esxtop field');
});
