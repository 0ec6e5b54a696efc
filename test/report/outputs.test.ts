/** The three renderings of a report: text, JSON (against its schema) and HTML (self-contained, escaped). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FINDING_CODES } from '../../src/diagnosis/codes';
import { ReportCollector } from '../../src/report/collector';
import { renderHtml } from '../../src/report/html';
import { reportJson, renderJson } from '../../src/report/json';
import type { ReportData } from '../../src/report/report-data';
import { renderText } from '../../src/report/text';
import { listScenarios, resolveScenario } from '../../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../../src/sources/simulation/simulation-source';
import type { Sample } from '../../src/sample/sample';
import { captureSamples } from '../screens/samples';
import { group, host, sample } from '../diagnosis/build';

function report(samples: Sample[], label = 'test'): ReportData {
  const c = new ReportCollector();
  for (const s of samples) c.push(s);
  return c.finish({ kind: 'capture', label, realtime: false }, [], null);
}

function lesson(name: string): Sample[] {
  const sc = resolveScenario(name);
  const src = new SimulationSource(sc, { seed: 1, stepSeconds: 5 });
  const out: Sample[] = [];
  for (let t = 0; t <= sc.durationS; t += 5) out.push(src.nextSample());
  return out;
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

type Json = unknown;
function isObject(x: Json): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The JSON report's schema, checked field by field. */
function checkSchema(doc: Json): void {
  assert.ok(isObject(doc));
  assert.ok(isObject(doc.host), 'host');
  assert.ok(Array.isArray(doc.groups), 'groups');
  const h = doc.host;
  for (const k of ['from', 'to']) assert.match(h[k] as string, ISO_UTC, `host.${k}`);
  assert.equal(typeof h.samples, 'number');
  assert.ok(Array.isArray(h.states) && h.states.every((s) => isObject(s) && typeof s.state === 'string' && typeof s.seconds === 'number' && typeof s.samples === 'number'));
  assert.ok(Array.isArray(h.transitions) && h.transitions.every((t) => isObject(t) && ISO_UTC.test(t.at as string) && typeof t.from === 'string' && typeof t.to === 'string'));
  assert.ok(Array.isArray(h.findings));
  const findings = [...(h.findings as Json[])];
  for (const g of doc.groups as Json[]) {
    assert.ok(isObject(g));
    assert.equal(typeof g.gid, 'number');
    assert.equal(typeof g.name, 'string');
    assert.ok(['vm', 'userworld', 'system'].includes(g.kind as string), `kind ${g.kind}`);
    assert.ok(Array.isArray(g.findings));
    for (const k of ['balloon', 'swap', 'compression']) {
      const p = g[k];
      if (p === null) continue;
      assert.ok(isObject(p) && typeof p.peakMB === 'number' && ISO_UTC.test(p.peakAt as string) && typeof p.seconds === 'number', `${k}`);
    }
    findings.push(...(g.findings as Json[]));
  }
  for (const f of findings) {
    assert.ok(isObject(f));
    assert.ok((FINDING_CODES as readonly string[]).includes(f.code as string), `code ${f.code}`);
    assert.match(f.from as string, ISO_UTC);
    assert.match(f.to as string, ISO_UTC);
    assert.ok(Date.parse(f.from as string) <= Date.parse(f.to as string));
    assert.ok(typeof f.text === 'string' && f.text.length > 0);
    assert.ok(isObject(f.evidence) && Object.keys(f.evidence).length > 0);
    for (const v of Object.values(f.evidence)) assert.ok(v === null || typeof v === 'number' || typeof v === 'string');
    assert.ok(Array.isArray(f.causes) && f.causes.every((c) => (FINDING_CODES as readonly string[]).includes(c as string)));
  }
}

