/**
 * End to end in a real terminal: `balloontop` with no arguments opens the
 * dashboard on the default scenario, showing the memory header and the
 * lesson's first caption.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI } from '../support/paths';
import { requireTool } from '../support/tools';
import { DEFAULT_SCENARIO, resolveScenario } from '../../src/sources/simulation/scenario/catalog';

function tmux(socket: string, ...args: string[]): string {
  const r = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  return r.stdout ?? '';
}

test('balloontop with no arguments shows the memory header and the default lesson\'s first caption', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const sc = resolveScenario(DEFAULT_SCENARIO);
  const first = sc.timeline.find((e) => e.action === 'narrate');
  assert.ok(first && first.action === 'narrate');
  // The caption may be wrapped: look for its first words.
  const captionStart = first.text.split(' ').slice(0, 5).join(' ');
  const socket = `bt-sim-e2e-${process.pid}`;
  const cmd = `NCURSES_NO_UTF8_ACS=1 TERM=xterm-256color ${process.execPath} ${CLI}; echo "[exit $?]"; sleep 30`;
  tmux(socket, 'new-session', '-d', '-s', 'e2e', '-x', '160', '-y', '50', cmd);
  try {
    let pane = '';
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      pane = tmux(socket, 'capture-pane', '-p', '-t', 'e2e');
      if ((pane.includes('PMEM  /MB:') && pane.includes(captionStart)) || pane.includes('[exit ')) break;
    }
    assert.match(pane, /PMEM {2}\/MB:/, pane);
    assert.ok(pane.includes(captionStart), `caption "${captionStart}" not on screen:\n${pane}`);
    tmux(socket, 'send-keys', '-t', 'e2e', 'q');
  } finally {
    tmux(socket, 'kill-server');
  }
});
