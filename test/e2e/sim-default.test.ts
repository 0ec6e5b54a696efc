/**
 * End to end in a real terminal: `balloontop` with no arguments opens the
 * dashboard on the default scenario, showing the memory header and the
 * lesson's first caption.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireTool } from '../support/tools';
import { balloontop, Terminal } from '../support/tmux';
import { DEFAULT_SCENARIO, resolveScenario } from '../../src/sources/simulation/scenario/catalog';

test('balloontop with no arguments shows the memory header and the default lesson\'s first caption', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const sc = resolveScenario(DEFAULT_SCENARIO);
  const first = sc.timeline.find((e) => e.action === 'narrate');
  assert.ok(first && first.action === 'narrate');
  // The caption may be wrapped: look for its first words.
  const captionStart = first.text.split(' ').slice(0, 5).join(' ');
  const term = new Terminal();
  term.start(balloontop());
  try {
    const pane = (await term.until((l) => (l.join('\n').includes('PMEM  /MB:') && l.join('\n').includes(captionStart)) || l.some((x) => x.startsWith('EXIT=')), 'the memory page and the caption')).join('\n');
    assert.match(pane, /PMEM {2}\/MB:/, pane);
    assert.ok(pane.includes(captionStart), `caption "${captionStart}" not on screen:\n${pane}`);
    term.keys('q');
  } finally {
    term.kill();
  }
});