test('report --json on the real capture: the schema, and the findings the diagnosis tests expect', async () => {
  const r = report(await captureSamples('esxi65-ballooning-a.csv'));
  const doc = JSON.parse(renderJson(r));
  checkSchema(doc);
  assert.equal(doc.host.from, '2018-04-24T10:49:12.000Z');
  assert.equal(doc.host.to, '2018-04-24T10:49:22.000Z');
  assert.deepEqual(doc.host.states, [{ state: 'clear', seconds: 10, samples: 3 }]);
  const portunus = doc.groups.find((g: { name: string }) => g.name === 'portunus');
  assert.equal(portunus.gid, 1303673);
  assert.equal(portunus.kind, 'vm');
  assert.equal(portunus.balloon.peakMB, 1302);
  const max = portunus.findings.find((f: { code: string }) => f.code === 'balloon-max');
  assert.deepEqual({ MCTLSZ: max.evidence.MCTLSZ, MCTLMAX: max.evidence.MCTLMAX }, { MCTLSZ: 1302, MCTLMAX: 1300.15 });
  assert.equal(max.from, '2018-04-24T10:49:12.000Z');
  assert.deepEqual(doc.groups.map((g: { name: string }) => g.name), ['portunus', 'ananke', 'hermes', 'poseidon', 'ouranos', 'styx']);
});

test('report --json of every lesson and capture follows the schema', async () => {
  for (const { name } of listScenarios()) checkSchema(reportJson(report(lesson(name))));
  for (const name of ['esxi65-ballooning-b.csv', 'excel-resaved.csv']) checkSchema(JSON.parse(renderJson(report(await captureSamples(name)))));
});

test('text: a summary first, lines of at most 100 columns, every affected VM listed', async () => {
  const text = renderText(report(await captureSamples('esxi65-ballooning-a.csv'), 'esxi65-ballooning-a.csv'));
  assert.match(text, /^balloontop report: localhost\.home\n/);
  assert.match(text, /^Time {6}2018-04-24 10:49:12 to 2018-04-24 10:49:22 UTC, 10s, 3 samples, every 5s$/m);
  assert.match(text, /SUMMARY\n {2}Host: in clear state all the time\n/);
  assert.match(text, /^ {2}portunus: Balloon at its maximum \(MCTLSZ 1302 MB, MCTLMAX 1300\.15 MB\)/m);
  assert.match(text, /^ {2}clear +10s +100% +3 samples$/m);
  for (const vm of ['portunus', 'ananke', 'hermes', 'poseidon', 'ouranos', 'styx']) assert.match(text, new RegExp(`^  ${vm} +VM `, 'm'));
  for (const name of listScenarios().map((l) => l.name)) {
    const r = report(lesson(name));
    for (const width of [100, 80]) {
      for (const line of renderText(r, width).split('\n')) assert.ok(line.length <= width, `${name}: ${line.length} of ${width} columns: ${line}`);
    }
  }
  assert.doesNotMatch(text, /[^\x20-\x7e\n]/, 'ASCII only: it pastes anywhere');
});

test('text: a host that never reclaimed says so', async () => {
  const text = renderText(report(await captureSamples('excel-resaved.csv')));
  assert.match(text, /HOST FINDINGS\n {2}none: the host was not short of memory/);
  assert.match(text, /GROUPS THAT BALLOONED, SWAPPED OR COMPRESSED \(0\)\n {2}none/);
});

const HOSTILE = '<img src=http://127.0.0.1:9/x onerror=alert(1)>"\'&\x1b[31mred\x07';

