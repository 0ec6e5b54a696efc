/**
 * The interactive password prompt in a real terminal (tmux): it appears when
 * no password is given, does not echo what is typed, and the password works.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test, type TestContext } from 'node:test';
import { CLI } from '../../support/paths';
import { requireTool } from '../../support/tools';
import { requireVcsim, startVcsim } from '../../support/vcsim/vcsim';

const PASSWORD = 'Typed-S3cret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tmux(socket: string, ...args: string[]): string {
  const r = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args[0]}: ${r.stderr}`);
  return r.stdout;
}

async function waitFor(socket: string, pattern: RegExp, ms = 15000): Promise<string> {
  const end = Date.now() + ms;
  let screen = '';
  while (Date.now() < end) {
    screen = tmux(socket, 'capture-pane', '-p', '-t', 'live');
    if (pattern.test(screen)) return screen;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${pattern} in:\n${screen}`);
}

async function runInTerminal(t: TestContext, url: string, ca: string, typed: string): Promise<string> {
  const socket = `balloontop-live-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const cmd = `env -u GOVC_PASSWORD GOVC_URL='${url}' GOVC_USERNAME=admin GOVC_TLS_CA_CERTS='${ca}' '${process.execPath}' '${CLI}' live -b -n 1 > /dev/null; echo "EXIT=$?"; sleep 60`;
  tmux(socket, 'new-session', '-d', '-s', 'live', '-x', '150', '-y', '20', cmd);
  t.after(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  });
  await waitFor(socket, /Password for admin@127\.0\.0\.1:\d+:/);
  tmux(socket, 'send-keys', '-t', 'live', '-l', typed);
  tmux(socket, 'send-keys', '-t', 'live', 'Enter');
  return waitFor(socket, /EXIT=\d+/);
}

test('no password and a terminal: a prompt that does not echo, and the typed password logs in', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux') || !requireVcsim(t)) return;
  const sim = await startVcsim({ model: 'esx', vms: 1, tls: true, user: 'admin', password: PASSWORD });
  t.after(() => sim.stop());
  const screen = await runInTerminal(t, sim.url, sim.ca ?? '', PASSWORD);
  assert.ok(!screen.includes(PASSWORD), `the password was echoed:\n${screen}`);
  assert.ok(!screen.includes('login refused'), screen);
  // Logged in: batch output went to /dev/null and the command succeeded.
  assert.match(screen, /EXIT=0/);
});

test('a mistyped password at the prompt: login refused, still not echoed', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux') || !requireVcsim(t)) return;
  const sim = await startVcsim({ model: 'esx', vms: 1, tls: true, user: 'admin', password: PASSWORD });
  t.after(() => sim.stop());
  const screen = await runInTerminal(t, sim.url, sim.ca ?? '', 'Typo-Pass');
  assert.ok(!screen.includes('Typo-Pass'), screen);
  assert.match(screen, /login refused: wrong user name or password/);
  assert.match(screen, /EXIT=2/);
});
