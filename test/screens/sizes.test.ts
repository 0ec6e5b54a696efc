/**
 * The memory page at 80x24, 100x30 and 200x60, pure frames: the headline flow
 * (m f j Enter) shows the balloon columns with their values at every size,
 * hidden columns are marked and scroll, the panels and the header lines fit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldGroup, FIELD_GROUPS } from '../../src/fields/registry';
import type { Sample } from '../../src/sample/sample';
import { renderFrame, scrollLength, tableRows } from '../../screens/frame';
import { MIN_CHART_HEIGHT } from '../../screens/graph/graph-layout';
import type { KeyEnv, KeyPress } from '../../screens/keys/binding';
import { handleKey } from '../../screens/keys/dispatch';
import { columnWindow } from '../../screens/parts/column-window';
import { visibleColumns } from '../../screens/parts/table';
import { visibleRows } from '../../screens/rows';
import type { FrameInput } from '../../screens/screen';
import { KEY_BINDINGS } from '../../screens/screen-list';
import { cellOf, frameInput, frameLines as frameLinesOf, frameText } from './frame-input';
import { captureSamples } from './samples';

const SIZES: [number, number][] = [
  [80, 24],
  [100, 30],
  [200, 60],
];

const key = (ch: string): KeyPress => ({ ch, name: /^[a-z]$/i.test(ch) ? ch.toLowerCase() : undefined, full: ch });
const named = (name: string): KeyPress => ({ name, full: name });

/** Types keys into a frame input as the dashboard does: the environment from the frame, the view from the dispatcher. */
function press(input: FrameInput, ...keys: KeyPress[]): FrameInput {
  let cur = input;
  for (const k of keys) {
    const env: KeyEnv = { rowCount: cur.rows.length, pageRows: tableRows(cur), defaultWritePath: '/tmp/rc', scrollLength: scrollLength(cur), recording: false, defaultRecordPath: '/tmp/r.jsonl', selectedName: null, width: cur.width, selectedIsVm: false, canAct: false, outlineLength: 0, outlineCurrent: -1 };
    const view = handleKey(KEY_BINDINGS, cur.view, k, env).view;
    cur = { ...cur, view, rows: visibleRows(cur.sample, view) };
  }
  return cur;
}

const first = async (): Promise<Sample> => (await captureSamples('esxi65-ballooning-a.csv'))[0];

/** The markers of a title line: hidden on the left and on the right (0 when none). */
function markers(title: string): { left: number; right: number } {
  return { left: Number(/◂(\d+)/.exec(title)?.[1] ?? 0), right: Number(/(\d+)▸\s*$/.exec(title)?.[1] ?? 0) };
}

const titleOf = (lines: string[]) => lines.find((l) => /^\s+GID NAME/.test(l))!;

