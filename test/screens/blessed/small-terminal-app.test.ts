/**
 * The dashboard (blessed on fake streams) at 80x24: the graph in a lesson and
 * in a replay, the start messages (a speed beyond the range, an esxtop file
 * read or skipped), the config file in the status line, themes in the cells.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/user-config';
import { CaptureSource } from '../../../src/sources/capture/capture-source';
import { resolveScenario } from '../../../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../../../src/sources/simulation/simulation-source';
import { themeFor } from '../../../screens/parts/theme';
import { CAPTURES, capture } from '../../support/paths';
import { close, open, until } from './app-harness';
import { KEY } from './fake-terminal';

const has = (lines: string[], re: RegExp) => lines.some((l) => re.test(l));

/** The chart rows: from the first top border to the last bottom border. */
function chartRows(lines: string[]): string[] {
  const start = lines.findIndex((l) => l.startsWith('┌'));
  const end = lines.map((l) => l.startsWith('└')).lastIndexOf(true);
  return lines.slice(start, end + 1);
}

test('80x24, a lesson: the host graph has free memory and one more chart, legends inside their frames, boundaries labelled on the plot; Tab turns the second chart', async () => {
  const r = await open(new SimulationSource(resolveScenario('overcommit'), { seed: 1, stepSeconds: 5 }), { columns: 80, rows: 24, speed: 64 });
  try {
    // The lesson pauses on its first caption: step through a few samples.
    await until(r, (l) => /sample 1 of/.test(l[23] ?? ''), 'the lesson');
    await r.term.type('tttt');
    await until(r, (l) => /sample 5 of/.test(l[23] ?? ''), 'a few samples of the lesson');
    await r.term.type('g');
    let lines = await until(r, (l) => has(l, /free memory, MB.*state:/) && has(l, /reclamation, MB.*Tab: swap rates/), 'two charts');
    const charts = chartRows(lines);
    assert.ok(charts.every((l) => /^[┌│└].*[┐│┘]$/.test(l) && l.length === 80), charts.join('\n'));
    for (const word of ['free', 'clear 100%', 'low 16%', 'MEMCTL curr', 'ZIP zipped']) assert.ok(has(charts, new RegExp(`│.*${word}`)), word);
    assert.ok(!has(lines, /SWAP r\/s/), 'MB/s not on the MB chart');
    // The boundary lines carry their state's name on the plot (alone or shared: "hard/low").
    assert.ok(has(charts, /⡇[^│]*\b(clear|soft|hard|low)\b/), charts.join('\n'));
    await r.term.type('\t');
    lines = await until(r, (l) => has(l, /swap-in\/out, MB\/s.*Tab: reclamation/), 'the rates chart');
    assert.ok(has(lines, /SWAP r\/s/) && has(lines, /SWAP w\/s/));
    await r.term.type('G');
    lines = await until(r, (l) => has(l, /balloon and swap, MB/) && has(l, /swap-in\/out, MB\/s/), 'a group: sizes and rates, each on its axis');
    assert.ok(chartRows(lines).every((l) => l.length === 80 && /^[┌│└].*[┐│┘]$/.test(l)));
  } finally {
    await close(r);
  }
});

test('80x24, a replay: m f j Enter scrolls MCTL into view and the message line says what is hidden', async () => {
  const r = await open(await CaptureSource.open(capture('esxi65-ballooning-a.csv')), { columns: 80, rows: 24 });
  try {
    await until(r, (l) => has(l, /portunus/), 'the memory page');
    await r.term.type('mfj' + KEY.enter);
    const lines = await until(r, (l) => has(l, /GID NAME +◂\d+ +MCTL\? +MCTLSZ/), 'MCTL in view');
    assert.ok(has(lines, /portunus +Y 1302\.00! +1300\.15 +1300\.15/), lines.join('\n'));
    assert.ok(has(lines, /MCTL shown; columns hidden: ◂\d+ on the left, \d+▸ on the right; Left\/Right scroll/));
    await r.term.type('\x1b[C');
    await until(r, (l) => has(l, /GID NAME +◂\d+ +MCTLSZ/), 'Right scrolls one column');
  } finally {
    await close(r);
  }
});

test('start: a --speed beyond the fastest pace says so; a config file read is named in the message and the status lines', async () => {
  const r = await open(await CaptureSource.open(capture('esxi65-ballooning-a.csv')), {
    columns: 160,
    rows: 30,
    speed: 5000,
    config: (dir) => {
      copyFileSync(join(CAPTURES, 'rc', 'esodesod_public-dotfiles.esxtop60rc'), join(dir, '.esxtop60rc'));
      return loadConfig(null, { XDG_CONFIG_HOME: dir, HOME: dir });
    },
  });
  try {
    const lines = await until(r, (l) => has(l, /portunus/), 'the memory page');
    assert.ok(has(lines, /--speed 5000 is beyond the fastest pace, 1024x: replaying at 1024x/), lines.join('\n'));
    assert.match(lines[29], /speed 1024x/);
    assert.match(lines[29], /rc \S*\.esxtop60rc/);
  } finally {
    await close(r);
  }
});

test('start: a bad ~/.esxtop60rc does not stop the dashboard: the message line names the file and line', async () => {
  const r = await open(await CaptureSource.open(capture('esxi65-ballooning-a.csv')), {
    columns: 120,
    rows: 30,
    config: (dir) => {
      writeFileSync(join(dir, '.esxtop60rc'), 'ABcDEFghij\nnot letters!\nABCd\n5m\n');
      mkdirSync(join(dir, 'cfg'));
      return loadConfig(null, { XDG_CONFIG_HOME: join(dir, 'cfg'), HOME: dir });
    },
  });
  try {
    const lines = await until(r, (l) => has(l, /portunus/), 'the memory page');
    assert.ok(has(lines, /\.esxtop60rc:2: expected field letters.*not used/), lines.join('\n'));
    assert.ok(has(lines, /^ +GID NAME +MEMSZ/), 'esxtop 6 defaults');
  } finally {
    await close(r);
  }
});

test('themes reach the cells: mono paints no colour, light and dark paint different ones', async () => {
  const attrs: Record<string, Set<number>> = {};
  for (const theme of ['dark', 'light', 'mono'] as const) {
    const r = await open(await CaptureSource.open(capture('esxi65-ballooning-a.csv')), { columns: 120, rows: 30, theme });
    try {
      await until(r, (l) => has(l, /portunus/), 'the memory page');
      await r.term.type('fj' + KEY.enter);
      await until(r, (l) => has(l, /1302\.00!/), 'the balloon columns');
      attrs[theme] = new Set(r.app.screen.lines.flatMap((row) => row.map((cell) => cell[0])));
      assert.equal(r.app.theme.name, theme);
    } finally {
      await close(r);
    }
  }
  const colours = (set: Set<number>) => new Set([...set].flatMap((a) => [(a >> 9) & 0x1ff, a & 0x1ff]).filter((c) => c !== 0x1ff));
  assert.deepEqual([...colours(attrs.mono)], [], 'mono: default colours only');
  assert.ok(colours(attrs.dark).has(themeFor('dark').attr('alarm') >> 9 & 0x1ff));
  assert.ok(colours(attrs.light).has(themeFor('light').attr('alarm') >> 9 & 0x1ff));
  assert.notDeepEqual([...colours(attrs.dark)].sort(), [...colours(attrs.light)].sort());
});
