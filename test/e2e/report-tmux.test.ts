/** End to end in a real 80x24 terminal: `balloontop report` fits the terminal's width; piped, it keeps 100 columns. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { capture, CLI, NODE_FLAGS } from '../support/paths';
import { requireTool } from '../support/tools';
import { runCli } from '../support/run-cli';

function tmux(socket: string, ...args: string[]): string {
  const r = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  return r.stdout ?? '';
}

test('report in an 80x24 terminal: no line wider than the terminal; piped, lines up to 100 columns', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const socket = `bt-report-e2e-${process.pid}`;
  const cmd = `${process.execPath} ${NODE_FLAGS.join(' ')} ${CLI} report replay ${capture('esxi65-ballooning-a.csv')}; echo "[exit $?]"; sleep 30`;
  tmux(socket, 'new-session', '-d', '-s', 'e2e', '-x', '80', '-y', '24', cmd);
  try {
    let text = '';
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && !text.includes('[exit ')) {
      await new Promise((r) => setTimeout(r, 250));
      // -J joins lines the terminal wrapped, so a line too wide shows as one long line.
      text = tmux(socket, 'capture-pane', '-p', '-J', '-S', '-', '-t', 'e2e');
    }
    assert.match(text, /\[exit 0\]/, text);
    assert.match(text, /^SUMMARY$/m);
    assert.match(text, /^ {2}portunus: Balloon at its maximum/m);
    const widest = Math.max(...text.split('\n').map((l) => l.trimEnd().length));
    assert.ok(widest <= 80, `a line of ${widest} columns`);
  } finally {
    tmux(socket, 'kill-server');
  }
  const piped = await runCli(['report', 'replay', capture('esxi65-ballooning-a.csv')]);
  const widest = Math.max(...piped.stdout.split('\n').map((l) => l.length));
  assert.ok(widest > 80 && widest <= 100, `piped: ${widest} columns`);
});