for (const [width, height] of SIZES) {
  test(`${width}x${height}: m f j Enter shows MCTLSZ with its values, no other key; GID and NAME stay; markers count what is hidden`, async () => {
    const input = press(frameInput(await first(), { width, height }), key('m'), key('f'), key('j'), named('enter'));
    assert.equal(input.view.screen, 'table');
    const lines = frameText(input);
    assert.equal(lines.length, height);
    for (const l of lines) assert.ok(l.length <= width, `fits ${width}: ${l}`);
    const title = titleOf(lines);
    assert.match(title, /^ +GID NAME +/, 'GID and NAME first');
    for (const id of ['MCTL?', 'MCTLSZ', 'MCTLTGT', 'MCTLMAX']) assert.ok(title.includes(` ${id}`), `${id} in view at ${width}`);
    assert.equal(cellOf(lines, 'portunus', 'MCTLSZ'), '1302.00!');
    assert.equal(cellOf(lines, 'poseidon', 'MCTLSZ'), '1230.57');
    assert.equal(cellOf(lines, 'styx', 'MCTLMAX'), '619.16');
    assert.equal(cellOf(lines, 'portunus', 'MCTL?'), 'Y');
    // Every shown column is either on screen or counted by a marker.
    const all = visibleColumns(input.view.layout);
    const onScreen = all.filter((c) => new RegExp(` ${c.id.replace(/[?/%]/g, '\\$&')}(?: |$)`).test(title)).length;
    const m = markers(title);
    assert.equal(onScreen + m.left + m.right, all.length, title);
    if (width >= 200) assert.deepEqual(m, { left: 0, right: 0 }, 'every column fits at 200');
    else assert.ok(m.left > 0 || m.right > 0, `columns are hidden at ${width} and the title says so`);
    // The marker's columns hold no value: rows are blank under them.
    const left = title.indexOf('◂');
    if (left >= 0) for (const row of lines.slice(lines.indexOf(title) + 1, -2)) assert.match(row.slice(left, left + 3), /^ *$/, row);
    if (width < 200) assert.match(lines.at(-2) ?? '', /MCTL shown; columns hidden: .*Left\/Right scroll/);
  });

  test(`${width}x${height}: Left/Right and [ ] scroll the columns after NAME; the ends stop; B scrolls the sort column into view`, async () => {
    const start = press(frameInput(await first(), { width, height }), key('f'), key('j'), named('enter'));
    const columns = visibleColumns(start.view.layout);
    const win = columnWindow(columns, start.view.columnOffset, width);
    if (win.scrolling.length === 0) {
      assert.match(press(start, named('right')).view.message!.text, /nothing to scroll/);
      return;
    }
    const right = press(start, named('right'));
    const title = titleOf(frameText(right));
    assert.equal(markers(title).left, win.offset + 1);
    assert.match(title, /^ +GID NAME +◂/);
    assert.equal(press(right, named('left')).view.columnOffset, win.offset);
    // All the way right: nothing hidden on the right, and one more Right says so.
    let far = start;
    for (let i = 0; i < columns.length; i++) far = press(far, key(']'));
    assert.equal(markers(titleOf(frameText(far))).right, 0);
    assert.ok(titleOf(frameText(far)).includes('OVHDMAX'));
    assert.equal(press(far, named('right')).view.message!.text, 'at the last column');
    let home = far;
    for (let i = 0; i < columns.length; i++) home = press(home, named('left'));
    assert.equal(home.view.columnOffset, 0);
    assert.ok(titleOf(frameText(home)).includes('MEMSZ'));
    // From the far right, B (sort by MCTLSZ) brings MCTLSZ back into view.
    const sorted = frameText(press(far, key('B')));
    assert.ok(titleOf(sorted).includes(' MCTLSZ'), titleOf(sorted));
  });

  test(`${width}x${height}: the f and o panels fit: no line cut, every column name whole, the keys line shown`, async () => {
    for (const screen of ['fields', 'order'] as const) {
      const lines = frameText(frameInput(await first(), { width, height, view: { screen } }));
      for (const l of lines) assert.ok(l.length <= width, `${screen} at ${width}: ${l}`);
      const text = lines.join('\n');
      for (const g of FIELD_GROUPS) {
        const line = lines.find((l) => new RegExp(`^[* ] ${g.letter}: +${g.name.replace(/[()]/g, '\\$&')}`).test(l));
        assert.ok(line, `${screen}: group ${g.letter}`);
        assert.ok(line.includes(`(${g.columns.map((c) => c.id).join(' ')})`), `${screen} ${width}: ${g.letter}'s columns whole: ${line}`);
      }
      assert.ok(text.includes(screen === 'fields' ? 'Toggle fields with a-r, any other key to return:' : 'Any other key to return:'));
    }
    const j = frameText(frameInput(await first(), { width, height, view: { screen: 'fields' } })).find((l) => /^ {2}J:/.test(l))!;
    assert.match(j, /= Memory Balloon Statistics/, 'the description stays (without its unit at 80)');
  });
}

