/**
 * What a student sees: `balloontop serve sim` in one process, `balloontop
 * connect` in a real terminal (tmux): the memory page, LIVE, the connection
 * state and the scenario's caption; then the server goes away and the
 * dashboard keeps running and says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireTool } from '../support/tools';
import { balloontop, Terminal } from '../support/tmux';
import { startServe } from './serve-process';

test('connect in a terminal: the served simulation with its caption, then "reconnecting" when the server stops', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const s = await startServe(['sim', '--scenario', 'overcommit', '-d', '20', '--listen', '127.0.0.1:0']);
  const term = new Terminal();
  t.after(async () => {
    term.kill();
    await s.stop();
  });
  term.start(balloontop('connect', s.url, '-d', '2'), { height: 40 });
  const until = async (cond: (text: string) => boolean, what: string) => (await term.until((l) => cond(l.join('\n')), what)).join('\n');
  const first = await until((x) => x.includes('app01') && x.includes('LIVE'), 'the memory page');
  assert.match(first, /LIVE .* connected: 127\.0\.0\.1:\d+ serving overcommit \(simulated, seed 1\)/);
  assert.match(first, /Four VMs with 22 GB configured share a 16 GB host/, 'the caption reaches the student');
  await s.stop();
  const lost = await until((x) => /reconnecting: the server shut down|reconnecting: connection refused/.test(x), 'reconnecting');
  assert.match(lost, /app01/, 'the last sample stays on screen');
  term.keys('q');
  await until((x) => x.includes('EXIT=0'), 'quit with exit 0');
});
