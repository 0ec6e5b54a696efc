/**
 * The interactive password prompt in a real terminal (tmux): it appears when
 * no password is given, does not echo what is typed, and the password works.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { balloontop, has, Terminal } from '../../support/tmux';
import { requireTool } from '../../support/tools';
import { requireVcsim, startVcsim } from '../../support/vcsim/vcsim';

const PASSWORD = 'Typed-S3cret';
async function runInTerminal(t: TestContext, url: string, ca: string, typed: string): Promise<string> {
  const term = new Terminal();
  t.after(() => term.kill());
  term.start(`env -u GOVC_PASSWORD ${balloontop('live', '-b', '-n', '1')} > /dev/null`, { width: 150, height: 20, env: { GOVC_URL: url, GOVC_USERNAME: 'admin', GOVC_TLS_CA_CERTS: ca } });
  await term.until((l) => has(l, /Password for admin@127\.0\.0\.1:\d+:/), 'the password prompt');
  term.type(typed);
  term.keys('Enter');
  return (await term.until((l) => has(l, /EXIT=\d+/), 'the exit')).join('\n');
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
