/**
 * Hostile text in a real terminal (tmux, 80x24): names with code points
 * terminals measure differently (unassigned, private use, newer than the
 * terminal's width table, Hangul jamo, format characters) draw rows exactly
 * as computed; a name that sets the window title or clears the screen does
 * neither, on the memory page, in the group graph's title or in a warning on
 * stderr; and `q` works while the reader skips millions of blank lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeCaptureWithNames } from '../support/named-capture';
import { requireTool } from '../support/tools';
import { balloontop, has, Terminal } from '../support/tmux';
import { CaptureSource } from '../../src/sources/capture/capture-source';
import { frameInput, frameText } from '../screens/frame-input';
import { makeGroup } from '../support/groups';
import { hostSample, recordingText } from '../support/hostile';

const NAMES = ['un\u0378x', 'pua\ue000x', 'new\u{1fae8}x', 'jamo\u1100\u1161x', 'circ\u3248x', 'soft\u00adx', 'arab\u0600x', 'exth\u{31350}x', 'title\x1b]2;PWNED\x07x', 'clear\x1b[2J\x1b[Hx', 'last'];

test('tmux at 80x24: names with code points of uncertain width draw rows as computed; none sets the title or clears the screen', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-hostile-names-'));
  const term = new Terminal();
  t.after(() => {
    term.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = writeCaptureWithNames(dir, NAMES, (i) => 4096 - i);
  const source = await CaptureSource.open(file);
  const first = await source.next();
  await source.close();
  assert.ok(first);
  const expected = frameText(frameInput(first, { width: 80, height: 24 }));
  term.start(balloontop('replay', file), { width: 80, height: 24 });
  const titleBefore = term.run('display-message', '-p', '-t', term.session, '#{pane_title}');
  const lines = await term.until((l) => has(l, /\blast\b/) && has(l, /sample 1 of 3/), 'the memory page');
  for (const [i, name] of NAMES.entries()) {
    const row = expected.findIndex((l) => l.includes(String(1000 + i)));
    assert.ok(row > 0, `a row for ${JSON.stringify(name)}`);
    assert.equal(lines[row].trimEnd(), expected[row].trimEnd(), `row ${row} (${JSON.stringify(name)})`);
  }
  // The group graph of the row with the title sequence: its chart title is drawn, the pane keeps its shape.
  const target = expected.findIndex((l) => l.includes('1008'));
  const firstRow = expected.findIndex((l) => l.includes('1000'));
  term.keys(...Array.from({ length: target - firstRow }, () => 'Down'), 'G');
  const graph = await term.until((l) => has(l, /\(GID 1008\)/), 'the group graph');
  assert.ok(graph.every((l) => l.length <= 80), 'no line wider than the pane');
  assert.equal(term.run('display-message', '-p', '-t', term.session, '#{pane_title}'), titleBefore, 'the pane title is unchanged');
  assert.ok(!graph.join('\n').includes('PWNED'));
  term.keys('q');
  await term.until((l) => has(l, /EXIT=0/), 'the exit');
});

test('tmux: warnings naming groups and counters from a file reach the terminal without their escape sequences', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-hostile-warn-'));
  const term = new Terminal();
  t.after(() => {
    term.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const evil = makeGroup(66, 'evil\x1b]2;PWNED\x07\x1b[2J\x1b[Hname', 'vm', { MEMSZ: 1 });
  const file = join(dir, 'late.jsonl');
  writeFileSync(file, recordingText([hostSample(Date.UTC(2018, 3, 24), [makeGroup(1, 'a', 'vm', { MEMSZ: 1 })]), hostSample(Date.UTC(2018, 3, 24, 0, 0, 5), [evil])]));
  term.start(`echo BEFORE; ${balloontop('replay', file, '-b')} > /dev/null`, { width: 200, height: 10 });
  const titleBefore = term.run('display-message', '-p', '-t', term.session, '#{pane_title}');
  const lines = await term.until((l) => has(l, /EXIT=0/), 'the run');
  assert.ok(has(lines, /^BEFORE$/), 'the screen was not cleared');
  assert.ok(has(lines, /group 66:evilname appeared after the first sample/), lines.join('\n'));
  assert.equal(term.run('display-message', '-p', '-t', term.session, '#{pane_title}'), titleBefore);
});

test('tmux: q quits at once while the reader skips three million blank lines of a recording', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-hostile-blank-'));
  const term = new Terminal();
  t.after(() => {
    term.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const g = [makeGroup(1, 'first', 'vm', { MEMSZ: 1 })];
  const [header, one, two] = recordingText([hostSample(Date.UTC(2018, 3, 24), g), hostSample(Date.UTC(2018, 3, 24, 0, 0, 5), g)]).split('\n');
  const file = join(dir, 'blank.jsonl');
  writeFileSync(file, `${header}\n${one}\n${'\n'.repeat(1_500_000)}${'x\n'.repeat(1_500_000)}${two}\n`);
  term.start(balloontop('replay', file), { width: 80, height: 24 });
  await term.until((l) => has(l, /\bfirst\b/), 'the memory page');
  term.keys('End');
  term.keys('q');
  await term.until((l) => has(l, /EXIT=0/), 'q to end the dashboard while blank lines are skipped');
});
