/** `balloontop live` as a user runs it: arguments, GOVC_* variables, warnings, errors, and no password anywhere. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseEndpoint, stripUserInfo } from '../../../src/sources/vsphere/endpoint';
import { runCli } from '../../support/run-cli';
import { vcsimForFile } from '../../support/vcsim/vcsim';

const PASSWORD = 'Corr3ct-H0rse';
const NO_GOVC = { GOVC_URL: '', GOVC_USERNAME: '', GOVC_PASSWORD: '', GOVC_INSECURE: '', GOVC_TLS_CA_CERTS: '' };
const dir = mkdtempSync(join(tmpdir(), 'balloontop-live-'));

const simOrSkip = vcsimForFile({ model: 'esx', vms: 2, tls: true, user: 'admin', password: PASSWORD });

/** Connected: batch output follows, naming the VM. */
function assertConnected(r: { code: number | null; stdout: string; stderr: string }, vmName: string): void {
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes(vmName), r.stdout.slice(0, 400));
}

test('URL forms: host, host:port, full URL; user info is split off and never kept in the URL', () => {
  assert.equal(parseEndpoint('esxi01', 'live').url.href, 'https://esxi01/sdk');
  assert.equal(parseEndpoint('esxi01:8443', 'live').url.href, 'https://esxi01:8443/sdk');
  const e = parseEndpoint('https://root:p%40ss@vc01.example.com/sdk', 'GOVC_URL');
  assert.equal(e.url.href, 'https://vc01.example.com/sdk');
  assert.equal(e.user, 'root');
  assert.equal(e.password, 'p@ss');
  assert.equal(stripUserInfo('https://root:p@ss@vc01/sdk'), 'https://vc01/sdk');
  assert.throws(() => parseEndpoint('ftp://x', 'live'), /use an https:\/\/ \(or http:\/\/\) URL/);
});

test('no host, no user, no password without a terminal: one line each, exit 2', async () => {
  let r = await runCli(['live'], { env: NO_GOVC });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'balloontop: live: which host? (balloontop live https://esxi01.example.com, or set GOVC_URL)\n');
  r = await runCli(['live', 'https://127.0.0.1:1/sdk'], { env: NO_GOVC });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^balloontop: live: no user name: give --user USER, set GOVC_USERNAME/);
  r = await runCli(['live', 'https://127.0.0.1:1/sdk', '--user', 'admin'], { env: NO_GOVC });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'balloontop: live: no password for admin: give --password-file FILE or set GOVC_PASSWORD (no terminal to ask on)\n');
  r = await runCli(['live', 'https://127.0.0.1:1/sdk', '-u', 'admin', '--password-file', join(dir, 'nope')], { env: NO_GOVC });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--password-file .*nope: no such file/);
  r = await runCli(['live', 'https://127.0.0.1:1/sdk', '-u', 'admin', '--password', ''], { env: NO_GOVC });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /balloontop: live: the password is empty\n$/);
  const notPem = join(dir, 'not.pem');
  writeFileSync(notPem, 'hello');
  r = await runCli(['live', 'https://127.0.0.1:1/sdk', '-u', 'admin', '--password', 'x', '--ca', notPem], { env: NO_GOVC });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--ca .*not\.pem: no PEM certificate in it/);
  // A file named by GOVC_TLS_CA_CERTS is named so in the error, not as an option the user did not give.
  r = await runCli(['live', 'https://127.0.0.1:1/sdk', '-u', 'admin', '--password', 'x'], { env: { ...NO_GOVC, GOVC_TLS_CA_CERTS: `${join(dir, 'nope.pem')}:${notPem}` } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\nballoontop: GOVC_TLS_CA_CERTS .*nope\.pem: no such file\n$/);
  r = await runCli(['live', 'https://127.0.0.1:1/sdk', '-u', 'admin', '--password', 'x'], { env: { ...NO_GOVC, GOVC_TLS_CA_CERTS: notPem } });
  assert.match(r.stderr, /\nballoontop: GOVC_TLS_CA_CERTS .*not\.pem: no PEM certificate in it\n$/);
});

test('an empty --host or --cluster is an error before connecting, not "watch everything"', async () => {
  for (const option of ['--host', '--cluster']) {
    const r = await runCli(['live', 'https://127.0.0.1:1/sdk', '-u', 'admin', '--password', 'x', option, ' '], { env: NO_GOVC });
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`\\nballoontop: live: ${option} needs a name, an inventory path or a managed object id\\n$`), r.stderr);
  }
});

test('wrong password through GOVC_*: exit 2, one line, the password printed nowhere', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const r = await runCli(['live', '-b', '-n', '1'], { env: { ...NO_GOVC, GOVC_URL: s.url, GOVC_USERNAME: 'admin', GOVC_PASSWORD: 'Wr0ng-Guess', GOVC_TLS_CA_CERTS: s.ca ?? '' } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^balloontop: 127\.0\.0\.1:\d+: login refused: wrong user name or password \(InvalidLogin\)\n$/);
  assert.ok(!(r.stdout + r.stderr).includes('Wr0ng-Guess'));
});

test('TLS through the CLI: refused without the CA, accepted with --ca, and --insecure warns', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  const env = { ...NO_GOVC, GOVC_USERNAME: 'admin', GOVC_PASSWORD: PASSWORD };
  let r = await runCli(['live', s.url, '-b', '-n', '1'], { env });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /TLS certificate not trusted .*--ca FILE, or --insecure/);
  r = await runCli(['live', s.url, '--ca', s.ca ?? '', '-b', '-n', '1'], { env });
  assertConnected(r, s.vms[0].name);
  r = await runCli(['live', s.url, '-b', '-n', '1'], { env: { ...env, GOVC_INSECURE: '1' } });
  assert.match(r.stderr, /warning: TLS certificate verification is off \(--insecure\)/);
  assertConnected(r, s.vms[0].name);
  assert.ok(!(r.stdout + r.stderr).includes(PASSWORD));
});

test('a password on the command line (flag or URL) works but warns, and is not echoed', async (t) => {
  const s = simOrSkip(t);
  if (!s) return;
  let r = await runCli(['live', s.url, '--ca', s.ca ?? '', '--user', 'admin', '--password', PASSWORD, '-b', '-n', '1'], { env: NO_GOVC });
  assert.match(r.stderr, /warning: a password given with --password is visible to other users/);
  assertConnected(r, s.vms[0].name);
  assert.ok(!(r.stdout + r.stderr).includes(PASSWORD));
  const withUserInfo = s.url.replace('https://', `https://admin:${PASSWORD}@`);
  r = await runCli(['live', withUserInfo, '--ca', s.ca ?? '', '-b', '-n', '1'], { env: NO_GOVC });
  assert.match(r.stderr, /warning: a password in the URL is visible to other users/);
  assertConnected(r, s.vms[0].name);
  assert.ok(!(r.stdout + r.stderr).includes(PASSWORD));
  // From a file: no warning.
  const file = join(dir, 'pw');
  writeFileSync(file, `${PASSWORD}\n`, { mode: 0o600 });
  r = await runCli(['live', s.url, '--ca', s.ca ?? '', '-u', 'admin', '--password-file', file, '-b', '-n', '1'], { env: NO_GOVC });
  assert.ok(!r.stderr.includes('warning'), r.stderr);
  assertConnected(r, s.vms[0].name);
});
