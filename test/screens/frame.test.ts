import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFieldLine, toggleField } from '../../src/config/field-layout';
import type { FieldLayout } from '../../src/config/field-layout';
import { ALL_COLUMNS, fieldGroup } from '../../src/fields/registry';
import { keyLabel } from '../../screens/keys/binding';
import { KEY_BINDINGS } from '../../screens/screen-list';
import { lineText, type Line } from '../../screens/parts/line';
import { captureSamples } from './samples';
import { cellOf, frameInput, frameLines, frameText } from './frame-input';
import type { Sample } from '../../src/sample/sample';

function layoutOf(line: string): FieldLayout {
  const l = parseFieldLine(line);
  if ('problem' in l) throw new Error(l.problem);
  return l;
}

function styleOf(lines: Line[], rowName: string, text: string): string | undefined {
  const row = lines.find((l) => lineText(l).split(/\s+/).includes(rowName));
  return row?.find((seg) => seg.text.split(/\s+/).includes(text))?.style;
}

test('header lines of esxi65-ballooning-a.csv, laid out as esxtop draws them', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const lines = frameText(frameInput(first));
  // Worlds and vCPUs as esxtop counts them: every Vcpu(...) world of the header, and the vmx-vcpu-N worlds of the six VMs (poseidon has two).
  assert.equal(lines[0], '10:49:12am up -, 485 worlds, 6 VMs, 7 vCPUs; MEM overcommit avg: 0.78, 0.78, 0.78');
  assert.match(lines[1], /^PMEM {2}\/MB: +8083 +total: +\d+ +vmk, *\d+ other, +590 free$/);
  // The state word right-aligned in five columns, as esxtop prints it: "ursvd, clear state", "ursvd,  high state".
  assert.equal(lines[2], 'VMKMEM/MB:  8043 managed:   403 minfree,  4165 rsvd,   3877 ursvd, clear state');
  assert.match(lines[3], /^PSHARE\/MB: +\d+ +shared, +\d+ +\(common: +\d+ saving\)$/);
  assert.match(lines[4], /^SWAP {2}\/MB: +1150 +curr, +\d+ rclmtgt: +\d+\.\d\d r\/s, +\d+\.\d\d w\/s$/);
  assert.match(lines[5], /^ZIP {3}\/MB: +173 +zipped, +\d+ +saved$/);
  assert.match(lines[6], /^MEMCTL\/MB: +5154 +curr, +\d+ +target, +\d+ max$/);
  // rsvd + ursvd = managed, shared - common = saving (the header's invariants hold on screen).
  const [, rsvd, ursvd] = /(\d+) rsvd, +(\d+) ursvd/.exec(lines[2])!.map(Number);
  assert.ok(Math.abs(rsvd + ursvd - 8043) <= 1, `rsvd ${rsvd} + ursvd ${ursvd} = managed 8043 within rounding`);
  const [, shared, common, saving] = /(\d+) +shared, +(\d+) +\(common: +(\d+)/.exec(lines[3])!.map(Number);
  assert.equal(shared - common, saving);
  // The state word is coloured by the theme's state style.
  const vmk = frameLines(frameInput(first))[2];
  assert.equal(vmk.find((s) => s.text === 'clear')?.style, 'state-clear');
});

test('default fields are ESXi 6\'s aBcDefgHijKLmnOpq: GID NAME, size, swap, llswap, overhead; no MCTL', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const lines = frameText(frameInput(first));
  const title = lines[8].trim().split(/\s+/);
  const expected = ['B', 'D', 'H', 'K', 'L', 'O'].flatMap((l) => fieldGroup(l)!.columns.map((c) => c.id));
  assert.deepEqual(title, expected);
  assert.ok(!title.includes('MCTLSZ'));
  assert.equal(cellOf(lines, 'portunus', 'MEMSZ'), '2097.16');
  assert.equal(cellOf(lines, 'portunus', 'SWCUR'), '459.80');
});

test('f j: MCTL columns appear with the oracle values (portunus MCTLSZ 1302.00 at MCTLMAX, marked)', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const input = frameInput(first);
  input.view.layout = toggleField(input.view.layout, 'j');
  const lines = frameText(input);
  const title = lines[8].trim().split(/\s+/);
  assert.deepEqual(title.slice(title.indexOf('MCTL?'), title.indexOf('MCTL?') + 4), ['MCTL?', 'MCTLSZ', 'MCTLTGT', 'MCTLMAX']);
  assert.equal(cellOf(lines, 'portunus', 'MCTLSZ'), '1302.00!');
  assert.equal(cellOf(lines, 'portunus', 'MCTLMAX'), '1300.15');
  assert.equal(cellOf(lines, 'portunus', 'MCTL?'), 'Y');
  assert.equal(cellOf(lines, 'poseidon', 'MCTLSZ'), '1230.57');
  assert.equal(cellOf(lines, 'poseidon', 'MCTLMAX'), '3875.56');
  assert.equal(cellOf(lines, 'styx', 'MCTLSZ'), '0.00');
  assert.equal(cellOf(lines, 'styx', 'MCTLMAX'), '619.16');
  const styled = frameLines(input);
  assert.equal(styleOf(styled, 'portunus', '1302.00!'), 'alarm', 'at MCTLMAX: alarm and "!"');
  assert.equal(styleOf(styled, 'ouranos', '18.21'), 'notice', 'MCTLSZ > 0: notice');
  assert.equal(styleOf(styled, 'poseidon', '1230.57'), 'notice-selected', 'on the highlighted row the highlight background stays');
  assert.equal(styleOf(styled, 'portunus', '459.80'), 'alarm', 'SWCUR > 0: alarm');
  assert.equal(styleOf(styled, 'styx', '619.16'), 'plain');
});

