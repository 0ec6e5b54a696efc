/**
 * The live dashboard as an administrator sees it over SSH: 80x24, a vCenter
 * cluster in vcsim. What the status line says of the watched hosts (a host in
 * maintenance mode, one vCenter lost) and why it reconnects must fit there,
 * not only on a wide terminal.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { balloontop, Terminal } from '../../support/tmux';
import { requireTool } from '../../support/tools';
import { requireVcsim, startVcsim } from '../../support/vcsim/vcsim';
import { AdminClient } from './admin-client';

test('80x24: the status line says which host is in maintenance mode or lost, and why it reconnects', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux') || !requireVcsim(t)) return;
  const sim = await startVcsim({ model: 'vpx', vms: 1, clusterHosts: 2, user: 'admin', password: 'S3cret-pw' });
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-live-tmux-'));
  const term = new Terminal();
  let admin: AdminClient | null = null;
  t.after(async () => {
    term.kill();
    await admin?.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, 'S3cret-pw\n', { mode: 0o600 });
  const cluster = sim.clusters[0];
  const [first, second] = sim.hosts.filter((h) => h.path.startsWith(`${cluster.path}/`));
  term.start(balloontop('live', sim.url, '-u', 'admin', '--password-file', passwordFile, '--cluster', cluster.ref, '-d', '2'), { width: 80, height: 24 });
  const statusLine = async (re: RegExp, what: string) => (await term.until((l) => re.test(l[23] ?? ''), what, 30_000))[23];
  assert.match(await statusLine(/LIVE .*connected/, 'connected'), /^ LIVE /);

  admin = await AdminClient.connect(sim.url, { user: 'admin', password: 'S3cret-pw' });
  await admin.maintenance(first.ref, true);
  const maintenance = await statusLine(new RegExp(`${first.name} in maintenance mode`), 'the host in maintenance mode');
  assert.match(maintenance, /^ LIVE {2}\S.* {2}connected: /);
  assert.ok(maintenance.length <= 80);

  await admin.maintenance(first.ref, false);
  await sim.connection(second.ref, 'notResponding');
  await statusLine(new RegExp(`connected: ${second.name} not responding`), 'the host vCenter lost');
  await sim.connection(second.ref, 'connected');
  await statusLine(/connected(?!:)/, 'all hosts back');

  await admin.close();
  admin = null;
  await sim.stop();
  await statusLine(/reconnecting: (connection refused|connection closed by the server)/, 'reconnecting with its reason');
  term.keys('q');
  await term.until((l) => l.some((x) => x.includes('EXIT=0')), 'quit with exit 0');
});
