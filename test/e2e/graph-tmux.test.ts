/**
 * The graph view in a real terminal: tmux runs `balloontop replay` on the real
 * capture; `g` shows the charts with the legend and the state, a resize of the
 * window redraws them, `g` returns to the table and `q` exits cleanly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { themeFor } from '../../screens/parts/theme';
import { requireTool } from '../support/tools';
import { has, Terminal } from '../support/tmux';

test('tmux: replay, g shows the graph with its legend and the state; resize redraws; g returns; q exits 0', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const term = new Terminal();
  term.start('node bin/balloontop replay ../shared/captures/esxi65-ballooning-a.csv --speed 16');
  const until = term.until.bind(term);
  try {
    await until((l) => has(l, /portunus/) && has(l, /sample 3 of 3/), 'the memory page at the last sample');
    term.keys('g');
    const legend = [/│free +│/, /│soft 64% 258 +│/, /│hard 32% 129 +│/, /│low 16% 64 +│/, /│MEMCTL curr +│/, /│SWAP curr +│/, /│ZIP zipped +│/];
    // The pane is read while the terminal draws: wait for the whole chart, then check it.
    let lines = await until((l) => has(l, /host free memory, MB.*state: clear, 3 samples/) && has(l, /clear 100% 403/) && legend.every((re) => has(l, re)), 'the host graph with its legend');
    for (const label of legend) assert.ok(has(lines, label), `legend ${label}`);
    assert.match(lines[2], /^VMKMEM\/MB: +8043 managed: +403 minfree/, 'the header stays');
    assert.ok(has(lines, /04\/24\/2018 10:49:\d\d UTC {2}sample \d of 3/), 'the status line stays');
    assert.ok(has(lines, /10:49:12/), 'UTC time axis');
    // The free-memory line is drawn in the dark theme's palette colour, not collapsed to a basic colour.
    assert.match(term.pane(true).join('\n'), new RegExp(`\x1b\\[[0-9;]*38;5;${themeFor('dark').seriesColour('free')}m[\u2801-\u28ff]`));
    term.resize(100, 30);
    lines = await until((l) => /sample \d of 3/.test(l[29] ?? '') && (l[7] ?? '').replace(/\s+$/, '').length === 100 && has(l, /│clear 100% 403/), 'the graph at 100x30');
    assert.ok(lines.slice(0, 30).every((l) => l.length <= 100));
    term.keys('g');
    await until((l) => has(l, /^\s+GID NAME/) && !has(l, /host free memory/), 'the table again');
    term.keys('q');
    lines = await until((l) => has(l, /^EXIT=/), 'the exit');
    assert.ok(lines.includes('EXIT=0'), lines.join('\n'));
  } finally {
    term.kill();
  }
});