test('the f panel in a terminal too low for a line per group: two columns by letter, the keys line last', async () => {
  const lines = frameText(frameInput(await first(), { width: 40, height: 12, view: { screen: 'fields' } }));
  assert.ok(lines.every((l) => l.length <= 40));
  assert.match(lines[0], /^Current Field order: aBcDefgHijKLmnOpqr$/);
  const text = lines.join('\n');
  for (const g of FIELD_GROUPS) assert.ok(new RegExp(`${g.letter}: ${g.name}`).test(text), g.letter);
  assert.ok(lines.some((l) => l.startsWith('Toggle fields with a-r')));
});

test('a group switched on and off again is not scrolled to; switching another on scrolls to that one', async () => {
  const sample = await first();
  const off = press(frameInput(sample, { width: 80, height: 24 }), key('f'), key('j'), key('j'), named('enter'));
  assert.equal(off.view.columnOffset, 0);
  const q = press(frameInput(sample, { width: 80, height: 24 }), key('f'), key('j'), key('q'), named('enter'));
  const title = titleOf(frameText(q));
  for (const c of fieldGroup('Q')!.columns) assert.ok(title.includes(c.id), `${c.id}: ${title}`);
});

for (const [width, height] of SIZES) {
  test(`${width}x${height}: header lines fit, in esxtop's words and order; esxtop's own spacing when there is room`, async () => {
    const lines = frameText(frameInput(await first(), { width, height }));
    const header = lines.slice(0, 7);
    for (const l of header) assert.ok(l.length <= width, l);
    const words = [
      /^10:49:12am up -, 485 worlds, 6 VMs, 7 vCPUs; MEM overcommit avg: 0\.78, ?0\.78, ?0\.78$/,
      /^PMEM {2}\/MB: +8083 +total: +1321 +vmk, +6171 other, +590 free$/,
      /^VMKMEM\/MB: +8043 managed: +403 minfree, +4165 rsvd, +3877 ursvd, clear state$/,
      /^PSHARE\/MB: +2152 +shared, +217 +\(common: +1935 saving\)$/,
      /^SWAP {2}\/MB: +1150 +curr, +1148 rclmtgt: +0\.00 r\/s, +0\.00 w\/s$/,
      /^ZIP {3}\/MB: +173 +zipped, +110 +saved$/,
      /^MEMCTL\/MB: +5154 +curr, +5146 +target, +9042 max$/,
    ];
    words.forEach((re, i) => assert.match(header[i], re));
    if (width >= 100) {
      // esxtop's line as it prints it, padding and all.
      assert.equal(header[4], 'SWAP  /MB:    1150    curr,    1148 rclmtgt:                 0.00 r/s,   0.00 w/s');
      assert.equal(header[0], '10:49:12am up -, 485 worlds, 6 VMs, 7 vCPUs; MEM overcommit avg: 0.78, 0.78, 0.78');
    }
  });
}

test('header lines: a high and a low state word are spaced as esxtop prints them; a big host still fits 80 columns', async () => {
  const sample = await first();
  const at = (state: 'high' | 'low', values: Partial<Sample['host']['values']> = {}) =>
    frameText(frameInput({ ...sample, host: { ...sample.host, state, values: { ...sample.host.values, ...values } } }, { width: 80, height: 24 }));
  assert.match(at('high')[2], /ursvd, {2}high state$/);
  assert.match(at('low')[2], /ursvd, {3}low state$/);
  // A 1 TB host: seven-digit sizes.
  const big = at('high', { machine: 1048576, kernel: 23456, nonKernel: 1000000, free: 25120, managed: 1047552, minFree: 11000, reserved: 123456, unreserved: 924096, swapUsed: 1234567, swapTarget: 1234567, swapReadRate: 123.45, swapWriteRate: 678.9 });
  for (const l of big.slice(0, 7)) assert.ok(l.length <= 80, l);
  assert.match(big[1], /^PMEM {2}\/MB: 1048576 +total: +23456 +vmk, ?1000000 other, +25120 free$/);
  assert.match(big[2], /^VMKMEM\/MB: 1047552 managed: +11000 minfree, +123456 rsvd, +924096 ursvd, +high state$/);
  assert.match(big[4], /^SWAP {2}\/MB: +1234567 +curr, +1234567 rclmtgt: +123\.45 r\/s, +678\.90 w\/s$/);
});

