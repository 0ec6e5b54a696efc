/**
 * The report as one self-contained HTML file: inline CSS and SVG, no script,
 * no request of any kind (a Content-Security-Policy of default-src 'none'
 * makes sure), readable on light and dark screens and on paper. Every text
 * from the data is escaped.
 */
import { isConsequence } from '../diagnosis/codes';
import { evidenceWords } from '../diagnosis/describe';
import { mb, pct } from '../diagnosis/words';
import { STATE_THRESHOLDS } from '../sample/mem-state';
import type { SeriesView } from './downsampled-series';
import { escapeHtml as esc } from './html-escape';
import { moreGroupsWords, noHostFindingWords, summaryGroups, type Peak, type ReportData, type ReportFinding, type ReportGroup, type ReportGuest } from './report-data';
import { killWords } from '../guest/kill-words';
import { missingByReason } from '../guest/missing-words';
import { lineChart, type ChartBand, type ChartSeries } from './svg-chart';
import { mainFinding, stateSummary } from './text';
import { dateTime, duration, timeFormatFor } from './time-format';

/** VMs charted at most (the largest first); the others are listed without a chart. */
const MAX_CHARTS = 40;

const KIND_WORD = { vm: 'VM', userworld: 'user world', system: 'system group' } as const;

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa;
  --free: #0969da; --balloon: #9a6700; --swap: #cf222e; --max: #8250df; --edge: #59636e;
  --high: #1a7f37; --clear: #7d8f00; --soft: #d4751c; --hard: #bc4c00; --low: #cf222e; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --card: #151b23;
    --free: #4493f8; --balloon: #d29922; --swap: #ff7b72; --max: #ab7df8; --edge: #9198a1;
    --high: #3fb950; --clear: #c2d94c; --soft: #f0a04b; --hard: #f0883e; --low: #ff7b72; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 980px; padding: 24px; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.5em; margin: 0 0 4px; } h2 { font-size: 1.2em; margin: 32px 0 8px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05em; margin: 24px 0 4px; }
