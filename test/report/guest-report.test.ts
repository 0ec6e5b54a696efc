/**
 * `report guest ...`: a guest's own view reported as such (its balloon, its
 * findings, its OOM kills with the balloon then, what could not be read),
 * not as an empty host. Samples from the guest source on a fixture root.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReportCollector } from '../../src/report/collector';
import { renderHtml } from '../../src/report/html';
import { renderJson } from '../../src/report/json';
import { renderText } from '../../src/report/text';
import type { ReportData } from '../../src/report/report-data';
import type { Sample } from '../../src/sample/sample';
import { guestSamples, modernVmmemctl, oomKilledLine, uptimeStamp, vmwareGuestRoot } from '../sources/guest/fixtures';
import { captureSamples } from '../screens/samples';
import { runCli } from '../support/run-cli';




function report(samples: Sample[]): ReportData {
  const c = new ReportCollector();
  for (const s of samples) c.push(s);
  return c.finish({ kind: 'guest', label: 'guest files', realtime: true }, [], null);
}

test('the text of a guest report: its balloon, findings, kills and missing values, no host sections', async () => {
  const root = vmwareGuestRoot({ 'vmware-toolbox-cmd/stat-memres.txt': null });
  try {
    const samples = await guestSamples(root, 3, (i) => i === 2 && root.write('sys/kernel/debug/vmmemctl', modernVmmemctl({ targetPages: 786432, currentPages: 786432 })));
    const text = renderText(report(samples));
    assert.match(text, /^Guest {5}vmw_balloon active on VMware, 7961\.27 MB of memory/m);
    assert.match(text, /GUEST SUMMARY\n {2}Balloon: peak 3072 MB \(39% of the guest's memory\) at 12:00:10, held 10s over 3 samples; 3072 MB at\n {4}the end \(target 3072 MB\)/);
    assert.match(text, /^ {2}\* guest-limit 12:00:00 - 12:00:10 \(3 samples, already at the first sample, still at the end\)$/m);
    assert.match(text, /^ {2}\* guest-oom-balloon 12:00:00 - 12:00:10 \([^)]*\n? *inferred\)/m);
    assert.match(text, /OOM KILLS IN THE KERNEL LOG \(1\)\n {2}2026-03-01 08:00:00 UTC pid 4242 java; balloon then: not in the data \(before the first sample,\n +12:00:00\)/);
    assert.match(text, /NOT READ AT THE LAST SAMPLE \(missing, never 0\)\n {2}reservation: no saved output /);
    for (const host of ['HOST MEMORY STATE', 'HOST FINDINGS', 'GROUPS THAT BALLOONED', 'Host: in unknown state']) assert.ok(!text.includes(host), host);
  } finally {
    root.remove();
  }
});

test('the JSON of a guest report: guest.last as guest --json writes it, the peak, the findings, the kills with the balloon then; null for a host', async () => {
  const root = vmwareGuestRoot({ 'vmware-toolbox-cmd/stat-memres.txt': null });
  try {
    const doc = JSON.parse(renderJson(report(await guestSamples(root, 2))));
    assert.deepEqual(doc.groups, []);
    const g = doc.guest;
    assert.equal(g.last.balloonMB, 2048);
    assert.equal(g.last.limitMB, 4096);
    assert.equal(g.last.reservationMB, null);
    assert.match(g.last.missing.reservationMB, /stat-memres\.txt/);
    assert.deepEqual(g.balloon, { peakMB: 2048, peakAt: '2026-03-01T12:00:00.000Z', from: '2026-03-01T12:00:00.000Z', to: '2026-03-01T12:00:05.000Z', seconds: 5, samples: 2 });
    assert.deepEqual(g.findings.map((f: { code: string }) => f.code), ['guest-limit', 'guest-oom-balloon', 'guest-ballooning']);
    assert.deepEqual(g.oomKills, [{ time: '2026-03-01T08:00:00.500Z', pid: 4242, process: 'java', cgroup: false, clock: 'boot', balloonThen: { how: 'before-data', mb: null, at: '2026-03-01T12:00:00.000Z' } }]);
  } finally {
    root.remove();
  }
  assert.equal(JSON.parse(renderJson(report(await captureSamples('esxi65-ballooning-a.csv')))).guest, null);
});

test('the HTML of a guest report: the guest section, escaped, without the host sections', async () => {
  const root = vmwareGuestRoot({ 'vmware-toolbox-cmd/stat-memres.txt': null });
  try {
    root.write('dmesg.txt', `${uptimeStamp(3600.5)} ${oomKilledLine(4242, '<img src=x>')}\n`);
    const html = renderHtml(report(await guestSamples(root, 1)));
    assert.match(html, /<section id="guest"><h2>The guest<\/h2>/);
    assert.match(html, /<span class="code">guest-limit<\/span>/);
    assert.ok(html.includes('pid 4242  &lt;img src=x&gt;; balloon then'), 'the process name is escaped');
    assert.doesNotMatch(html, /<img|id="host"|id="groups"/);
  } finally {
    root.remove();
  }
});

test('balloontop report guest --root DIR: the guest report on stdout, exit 0', async () => {
  const root = vmwareGuestRoot({ 'vmware-toolbox-cmd/stat-memres.txt': null });
  try {
    const r = await runCli(['report', 'guest', '--root', root.dir, '-n', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^balloontop report: web01\n/);
    assert.match(r.stdout, /GUEST FINDINGS\n {2}\* guest-limit/);
    assert.match(r.stdout, /The host limits this VM to 4096 MB of the 7961\.27 MB it sees/);
  } finally {
    root.remove();
  }
});

test('report guest --root DIR without -n reads the collected files once and ends (they do not change)', async () => {
  const root = vmwareGuestRoot();
  try {
    const r = await runCli(['report', 'guest', '--root', root.dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.host.samples, 1);
    assert.equal(doc.guest.last.balloonMB, 2048);
  } finally {
    root.remove();
  }
});
