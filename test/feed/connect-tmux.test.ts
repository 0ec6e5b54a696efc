/**
 * What a student sees: `balloontop serve sim` in one process, `balloontop
 * connect` in a real terminal (tmux): the memory page, LIVE, the connection
 * state and the scenario's caption; then the server goes away and the
 * dashboard keeps running and says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireTool } from '../support/tools';
import { PROJECT_ROOT } from '../support/paths';
import { startServe } from './serve-process';

test('connect in a terminal: the served simulation with its caption, then "reconnecting" when the server stops', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const s = await startServe(['sim', '--scenario', 'overcommit', '-d', '20', '--listen', '127.0.0.1:0']);
  const socket = `balloontop-feed-${process.pid}`;
  const config = mkdtempSync(join(tmpdir(), 'balloontop-feed-tmux-'));
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  t.after(async () => {
    try {
      tmux('kill-server');
    } catch {
      // gone
    }
    rmSync(config, { recursive: true, force: true });
    await s.stop();
  });
  tmux('new-session', '-d', '-s', 'c', '-x', '160', '-y', '40', `cd '${PROJECT_ROOT}' && XDG_CONFIG_HOME='${config}' NCURSES_NO_UTF8_ACS=1 TERM=xterm-256color node bin/balloontop connect ${s.url} -d 2; echo "EXIT=$?"; sleep 60`);
  const until = async (cond: (text: string) => boolean, what: string, ms = 15_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const text = tmux('capture-pane', '-p', '-t', 'c');
      if (cond(text)) return text;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; pane:\n${text}`);
      await sleep(100);
    }
  };
  const first = await until((x) => x.includes('app01') && x.includes('LIVE'), 'the memory page');
  assert.match(first, /LIVE .* connected: 127\.0\.0\.1:\d+ serving overcommit \(simulated, seed 1\)/);
  assert.match(first, /Four VMs with 22 GB configured share a 16 GB host/, 'the caption reaches the student');
  await s.stop();
  const lost = await until((x) => /reconnecting: the server shut down|reconnecting: connection refused/.test(x), 'reconnecting');
  assert.match(lost, /app01/, 'the last sample stays on screen');
  tmux('send-keys', '-t', 'c', 'q');
  await until((x) => x.includes('EXIT=0'), 'quit with exit 0');
});
