/**
 * The built CLI in a real 80x24 terminal (tmux): the headline flow shows the
 * balloon columns without any other key, NO_COLOR gives no colour at all, the
 * light theme's colours are not the dark theme's, and a user world is never
 * drawn as an alarm.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../src/sources/capture/csv-scanner';
import { themeFor } from '../../screens/parts/theme';
import { capture } from '../support/paths';
import { balloontop, has, Terminal } from '../support/tmux';
import { requireTool } from '../support/tools';
import { toCsv } from '../sources/capture/synthetic';

const REPLAY = ['replay', capture('esxi65-ballooning-a.csv')];
const SIZE = { width: 80, height: 24 };

function tmuxOrSkip(t: TestContext): boolean {
  return requireTool(t, 'tmux', 'apt-get install tmux');
}

/** Colour codes in a pane read with escapes: 38;5;N / 48;5;N and the 8/16 basic colours (30-37, 40-47, 90-97, 100-107). */
function colourCodes(escaped: string): Set<string> {
  const codes = new Set<string>();
  for (const m of escaped.matchAll(/\x1b\[([0-9;]*)m/g)) {
    const parts = m[1].split(';');
    for (let i = 0; i < parts.length; i++) {
      const p = Number(parts[i]);
      if ((p === 38 || p === 48) && parts[i + 1] === '5') {
        codes.add(`${p};5;${parts[i + 2]}`);
        i += 2;
      } else if ((p >= 30 && p <= 37) || (p >= 40 && p <= 47) || (p >= 90 && p <= 97) || (p >= 100 && p <= 107)) codes.add(String(p));
    }
  }
  return codes;
}

/** m f j Enter on a replay at 80x24; the pane once MCTLSZ is on screen. */
async function balloonColumns(term: Terminal): Promise<string[]> {
  await term.until((l) => has(l, /portunus/), 'the memory page');
  term.keys('m', 'f', 'j');
  await term.until((l) => (l[0] ?? '').startsWith('Current Field order: aBcDefgHiJKLmnOpq'), 'the field panel');
  term.keys('Enter');
  return term.until((l) => has(l, /^ +GID NAME .*MCTLSZ/), 'MCTLSZ on screen');
}

test('tmux 80x24: m f j Enter shows MCTLSZ with its values, no other key; the columns left out are counted', async (t) => {
  if (!tmuxOrSkip(t)) return;
  const term = new Terminal();
  try {
    term.start(balloontop(...REPLAY), SIZE);
    const lines = await balloonColumns(term);
    assert.ok(lines.slice(0, 24).every((l) => l.length <= 80));
    const title = lines.find((l) => /^ +GID NAME/.test(l))!;
    assert.match(title, /^ +GID NAME +◂\d+ +MCTL\? +MCTLSZ +MCTLTGT +MCTLMAX.* \d+▸$/);
    assert.ok(has(lines, /^ +1303673 portunus +Y 1302\.00! +1300\.15 +1300\.15/), lines.join('\n'));
    assert.ok(has(lines, /^ +1423953 poseidon +Y +1230\.57 +1230\.57 +3875\.56/));
    assert.ok(has(lines, /MCTL shown; columns hidden/));
    assert.match(lines[0], /^10:49:1\dam up -, 485 worlds, 6 VMs, 7 vCPUs; MEM overcommit avg:/);
    assert.ok(lines.slice(0, 7).every((l) => !/\s$/.test(l.trimEnd()) && l.length <= 80));
    assert.ok(has(lines, /^SWAP {2}\/MB: .* w\/s$/), 'the SWAP line ends in w/s');
  } finally {
    term.kill();
  }
});

test('tmux 80x24: NO_COLOR=1 draws no colour at all (capture-pane -e), in the table and in the graph', async (t) => {
  if (!tmuxOrSkip(t)) return;
  const term = new Terminal();
  try {
    term.start(balloontop(...REPLAY), { ...SIZE, env: { NO_COLOR: '1' } });
    await balloonColumns(term);
    await term.until(() => term.pane(true).join('\n').includes('\x1b['), 'attributes drawn');
    const table = term.pane(true).join('\n');
    assert.deepEqual([...colourCodes(table)], [], 'no colour in the table');
    assert.match(table, /\x1b\[[0-9;]*7[;m]/, 'the title line still stands out, reversed');
    term.keys('g');
    await term.until((l) => has(l, /free memory, MB/) && has(l, /[\u2801-\u28ff]/), 'the graph');
    assert.deepEqual([...colourCodes(term.pane(true).join('\n'))], [], 'no colour in the graph');
    assert.ok(has(term.pane(), /⡇[^│]*\b(clear|soft|hard|low)\b/), 'the boundaries are told apart by their labels');
  } finally {
    term.kill();
  }
});

test('tmux 80x24: --theme light paints other colours than --theme dark', async (t) => {
  if (!tmuxOrSkip(t)) return;
  const seen: Record<string, Set<string>> = {};
  for (const theme of ['dark', 'light'] as const) {
    const term = new Terminal();
    try {
      term.start(balloontop(...REPLAY, '--theme', theme), SIZE);
      await balloonColumns(term);
      const notice = `38;5;${(themeFor(theme).attr('notice') >> 9) & 0x1ff}`;
      await term.until(() => colourCodes(term.pane(true).join('\n')).has(notice), `${theme}: the notice colour on screen`);
      seen[theme] = colourCodes(term.pane(true).join('\n'));
    } finally {
      term.kill();
    }
  }
  const onlyDark = [...seen.dark].filter((c) => !seen.light.has(c));
  const onlyLight = [...seen.light].filter((c) => !seen.dark.has(c));
  assert.ok(onlyDark.length > 0 && onlyLight.length > 0, `dark ${[...seen.dark]} / light ${[...seen.light]}`);
});

test('tmux 80x24: on an 8-colour terminal (--term xterm, linux) a notice and an alarm keep two colours, and only basic ones', async (t) => {
  if (!tmuxOrSkip(t)) return;
  for (const term of ['xterm', 'linux']) {
    const pane = new Terminal();
    try {
      pane.start(balloontop(...REPLAY, '--term', term), SIZE);
      await balloonColumns(pane);
      pane.keys('2', '2', '2');
      // poseidon, once the highlight has left it: MCTLSZ 1230.57 is a notice, SWCUR 102.52 an alarm.
      const poseidon = () => pane.pane(true).find((l) => l.includes('1423953 poseidon')) ?? '';
      await pane.until(() => poseidon().includes('102.52') && !poseidon().includes('44m'), `${term}: poseidon not highlighted`);
      const row = poseidon();
      const colourBefore = (value: string) => [...colourCodes(row.slice(0, row.indexOf(value)).split('\x1b[0m').at(-1)!)];
      assert.deepEqual(colourBefore('1230.57'), ['33'], `${term}: the notice in yellow: ${JSON.stringify(row)}`);
      assert.deepEqual(colourBefore('102.52'), ['31'], `${term}: the alarm in red`);
      assert.ok([...colourCodes(pane.pane(true).join('\n'))].every((c) => !c.includes(';')), `${term}: basic colours only`);
    } finally {
      pane.kill();
    }
  }
});

test('tmux 80x24: a user world is never an alarm, even swapping in the soft state; a VM without its balloon driver is', async (t) => {
  if (!tmuxOrSkip(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-alarm-'));
  const term = new Terminal();
  try {
    // The real capture, in the soft state, with hostd swapping and styx's balloon driver off.
    const rows = parseCsv(readFileSync(capture('esxi65-ballooning-a.csv'))).map((r) => (r.cells as (string | number)[]).map(String));
    const column = (suffix: string) => rows[0].findIndex((c) => c.endsWith(suffix));
    const set: [string, string][] = [
      ['\\Memory\\Kernel State', '2'],
      ['Group Memory(5481:hostd.66694)\\Swapped MBytes', '52.25'],
      ['Group Memory(5481:hostd.66694)\\Swap Read MBytes/sec', '1.50'],
      ['Group Memory(5481:hostd.66694)\\Memctl?', '0'],
      ['Group Memory(1302698:styx)\\Memctl?', '0'],
    ];
    for (const [suffix, value] of set) {
      const i = column(suffix);
      assert.ok(i > 0, suffix);
      for (const r of rows.slice(1)) if (r.length === rows[0].length) r[i] = value;
    }
    const file = join(dir, 'soft.csv');
    writeFileSync(file, toCsv(rows.filter((r) => r.length === rows[0].length)));
    term.start(balloontop('replay', file, '--theme', 'dark'), SIZE);
    await term.until((l) => has(l, /ursvd, +soft state/), 'the soft state');
    term.keys('f', 'j');
    await term.until((l) => (l[0] ?? '').startsWith('Current Field order: aBcDefgHiJKLmnOpq'), 'the field panel');
    term.keys('Enter');
    await term.until((l) => has(l, /GID NAME .*MCTL\?/) && has(l, /hostd\.66694/), 'hostd on the page');
    const alarm = `38;5;${(themeFor('dark').attr('alarm') >> 9) & 0x1ff}`;
    const escaped = term.pane(true);
    const plain = term.pane();
    const row = (name: string) => escaped[plain.findIndex((l) => l.includes(` ${name} `))] ?? '';
    assert.ok(colourCodes(row('styx')).has(alarm), `styx, no balloon driver in soft: an alarm\n${row('styx')}`);
    assert.ok(!colourCodes(row('hostd.66694')).has(alarm), `hostd: never an alarm\n${row('hostd.66694')}`);
    assert.match(plain.find((l) => l.includes(' hostd.66694 '))!, /hostd\.66694 +N +0\.00 +0\.00 +0\.00 +52\.25/);
    const notice = `38;5;${(themeFor('dark').attr('notice') >> 9) & 0x1ff}`;
    assert.ok(colourCodes(row('hostd.66694')).has(notice), 'its system swap is a notice');
  } finally {
    term.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