test('HTML: one self-contained file: a CSP that forbids every request, no script, no external reference, one chart per affected VM', () => {
  const samples = lesson('overcommit');
  const html = renderHtml(report(samples));
  assert.match(html, /^<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  for (const bad of [/<script/i, /\ssrc=/i, /<link/i, /@import/i, /url\(/i, /https?:/i, /href="(?!#)/i, /xmlns/i]) assert.doesNotMatch(html, bad, 'no URL at all, not even a namespace (inline SVG in HTML needs none)');
  const r = report(samples);
  const charted = r.groups.filter((g) => g.kind === 'vm' && (g.balloon || g.swap)).length;
  assert.equal((html.match(/<svg class="chart"/g) ?? []).length, 1 + charted);
  assert.ok((html.match(/<path class="line /g) ?? []).length >= 1 + 2 * charted);
  assert.match(html, /@media \(prefers-color-scheme: dark\)/);
  assert.match(html, /@media print/);
});

test('HTML and text: names from the data are escaped and stripped of control characters', () => {
  const s = [0, 1].map((i) => sample(i, host('soft'), [group(9, HOSTILE, { MCTLSZ: 100 + i })]));
  for (const x of s) x.host.hostname = HOSTILE;
  const r = report(s, HOSTILE);
  const html = renderHtml(r);
  assert.doesNotMatch(html, /<img/);
  assert.doesNotMatch(html, /[\x00-\x08\x0b-\x1f\x7f]/);
  assert.match(html, /&lt;img src=http:\/\/127\.0\.0\.1:9\/x onerror=alert\(1\)&gt;&quot;&#39;&amp;red/, 'the escape sequence is gone, the rest escaped');
  const text = renderText(r);
  assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f]/);
  const json = renderJson(r);
  assert.equal(JSON.parse(json).groups[0].name, HOSTILE, 'JSON keeps the name exactly (escaped by JSON itself)');
});

test('hundreds of VMs: the summary names the 20 heaviest and counts the rest; every group keeps its own section', () => {
  const vms = Array.from({ length: 300 }, (_, i) => group(1000 + i, `vm${String(i).padStart(3, '0')}`, { MCTLSZ: 100 + i, MCTLTGT: 100 + i }));
  const data = report([sample(0, host('soft'), vms), sample(1, host('soft'), vms)]);
  const text = renderText(data);
  const summary = text.slice(text.indexOf('SUMMARY\n'), text.indexOf('HOST MEMORY STATE'));
  assert.equal((summary.match(/^ {2}vm\d{3}: /gm) ?? []).length, 20);
  assert.match(summary, /^ {2}vm299: /m, 'the heaviest first');
  assert.match(summary, /^ {2}\.\.\. and 280 more groups that ballooned, swapped or compressed \(below\)$/m);
  assert.equal((text.match(/^vm\d{3} {2}\(VM, GID/gm) ?? []).length, 300);
  const html = renderHtml(data);
  const htmlSummary = html.slice(html.indexOf('<section id="summary">'), html.indexOf('</section>', html.indexOf('<section id="summary">')));
  assert.equal((htmlSummary.match(/<li><a href="#g/g) ?? []).length, 20);
  assert.match(htmlSummary, /\.\.\. and 280 more groups that ballooned, swapped or compressed \(below\)/);
});

test('no host finding: the words claim only what the data shows (a VM ballooned while the host counters lack it; a host without its state)', () => {
  const ballooned = report([sample(0, host('high', { memctlCurrent: null }), [group(1, 'vm1', { MCTLSZ: 500, MCTLTGT: 500 })])]);
  const text = renderText(ballooned);
  assert.match(text, /HOST FINDINGS\n {2}none: the host was not short of memory; its own balloon, swap and compression counters show none\n {4}or are missing, but the groups below were reclaimed\n/);
  assert.match(renderHtml(ballooned), /No host findings: the host was not short of memory; its own balloon, swap and compression counters show none or are missing, but the groups below were reclaimed\./);
  const blind = renderText(report([sample(0, host(null), [group(1, 'vm1', {})])]));
  assert.match(blind, /HOST FINDINGS\n {2}none: the host's state is not in the data; nothing was ballooned, swapped or compressed\n/);
  assert.match(renderText(report([sample(0, host('high'), [group(1, 'vm1', {})])])), /HOST FINDINGS\n {2}none: the host was not short of memory and nothing was ballooned, swapped or compressed\n/);
});