test('header lines below 80 columns: a line that cannot fit goes on over a second line, never cut inside a word', async () => {
  const lines = frameText(frameInput(await first(), { width: 60, height: 30 }));
  const header = lines.slice(0, lines.indexOf(''));
  for (const l of header) assert.ok(l.length <= 60, l);
  const text = header.join(' ').replace(/\s+/g, ' ');
  for (const w of ['485 worlds', '7 vCPUs;', 'MEM overcommit avg:', '403 minfree,', 'clear state', '0.00 w/s', '9042 max']) assert.ok(text.includes(w), w);
});

for (const [width, height] of SIZES) {
  test(`${width}x${height}: in the soft state a user world is never drawn as an alarm, a VM without its balloon driver is; the status line keeps its key words`, async () => {
    const sample = await first();
    const soft: Sample = {
      ...sample,
      host: { ...sample.host, state: 'soft' },
      groups: sample.groups.map((g) =>
        g.name === 'hostd.66694' ? { ...g, values: { ...g.values, 'MCTL?': 0, SWCUR: 52.25, 'SWR/s': 1.5 } } : g.name === 'styx' ? { ...g, values: { ...g.values, 'MCTL?': 0 } } : g,
      ),
    };
    const input = press(frameInput(soft, { width, height }), key('f'), key('j'), named('enter'));
    input.status = { ...input.status, paused: true };
    const lines = frameLinesOf(input);
    const row = (name: string) => lines.find((l) => l.some((seg) => seg.text.includes(` ${name}`) || seg.text.startsWith(name)))!;
    const styles = (name: string) => new Set(row(name).map((seg) => seg.style));
    assert.ok(!styles('hostd.66694').has('alarm') && !styles('hostd.66694').has('alarm-selected'), `${width}: hostd`);
    assert.ok(styles('hostd.66694').has('notice'), 'its system swap is a notice');
    assert.ok(styles('styx').has('alarm'), 'styx without its balloon driver in soft');
    for (const g of soft.groups.filter((x) => x.kind !== 'vm')) {
      const r = lines.find((l) => l.some((seg) => seg.text.includes(g.name.slice(0, 15))));
      if (r) assert.ok(!r.some((seg) => seg.style === 'alarm' || seg.style === 'alarm-selected'), g.name);
    }
    const status = frameText(input).at(-1)!;
    assert.match(status, /10:49:12/);
    assert.match(status, /sample 1 of 3|1\/3/);
    assert.match(status, /PAUSED/);
  });

  test(`${width}x${height}: the graph layout under the header: sizes and rates on charts of their own, each at least 7 rows`, async () => {
    const sample = await first();
    for (const screen of ['hostGraph', 'groupGraph'] as const) {
      const body = renderFrame(frameInput(sample, { width, height, view: { screen } }));
      const charts = body.charts;
      assert.ok(charts && 'charts' in charts, `${screen} at ${width}x${height}`);
      for (const c of charts.charts) {
        assert.ok(c.height >= MIN_CHART_HEIGHT && c.width === width, `${c.id}: ${c.height}`);
        const rates = c.specs.filter((sp) => /Rate$|\/s$/.test(sp.id)).length;
        assert.ok(rates === 0 || rates === c.specs.length, `${c.id}: MB and MB/s apart`);
      }
      const bottom = charts.charts.at(-1)!;
      assert.ok(bottom.top + bottom.height <= height - 1, 'the charts end above the status line');
    }
  });
}