.meta, .muted { color: var(--muted); } code { font: 0.92em ui-monospace, SFMono-Regular, Menlo, monospace; }
table { border-collapse: collapse; margin: 8px 0; } th, td { padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.finding { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 8px 0; break-inside: avoid; }
.finding p { margin: 4px 0; } .code { font-weight: 600; } .when { color: var(--muted); }
.evidence code { white-space: nowrap; } .why { color: var(--muted); }
.chart { width: 100%; height: auto; display: block; margin: 8px 0; }
.chart .grid { stroke: var(--line); stroke-width: 1; } .chart .frame { fill: none; stroke: var(--line); }
.chart .tick { fill: var(--muted); font-size: 11px; }
.chart .line { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; } .chart .dashed { stroke-dasharray: 6 4; stroke-width: 1.5; }
.s-free { stroke: var(--free); } .s-balloon { stroke: var(--balloon); } .s-swap { stroke: var(--swap); } .s-max { stroke: var(--max); } .s-edge { stroke: var(--edge); }
.band { opacity: 0.12; } .b-high { fill: var(--high); } .b-clear { fill: var(--clear); } .b-soft { fill: var(--soft); } .b-hard { fill: var(--hard); } .b-low { fill: var(--low); }
.legend { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 4px 16px; color: var(--muted); font-size: 0.9em; }
.legend span { display: inline-block; width: 18px; height: 0; border-top-width: 3px; border-top-style: solid; vertical-align: middle; margin-right: 6px; }
.legend .dash { border-top-style: dashed; }
.k-free { border-color: var(--free); } .k-balloon { border-color: var(--balloon); } .k-swap { border-color: var(--swap); } .k-max { border-color: var(--max); } .k-edge { border-color: var(--edge); }
.st-high { color: var(--high); } .st-clear { color: var(--clear); } .st-soft { color: var(--soft); } .st-hard { color: var(--hard); } .st-low { color: var(--low); }
section.group { break-inside: avoid-page; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } h2 { break-after: avoid; } .finding { background: none; } }
`;

function scaled(s: SeriesView, factor: number): SeriesView {
  return { min: s.min.map((v) => v * factor), max: s.max.map((v) => v * factor) };
}

function legend(items: { label: string; key: string; dashed?: boolean }[]): string {
  return `<ul class="legend">${items.map((i) => `<li><span class="k-${i.key}${i.dashed ? ' dash' : ''}"></span>${esc(i.label)}</li>`).join('')}</ul>`;
}

function hostChart(r: ReportData, time: (ms: number) => string): string {
  const c = r.charts;
  if (!c.hostFree) return '<p class="muted">No free-memory counter in the data: no chart.</p>';
  const series: ChartSeries[] = [{ label: 'free memory', cls: 's-free', data: c.hostFree }];
  const bands: ChartBand[] = [];
  const items = [{ label: 'free memory (MB)', key: 'free' }];
  const m = r.minFreeMB;
  if (c.minFree && m !== null) {
    for (const s of ['clear', 'soft', 'hard'] as const) {
      series.push({ label: `${s} from ${pct(STATE_THRESHOLDS[s] * 100)} of minFree`, cls: 's-edge', data: scaled(c.minFree, STATE_THRESHOLDS[s]), dashed: true });
    }
    items.push({ label: `state boundaries: clear from ${mb(m)}, soft from ${mb(Math.round(m * 0.64))}, hard from ${mb(Math.round(m * 0.32))} (bands: high, clear, soft, hard, low)`, key: 'edge' });
    const edges = [0, STATE_THRESHOLDS.hard, STATE_THRESHOLDS.soft, STATE_THRESHOLDS.clear, STATE_THRESHOLDS.high, Infinity];
    const names = ['low', 'hard', 'soft', 'clear', 'high'] as const;
    names.forEach((name, i) => bands.push({ label: `${name} state`, cls: `b-${name}`, from: edges[i] * m, to: edges[i + 1] * m }));
  }
  const chart = lineChart({ title: 'Host free memory against the state boundaries (MB)', times: c.times, end: r.to, series, bands, minTop: m !== null ? 1.2 * m : 0, timeLabel: time });
  return `${chart}${legend(items)}`;
}

function groupChart(r: ReportData, g: ReportGroup, time: (ms: number) => string): string {
  const c = r.charts.groups.get(g.gid);
  if (!c) return '';
  const series: ChartSeries[] = [];
  const items: { label: string; key: string; dashed?: boolean }[] = [];
  if (c.balloon) {
    series.push({ label: 'balloon (MCTLSZ)', cls: 's-balloon', data: c.balloon });
    items.push({ label: 'balloon MCTLSZ (MB)', key: 'balloon' });
  }
  if (c.swap) {
    series.push({ label: 'swapped (SWCUR)', cls: 's-swap', data: c.swap });
    items.push({ label: 'swapped SWCUR (MB)', key: 'swap' });
  }
  const peak = Math.max(g.balloon?.peak ?? 0, g.swap?.peak ?? 0);
  const maxTop = c.balloonMax ? Math.max(...c.balloonMax.max.filter((v) => !Number.isNaN(v))) : NaN;
  // MCTLMAX is drawn when it does not flatten the rest (at most three times the largest value).
  if (c.balloonMax && maxTop > 0 && maxTop <= 3 * Math.max(peak, 1)) {
    series.push({ label: 'balloon limit (MCTLMAX)', cls: 's-max', data: c.balloonMax, dashed: true });
    items.push({ label: 'MCTLMAX (MB)', key: 'max', dashed: true });
  }
  if (series.length === 0) return '';
  return lineChart({ title: `${g.name}: balloon and swap (MB)`, times: r.charts.times, end: r.to, series, timeLabel: time }) + legend(items);
}

function peakCell(p: Peak | null): string {
  return p ? `<td class="num">${esc(p.peak.toFixed(2))}</td>` : '<td class="num">-</td>';
}

function findingBlock(f: ReportFinding, time: (ms: number) => string): string {
  const notes = [
    `${f.samples} sample${f.samples === 1 ? '' : 's'}`,
    f.runs > 1 ? `${f.runs} runs merged` : null,
    f.sinceFirstSample ? 'already at the first sample' : null,
    f.ongoing ? 'still at the end' : null,
    f.inferred ? 'inferred' : null,
  ].filter((x) => x !== null);
  const when = f.from === f.to ? time(f.from) : `${time(f.from)} – ${time(f.to)}`;
  const evidence = f.evidence.map((e) => `<code>${esc(evidenceWords(e))}</code>`).join(', ');
  const why = isConsequence(f.code) ? '' : `<p class="why">${esc(f.explanation.join(' '))}</p>`;
  return `<div class="finding f-${esc(f.code)}"><p><span class="code">${esc(f.code)}</span> <span class="when">${esc(when)} · ${esc(notes.join(', '))}</span></p>`
    + `<p class="text">${esc(f.text)}</p><p class="evidence">Evidence${f.from !== f.to ? ` at ${esc(time(f.peakAt))}` : ''}: ${evidence}</p>${why}</div>`;
}

function peakLine(label: string, p: Peak | null, time: (ms: number) => string): string {
  if (!p) return '';
  return `<tr><th>${label}</th><td>peak ${esc(mb(p.peak))} at ${esc(time(p.peakAt))}; from ${esc(time(p.first))} to ${esc(time(p.last))}, ${p.samples} sample${p.samples === 1 ? '' : 's'} (${esc(duration(p.ms))})</td></tr>`;
}

function groupSection(r: ReportData, g: ReportGroup, time: (ms: number) => string, chart: boolean): string {
  const head = `<h3 id="g${g.gid}">${esc(g.name)} <span class="muted">(${KIND_WORD[g.kind]}, GID ${g.gid}${g.memsz !== null ? `, MEMSZ ${esc(mb(g.memsz))}` : ''})</span></h3>`;
  const peaks = [peakLine('Ballooned', g.balloon, time), peakLine('Swapped', g.swap, time), peakLine('Compressed', g.compression, time)].join('');
  return `<section class="group">${head}${peaks ? `<table>${peaks}</table>` : ''}${chart ? groupChart(r, g, time) : ''}${g.findings.map((f) => findingBlock(f, time)).join('')}</section>`;
}

/** A guest's own view: its driver and memory, the balloon's peak, its findings, its OOM kills, what could not be read. */
function guestSection(g: ReportGuest, time: (ms: number) => string): string {
  const v = g.last.values;
  const out: string[] = ['<section id="guest"><h2>The guest</h2>'];
  const driver = `${g.last.driver ?? 'no balloon driver found'}${g.last.driverStatus ? ` ${g.last.driverStatus}` : ''}${g.last.hypervisor ? ` on ${g.last.hypervisor}` : ''}`;
  out.push(`<p>${esc(driver)}${v.guestMemoryMB !== null ? `, ${esc(mb(v.guestMemoryMB))} of memory (MemTotal counting the balloon)` : ''}.</p>`);
  out.push('<table>', peakLine('Ballooned', g.balloon, time) || '<tr><th>Ballooned</th><td>never 1 MB or more</td></tr>');
  out.push(`<tr><th>At the end</th><td>balloon ${v.balloonMB !== null ? esc(mb(v.balloonMB)) : '-'}, target ${v.targetMB !== null ? esc(mb(v.targetMB)) : '-'}, limit ${v.limitMB === null ? '-' : v.limitMB < 0 ? 'none' : esc(mb(v.limitMB))}</td></tr></table>`);
  out.push(g.findings.length === 0 ? "<p>No finding: no limit below the guest's memory, no balloon near its cap, no OOM kill while ballooned, nothing ballooned.</p>" : g.findings.map((f) => findingBlock(f, time)).join(''));
  out.push(`<h3>OOM kills in the kernel log</h3>`);
  if (g.last.oomKills === null) out.push(`<p>No kernel log could be read: ${esc(g.last.missing.oomKills ?? 'no reason given')}</p>`);
  else if (g.kills.length === 0) out.push('<p>None.</p>');
  else out.push(`<ul>${g.kills.map(({ kill, balloon }) => `<li>${esc(killWords(kill, balloon, dateTime, time, (x) => x))}</li>`).join('')}</ul>`);
  const missing = missingByReason(g.last);
  if (missing.length > 0) out.push(`<h3>Not read at the last sample (missing, never 0)</h3><ul>${missing.map((m) => `<li>${esc(m.labels.join(', '))}: ${esc(m.reason)}</li>`).join('')}</ul>`);
  out.push('</section>');
  return out.join('\n');
}

export function renderHtml(r: ReportData): string {
  const time = timeFormatFor(r.from, r.to);
  const host = r.hostname ?? 'unknown host';
  const title = `balloontop report: ${host}, ${dateTime(r.from)} to ${dateTime(r.to)} UTC`;
  const affected = r.groups.filter((g) => g.balloon || g.swap || g.compression);
  const others = r.groups.filter((g) => !(g.balloon || g.swap || g.compression));
  const out: string[] = [];
  out.push('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<title>${esc(title)}</title><style>${STYLE}</style></head><body>`);
  out.push(`<header><h1>balloontop report: ${esc(host)}</h1><p class="meta">${esc(r.source.label)} (${esc(r.source.kind)}) · ${esc(dateTime(r.from))} to ${esc(dateTime(r.to))} UTC · ${esc(duration(r.to - r.from))}, ${r.samples} sample${r.samples === 1 ? '' : 's'}${r.stepMs !== null ? `, every ${esc(duration(r.stepMs))}` : ''}${r.machineMB !== null ? ` · ${esc(mb(r.machineMB))} of memory` : ''}${r.minFreeMB !== null ? `, minFree ${esc(mb(r.minFreeMB))}` : ''}</p>`);
  if (r.gaps.count > 0) out.push(`<p class="meta">${r.gaps.count} gap${r.gaps.count === 1 ? '' : 's'} in the data (${esc(duration(r.gaps.ms))}), not counted in the times.</p>`);
  if (r.failure) out.push(`<p><strong>The source failed after ${r.samples} samples:</strong> ${esc(r.failure)}. This report covers what was read.</p>`);
  out.push('</header>');
  if (r.guest && r.groups.length === 0) {
    out.push(guestSection(r.guest, time));
    return finishHtml(out, r);
  }

  out.push('<section id="summary"><h2>Summary</h2><ul>');
  out.push(`<li>Host: ${esc(stateSummary(r))}.</li>`);
  const hostMain = mainFinding(r.hostFindings);
  if (hostMain) out.push(`<li>${esc(hostMain.text)}</li>`);
  const summary = summaryGroups(r.groups);
  for (const g of summary.shown) {
    const main = mainFinding(g.findings);
    if (main) out.push(`<li><a href="#g${g.gid}">${esc(g.name)}</a>: ${esc(main.text)}</li>`);
  }
  if (summary.more > 0) out.push(`<li>${esc(moreGroupsWords(summary.more))}</li>`);
  out.push('</ul></section>');

  out.push('<section id="host"><h2>Host memory</h2><table><tr><th>state</th><th class="num">time</th><th class="num">share</th><th class="num">samples</th></tr>');
  const total = r.states.reduce((a, s) => a + s.ms, 0);
  for (const s of r.states) {
    out.push(`<tr><td class="st-${s.state}">${s.state}</td><td class="num">${esc(duration(s.ms))}</td><td class="num">${total > 0 ? pct((100 * s.ms) / total) : '-'}</td><td class="num">${s.samples}</td></tr>`);
  }
  out.push('</table>');
  if (r.transitions.length === 0) out.push('<p>Transitions: none.</p>');
  else {
    const shown = r.transitions.slice(0, 100).map((t) => `${esc(time(t.at))} ${t.from}→${t.to}`).join(', ');
    const more = r.transitions.length - Math.min(100, r.transitions.length) + r.transitionsOmitted;
    out.push(`<p>Transitions (${r.transitions.length + r.transitionsOmitted}): ${shown}${more > 0 ? `, and ${more} more` : ''}.</p>`);
  }
  out.push(hostChart(r, time));
  out.push(r.hostFindings.length === 0 ? `<p>No host findings: ${esc(noHostFindingWords(r))}.</p>` : r.hostFindings.map((f) => findingBlock(f, time)).join(''));
  out.push('</section>');

  out.push(`<section id="groups"><h2>Groups that ballooned, swapped or compressed (${affected.length})</h2>`);
  if (affected.length > 0) {
    out.push('<table><tr><th>name</th><th>kind</th><th class="num">MEMSZ</th><th class="num">balloon peak</th><th class="num">swap peak</th><th class="num">compressed peak</th><th>main finding</th></tr>');
    for (const g of affected) {
      out.push(`<tr><td><a href="#g${g.gid}">${esc(g.name)}</a></td><td>${KIND_WORD[g.kind]}</td><td class="num">${g.memsz !== null ? esc(g.memsz.toFixed(2)) : '-'}</td>${peakCell(g.balloon)}${peakCell(g.swap)}${peakCell(g.compression)}<td>${esc(mainFinding(g.findings)?.short ?? '')}</td></tr>`);
    }
    out.push('</table><p class="muted">MB at the peak of each.</p>');
    let charts = 0;
    for (const g of affected) {
      const chart = g.kind === 'vm' && charts < MAX_CHARTS;
      if (chart) charts++;
      out.push(groupSection(r, g, time, chart));
    }
    const unCharted = affected.filter((g) => g.kind === 'vm').length - charts;
    if (unCharted > 0) out.push(`<p class="muted">${unCharted} more VM${unCharted === 1 ? '' : 's'} without a chart (the ${MAX_CHARTS} largest are charted).</p>`);
  } else out.push('<p>None.</p>');
  out.push('</section>');
  if (others.length > 0) {
    out.push(`<section id="others"><h2>Other groups with findings (${others.length})</h2>`);
    for (const g of others) out.push(groupSection(r, g, time, false));
    out.push('</section>');
  }
  if (r.guest) out.push(guestSection(r.guest, time));
  return finishHtml(out, r);
}

function finishHtml(out: string[], r: ReportData): string {
  if (r.warnings.length > 0) out.push(`<section id="warnings"><h2>Source warnings</h2><ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>`);
  out.push('<footer><p class="muted">Written by balloontop report. Times are UTC.</p></footer></body></html>\n');
  return out.join('\n');
}
