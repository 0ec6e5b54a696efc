/**
 * The built CLI in a real terminal: tmux runs `balloontop replay` on the real
 * capture, the test types as a person would and reads the pane.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from '../support/tools';
import { PROJECT_ROOT } from '../support/paths';
import { Terminal as Tmux } from '../support/tmux';

const REPLAY = 'node bin/balloontop replay ../shared/captures/esxi65-ballooning-a.csv';

/** The cell under a column title, for a row found by name. */
function cell(lines: string[], name: string, column: string): string {
  const title = lines.find((l) => /^\s+GID NAME/.test(l));
  const row = lines.find((l) => l.split(/\s+/).includes(name));
  assert.ok(title && row, `title and ${name} row on screen`);
  const end = title.indexOf(` ${column}`) + column.length + 1;
  assert.ok(end > column.length, `${column} on screen`);
  let start = end - 1;
  while (start >= 0 && row[start] !== ' ') start--;
  return row.slice(start + 1, end).trim();
}

function tmuxOrSkip(t: TestContext): boolean {
  return requireTool(t, 'tmux', 'apt-get install tmux');
}

test('tmux: replay, m f j Enter shows portunus MCTLSZ 1302.00, p t steps to 10:49:17, q restores the terminal', async (t) => {
  if (!tmuxOrSkip(t)) return;
  const tmux = new Tmux();
  try {
    tmux.start(REPLAY);
    await tmux.until((l) => l.some((x) => x.includes('portunus')), 'the memory page');
    let lines = tmux.pane();
    assert.match(lines[0], /^10:49:1\dam up -, \d+ worlds, 6 VMs/);
    assert.match(lines[2], /^VMKMEM\/MB: +8043 managed: +403 minfree,.* clear state/);
    tmux.keys('m', 'f', 'j');
    await tmux.until((l) => l[0].startsWith('Current Field order: aBcDefgHiJKLmnOpq'), 'the field panel');
    tmux.keys('Enter');
    lines = await tmux.until((l) => l.some((x) => /^\s+GID NAME .*MCTLSZ/.test(x)), 'MCTL columns');
    assert.equal(cell(lines, 'portunus', 'MCTLSZ'), '1302.00!', 'portunus: MCTLSZ 1302.00, marked at MCTLMAX');
    assert.equal(cell(lines, 'portunus', 'MCTLMAX'), '1300.15');
    tmux.keys('p', 'Home');
    await tmux.until((l) => l.some((x) => /04\/24\/2018 10:49:12 UTC {2}sample 1 of 3\+? .*PAUSED/.test(x)), 'paused on the first sample');
    tmux.keys('t');
    lines = await tmux.until((l) => l.some((x) => /04\/24\/2018 10:49:17 UTC {2}sample 2 of 3/.test(x)), 'the next sample');
    assert.match(lines[0], /^10:49:17am/);
    tmux.keys('q');
    lines = await tmux.until((l) => l.some((x) => x.startsWith('EXIT=')), 'the exit');
    assert.ok(lines.includes('EXIT=0'), lines.join('\n'));
    assert.ok(!lines.some((x) => x.includes('portunus')), 'the alternate screen is gone');
  } finally {
    tmux.kill();
  }
});

test('tmux: resize-window redraws at 80x24, a tiny window gets a message, 256 colours in tmux', async (t) => {
  if (!tmuxOrSkip(t)) return;
  const tmux = new Tmux();
  try {
    tmux.start(REPLAY, { width: 120, height: 40 });
    await tmux.until((l) => l.some((x) => x.includes('portunus')), 'the memory page');
    tmux.run('resize-window', '-t', tmux.session, '-x', '80', '-y', '24');
    const lines = await tmux.until((l) => l.length >= 24 && /sample \d of 3/.test(l[23] ?? ''), 'the status line on row 24');
    assert.ok(lines.slice(0, 24).every((l) => l.length <= 80));
    assert.match(lines[8], /^\s+GID NAME\s+MEMSZ/);
    tmux.run('resize-window', '-t', tmux.session, '-x', '30', '-y', '8');
    await tmux.until((l) => l.some((x) => x.includes('terminal too small: 30x8')), 'the too-small message');
    tmux.run('resize-window', '-t', tmux.session, '-x', '100', '-y', '30');
    await tmux.until((l) => l.some((x) => x.includes('portunus')) && /sample/.test(l[29] ?? ''), 'the page at 100x30');
    // Colours: the status bar uses a 256-colour palette entry (SGR 48;5;N), not one of the 8 basic colours.
    const escaped = tmux.run('capture-pane', '-p', '-e', '-t', tmux.session);
    assert.match(escaped, /\x1b\[[0-9;]*48;5;250/);
  } finally {
    tmux.kill();
  }
});

test('tmux: SIGTERM gives the terminal back; -c loads an rc file; W writes one', async (t) => {
  if (!tmuxOrSkip(t)) return;
  const tmux = new Tmux();
  try {
    const rc = join(PROJECT_ROOT, '..', 'shared', 'captures', 'rc', 'esodesod_public-dotfiles.esxtop60rc');
    tmux.start(`${REPLAY} -c '${rc}'`);
    await tmux.until((l) => l.some((x) => x.includes('portunus')), 'the memory page');
    tmux.keys('f', 'j', 'Enter', 'W');
    await tmux.until((l) => l.some((x) => x.startsWith('Save config file to [')), 'the W prompt');
    const out = join(tmux.config, 'written.esxtop60rc');
    tmux.type(out);
    tmux.keys('Enter');
    await tmux.until((l) => l.some((x) => x.includes(`wrote ${out}`)), 'the confirmation');
    const written = readFileSync(out, 'utf8').split('\n');
    assert.equal(written[1], 'aBcDefgHiJKLmnOpq');
    assert.equal(written[0], 'ABcDEFghij', 'the other panels are kept');
    process.kill(tmux.appPid(), 'SIGTERM');
    const lines = await tmux.until((l) => l.some((x) => x.startsWith('EXIT=')), 'the exit');
    assert.ok(lines.includes('EXIT=143'), lines.join('\n'));
    assert.ok(!lines.some((x) => x.includes('portunus')), 'the alternate screen is gone');
  } finally {
    tmux.kill();
  }
});