test('MCTL? N on a VM is an alarm while the host is soft, not in clear; never on a user world', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const layout = layoutOf('aBcDefgHiJKLmnOpq');
  // styx without its balloon driver: MCTL? 0.
  const noTools = (s: Sample): Sample => ({ ...s, groups: s.groups.map((g) => (g.name === 'styx' ? { ...g, values: { ...g.values, 'MCTL?': 0 } } : g)) });
  const clear = frameLines(frameInput(noTools(first), { view: { layout } }));
  assert.equal(styleOf(clear, 'styx', 'N'), 'plain');
  assert.equal(styleOf(clear, 'hostd.66694', 'N'), 'plain');
  const soft: Sample = noTools({ ...first, host: { ...first.host, state: 'soft' } });
  const lines = frameLines(frameInput(soft, { view: { layout } }));
  assert.equal(styleOf(lines, 'styx', 'N'), 'alarm');
  assert.equal(styleOf(lines, 'hostd.66694', 'N'), 'plain', 'a user world has no balloon driver: never an alarm');
  assert.equal(lines[2].find((s) => s.text === 'soft')?.style, 'state-soft');
});

test('sorted by MCTLSZ (B), by GID (N), by MEMSZ (M, the default); VMs only (V); # rows', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const names = (view: Parameters<typeof frameInput>[1]) =>
    frameText(frameInput(first, view)).slice(9, -1).filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s+/)[1]);
  assert.deepEqual(names({ view: { vmsOnly: true } }), ['poseidon', 'ananke', 'hermes', 'portunus', 'ouranos', 'styx']);
  const byBalloon = names({ view: { vmsOnly: true, sort: { column: 'MCTLSZ', descending: true } } });
  assert.deepEqual(byBalloon.slice(3), ['poseidon', 'ouranos', 'styx']);
  assert.deepEqual(names({ view: { vmsOnly: true, sort: { column: 'GID', descending: false } } }), ['styx', 'portunus', 'hermes', 'ananke', 'ouranos', 'poseidon']);
  assert.deepEqual(names({ view: { vmsOnly: true, sort: { column: 'NAME', descending: false } } }), ['ananke', 'hermes', 'ouranos', 'portunus', 'poseidon', 'styx']);
  assert.equal(names({ view: { maxRows: 4 } }).length, 4);
  assert.ok(names({}).length > 40, 'all groups fit at 200x60');
});

test('every column of every field group renders on the second capture, widths as the registry says', async () => {
  const [first] = await captureSamples('esxi65-ballooning-b.csv');
  const all = layoutOf('ABCDEFGHIJKLMNOPQ');
  const width = ALL_COLUMNS.reduce((w, c) => w + c.width + 1, 0);
  const lines = frameText(frameInput(first, { view: { layout: all }, width }));
  assert.deepEqual(lines[8].trim().split(/\s+/), ALL_COLUMNS.map((c) => c.id));
  for (const l of lines.slice(9, -1)) assert.ok(l.length <= width);
  // Columns a capture lacks (ID, LWID) show "-", never 0.
  assert.equal(cellOf(lines, 'portunus', 'ID'), '-');
  assert.equal(cellOf(lines, 'portunus', 'LWID'), '-');
});

test('80x24: every line fits, the status line is last, the highlight follows the selection', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const input = frameInput(first, { width: 80, height: 24, view: { selected: 20 } });
  const styled = frameLines(input);
  assert.equal(styled.length, 24);
  for (const l of styled) assert.ok(lineText(l).length <= 80, lineText(l));
  assert.match(lineText(styled[23]), /04\/24\/2018 10:49:12 UTC {2}sample 1 of 3 {2}speed 1x/);
  const selectedRows = styled.filter((l) => l.some((s) => s.style === 'selected'));
  assert.equal(selectedRows.length, 1, 'one highlighted row, scrolled into view');
});

test('a terminal too small gets a clear message, not a broken table', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const lines = frameText(frameInput(first, { width: 30, height: 8 }));
  assert.equal(lines.length, 8);
  assert.ok(lines.some((l) => l.includes('terminal too small: 30x8')), lines.join('\n'));
  assert.ok(lines.every((l) => l.length <= 30));
});

