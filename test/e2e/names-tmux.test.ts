/**
 * Names that are hard to draw (emoji, CJK, flags, combining accents, ZWJ
 * sequences, skin tones, bidi overrides, escape sequences) in a real
 * terminal: every row of the pane is exactly the row the pure frame computed,
 * so the terminal's idea of each character's width matches balloontop's and
 * no row shifts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeCaptureWithNames } from '../support/named-capture';
import { requireTool } from '../support/tools';
import { balloontop, has, Terminal } from '../support/tmux';
import { CaptureSource } from '../../src/sources/capture/capture-source';
import { frameInput, frameText } from '../screens/frame-input';

const NAMES = ['web👍01', '日本語vm', '❤️db', 'fam👨‍👩‍👧x', 'e\u0301x', '🇫🇷flag', '👍🏽ok', 'bidi\u202eevil', 'esc\x1b[2Jx', '数据库服务器很长的名字', 'plain'];

test('tmux at 80x24: rows with emoji, CJK, joiners and control characters in names are drawn exactly as computed', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-names-'));
  const term = new Terminal();
  t.after(() => {
    term.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = writeCaptureWithNames(dir, NAMES, (i) => 2048 + i);
  const source = await CaptureSource.open(file);
  const first = await source.next();
  await source.close();
  assert.ok(first);
  const expected = frameText(frameInput(first, { width: 80, height: 24 }));
  term.start(`${balloontop('replay', file)}`, { width: 80, height: 24 });
  const lines = await term.until((l) => has(l, /\bplain\b/) && has(l, /sample 1 of 3/), 'the memory page');
  for (const name of NAMES) {
    const row = expected.findIndex((l) => l.includes(String(1000 + NAMES.indexOf(name))));
    assert.ok(row > 0, `a row for ${JSON.stringify(name)}`);
    assert.equal(lines[row].trimEnd(), expected[row].trimEnd(), `row ${row} (${JSON.stringify(name)})`);
  }
  const pane = term.pane(true).join('\n');
  assert.ok(!/\x1b\][^\x07]*\x07|\x1b\[2J/.test(pane), 'no escape sequence from a name reached the terminal');
});