test('VM names with escape sequences and control characters are neutralised and cut by display width', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const evil: Sample = {
    ...first,
    groups: [
      { ...first.groups[0], gid: 1, name: '\x1b[2J\x1b]0;pwned\x07rm\r\n-rf', kind: 'vm' },
      { ...first.groups[0], gid: 2, name: '数据库服务器生产环境一号', kind: 'vm' },
    ],
  };
  const lines = frameText(frameInput(evil, { view: { sort: { column: 'GID', descending: false } } }));
  const rows = lines.slice(9, 11);
  for (const r of rows) assert.doesNotMatch(r, /[\x00-\x1f\x7f]/);
  assert.match(rows[0], /^ +1 rm-rf +\d/);
  // 16 columns: 7 wide characters (14) + one space + the cut marker.
  assert.match(rows[1], /^ +2 数据库服务器生 ~ /);
});

test('missing host counters print "-", a sample with no groups still draws', () => {
  const empty: Sample = { time: Date.UTC(2018, 3, 24, 10, 49, 12), host: { hostname: null, values: {} as Sample['host']['values'], state: null, extra: {} }, groups: [] };
  const lines = frameText(frameInput(empty));
  assert.match(lines[1], /^PMEM {2}\/MB: +- +total: +- +vmk, +- other, +- free$/);
  assert.match(lines[2], /ursvd, +- state$/);
});

test('the f panel lists every group with letter, * when shown, description; the o panel explains moving', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const f = frameText(frameInput(first, { view: { screen: 'fields' } }));
  assert.equal(f[0], 'Current Field order: aBcDefgHijKLmnOpq');
  assert.ok(f.some((l) => /^ {2}J: {2}MCTL +=.*\(MCTL\? MCTLSZ MCTLTGT MCTLMAX\)/.test(l)));
  assert.ok(f.some((l) => /^\* K: {2}SWAP STATS/.test(l)));
  assert.ok(f.some((l) => l.startsWith('Toggle fields with a-q, any other key to return')));
  const o = frameText(frameInput(first, { view: { screen: 'order' } }));
  assert.ok(o.some((l) => l.startsWith('Upper case letter moves field left')));
});

test('help screen: every key of the key map and every registry column', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const h = frameText(frameInput(first, { view: { screen: 'help' }, height: 200 })).join('\n');
  for (const b of KEY_BINDINGS) assert.ok(h.includes(`  ${keyLabel(b.keys)}`) && h.includes(b.help.slice(0, 30)), keyLabel(b.keys));
  for (const c of ALL_COLUMNS) assert.ok(h.includes(c.id), c.id);
});

test('notes show as a caption line; LIVE sources show LIVE and their status()', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const input = frameInput({ ...first, notes: [{ text: 'Memory pressure rises: the balloon inflates', pause: true }] }, { width: 120, height: 30 });
  input.status = {
    ...input.status,
    info: { kind: 'live', label: 'https://esx01/sdk', realtime: true },
    atLast: true,
    position: { index: 7, total: 7, dropped: 0, complete: false },
    status: { state: 'reconnecting', message: 'connection reset', lastGoodSample: 1000, insecure: true },
    now: 13_000,
  };
  const styled = frameLines(input);
  const text = styled.map(lineText);
  assert.equal(text[28].trim(), 'Memory pressure rises: the balloon inflates');
  assert.equal(styled[28][0].style, 'caption');
  assert.match(text[29], /^ LIVE {2}04\/24\/2018 10:49:12 UTC {2}every 5s {2}reconnecting: connection reset {2}last sample 12s ago {2}INSECURE/);
});

test('80 columns: the status line always ends with "h help"; help text wraps instead of being cut', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const main = frameText(frameInput(first, { width: 80, height: 24 }));
  assert.match(main[23], /h help $/);
  assert.equal(main[23].length, 80);
  const help = frameText(frameInput(first, { width: 80, height: 400, view: { screen: 'help' } }));
  assert.ok(help.every((l) => l.length <= 80));
  const text = help.map((l) => l.trim()).join(' ').replace(/\s+/g, ' ');
  assert.ok(text.includes('write the configuration to an esxtop rc file (esxtop reads it back)'));
  assert.ok(text.includes('Memory reclaimed by the balloon; > 0 means the host is ballooning this VM'));
});

test('excel-resaved.csv (host counters only, no groups): the header shows what is there, "-" for the rest, an empty table', async () => {
  const samples = await captureSamples('excel-resaved.csv');
  const lines = frameText(frameInput(samples[0], { width: 120, height: 20 }));
  assert.match(lines[0], /^10:42:00pm up -, - worlds, 0 VMs, - vCPUs; MEM overcommit avg: -, -, -$/, 'no CPU object: worlds and vCPUs unknown');
  assert.match(lines[1], /^PMEM {2}\/MB: +- +total: +\d+ +vmk, +\d+ other, +- free$/);
  assert.match(lines[8], /^\s+GID NAME/);
  assert.ok(lines.slice(9, -1).every((l) => l.trim() === ''));
});
