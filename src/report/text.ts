/**
 * The report as plain text a support engineer can paste into a case: ASCII
 * layout, lines of at most 100 columns (names are never cut), UTC times.
 */
import { evidenceWords } from '../diagnosis/describe';
import { STATE_THRESHOLDS } from '../sample/mem-state';
import { isConsequence } from '../diagnosis/codes';
import { percentOfMinFree } from '../diagnosis/evidence';
import { killWords } from '../guest/kill-words';
import { missingByReason } from '../guest/missing-words';
import { moreGroupsWords, noHostFindingWords, summaryGroups, type Peak, type ReportData, type ReportFinding, type ReportGroup, type ReportGuest } from './report-data';
import { safeText } from '../text/safe-text';
import { wrapText } from './wrap-text';
import { dateTime, duration, timeFormatFor } from './time-format';
import { mb, pct } from '../diagnosis/words';

/** Lines are at most this wide (a case tool keeps them whole); on a terminal, its width between MIN_WIDTH and this. */
export const MAX_WIDTH = 100;
const MIN_WIDTH = 80;

const KIND_WORD = { vm: 'VM', userworld: 'user world', system: 'system group' } as const;
/** The kind in the table's narrow column. */
const KIND_SHORT = { vm: 'VM', userworld: 'user', system: 'system' } as const;

/** `high from 1612 MB, clear from 403 MB, ...`: the state boundaries for a minFree. */
function boundaryWords(minFree: number): string {
  const at = (s: keyof typeof STATE_THRESHOLDS) => mb(Math.round(minFree * STATE_THRESHOLDS[s]));
  return `high from ${at('high')}, clear from ${at('clear')}, soft from ${at('soft')}, hard from ${at('hard')}, low below`;
}

/** Wraps paragraphs to one width. */
type Para = (text: string, indent: string, first?: string) => string[];

function paraOf(width: number): Para {
  return (text, indent, first = indent) => wrapText(text, width, indent, first);
}

/** The report as text, wrapped to `width` columns (80 to 100; names are never cut, so a long one can stick out). */
export function renderText(r: ReportData, width = MAX_WIDTH): string {
  const para = paraOf(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, width)));
  const time = timeFormatFor(r.from, r.to);
  const out: string[] = [];
  const host = r.hostname ? safeText(r.hostname) : 'unknown host';
  out.push(`balloontop report: ${host}`, '');
  out.push(...para(`${safeText(r.source.label)} (${r.source.kind})`, '          ', 'Source    '));
  const step = r.stepMs !== null ? `, every ${duration(r.stepMs)}` : '';
  out.push(...para(`${dateTime(r.from)} to ${dateTime(r.to)} UTC, ${duration(r.to - r.from)}, ${r.samples} sample${r.samples === 1 ? '' : 's'}${step}`, '          ', 'Time      '));
  if (r.gaps.count > 0) out.push(...para(`${r.gaps.count} gap${r.gaps.count === 1 ? '' : 's'} in the data (${duration(r.gaps.ms)} in all), not counted in the times below`, '          ', '          '));
  const memory = [r.machineMB !== null ? `${mb(r.machineMB)} of memory` : null, r.minFreeMB !== null ? `minFree ${mb(r.minFreeMB)}: ${boundaryWords(r.minFreeMB)}` : null].filter((x) => x !== null);
  if (memory.length) out.push(...para(memory.join(', '), '          ', 'Host      '));
  if (r.failure) out.push(...para(`the source failed after ${r.samples} samples: ${safeText(r.failure)}; this report covers what was read`, '          ', 'Note      '));
  if (r.guest && r.groups.length === 0) {
    out.push(...guestLines(r.guest, time, para));
    return finishText(out, r, para);
  }

  out.push('', 'SUMMARY');
  out.push(...para(`Host: ${stateSummary(r)}`, '    ', '  '));
  const hostMain = mainFinding(r.hostFindings);
  if (hostMain) out.push(...para(safeText(hostMain.text), '    ', '  '));
  const summary = summaryGroups(r.groups);
  for (const g of summary.shown) {
    out.push(...para(`${safeText(g.name)}: ${safeText((mainFinding(g.findings) as ReportFinding).text)}`, '    ', '  '));
  }
  if (summary.more > 0) out.push(`  ${moreGroupsWords(summary.more)}`);

  out.push('', 'HOST MEMORY STATE');
  const total = r.states.reduce((a, s) => a + s.ms, 0);
  for (const s of r.states) {
    const share = total > 0 ? pct((100 * s.ms) / total) : '-';
    out.push(`  ${s.state.padEnd(8)} ${duration(s.ms).padStart(7)}  ${share.padStart(4)}  ${s.samples} sample${s.samples === 1 ? '' : 's'}`);
  }
  if (r.transitions.length === 0) out.push('  Transitions: none');
  else {
    out.push(`  Transitions (${r.transitions.length + r.transitionsOmitted}):`);
    const shown = r.transitions.slice(0, 40);
    out.push(...para(shown.map((t) => `${time(t.at)} ${t.from}->${t.to}`).join(', '), '    '));
    const more = r.transitions.length - shown.length + r.transitionsOmitted;
    if (more > 0) out.push(`    ... and ${more} more`);
  }
  if (r.free) {
    const ratio = (x: number) => (r.minFreeMB ? ` (${percentOfMinFree(x / r.minFreeMB)}% of minFree)` : '');
    out.push(...para(`Free memory: lowest ${mb(r.free.min)}${ratio(r.free.min)} at ${time(r.free.minAt)}, highest ${mb(r.free.max)}${ratio(r.free.max)} at ${time(r.free.maxAt)}`, '    ', '  '));
  }

  out.push('', 'HOST FINDINGS');
  if (r.hostFindings.length === 0) out.push(...para(`none: ${noHostFindingWords(r)}`, '    ', '  '));
  for (const same of byCode(r.hostFindings)) out.push(...findingLines(same, time, true, para));

  const affected = r.groups.filter((g) => g.balloon || g.swap || g.compression);
  const others = r.groups.filter((g) => !(g.balloon || g.swap || g.compression));
  out.push('', `GROUPS THAT BALLOONED, SWAPPED OR COMPRESSED (${affected.length})`);
  if (affected.length === 0) out.push('  none');
  else {
    out.push(`  ${'NAME'.padEnd(16)} ${'KIND'.padEnd(6)} ${'MEMSZ'.padStart(9)} ${'BALLOON'.padStart(9)} ${'SWAPPED'.padStart(9)} ${'ZIPPED'.padStart(9)}  MAIN FINDING`);
    for (const g of affected) {
      const cell = (p: Peak | null) => (p ? p.peak.toFixed(2) : '-').padStart(9);
      const main = mainFinding(g.findings)?.short ?? '';
      out.push(`  ${safeText(g.name).padEnd(16)} ${KIND_SHORT[g.kind].padEnd(6)} ${(g.memsz !== null ? g.memsz.toFixed(2) : '-').padStart(9)} ${cell(g.balloon)} ${cell(g.swap)} ${cell(g.compression)}  ${main}`);
    }
    out.push('  (MB at the peak of each)');
    for (const g of affected) out.push('', ...groupLines(g, time, para));
  }
  if (others.length > 0) {
    out.push('', `OTHER GROUPS WITH FINDINGS (${others.length})`);
    for (const g of others) out.push('', ...groupLines(g, time, para));
  }
  if (r.guest) out.push(...guestLines(r.guest, time, para));
  return finishText(out, r, para);
}

function finishText(out: string[], r: ReportData, para: Para): string {
  if (r.warnings.length > 0) {
    out.push('', 'SOURCE WARNINGS');
    for (const w of r.warnings) out.push(...para(safeText(w), '    ', '  '));
  }
  return `${out.join('\n')}\n`;
}

/** A guest's own view: its driver and memory, the balloon's peak, its findings, its OOM kills, what could not be read. */
function guestLines(g: ReportGuest, time: (ms: number) => string, para: Para): string[] {
  const v = g.last.values;
  const out: string[] = [''];
  const driver = `${g.last.driver ?? 'no balloon driver found'}${g.last.driverStatus ? ` ${g.last.driverStatus}` : ''}${g.last.hypervisor ? ` on ${safeText(g.last.hypervisor)}` : ''}`;
  out.push(...para(`${driver}${v.guestMemoryMB !== null ? `, ${mb(v.guestMemoryMB)} of memory (MemTotal counting the balloon)` : ''}`, '          ', 'Guest     '));
  out.push('', 'GUEST SUMMARY');
  const share = (x: number) => (v.guestMemoryMB ? ` (${pct((100 * x) / v.guestMemoryMB)} of the guest's memory)` : '');
  const now = v.balloonMB === null ? 'not read at the end' : `${mb(v.balloonMB)} at the end${v.targetMB !== null ? ` (target ${mb(v.targetMB)})` : ''}`;
  const peak = g.balloon ? `peak ${mb(g.balloon.peak)}${share(g.balloon.peak)} at ${time(g.balloon.peakAt)}, held ${duration(g.balloon.ms)} over ${g.balloon.samples} sample${g.balloon.samples === 1 ? '' : 's'}; ` : 'never 1 MB or more; ';
  out.push(...para(`Balloon: ${peak}${now}`, '    ', '  '));
  const seen = new Set<string>();
  for (const f of g.findings) {
    if (seen.has(f.code)) continue;
    seen.add(f.code);
    out.push(...para(safeText(strongest(g.findings.filter((x) => x.code === f.code)).text), '    ', '  '));
  }
  out.push('', 'GUEST FINDINGS');
  if (g.findings.length === 0) out.push('  none: no limit below the guest\'s memory, no balloon near its cap, no OOM kill while ballooned, nothing ballooned');
  for (const same of byCode(g.findings)) out.push(...findingLines(same, time, false, para));
  out.push('', `OOM KILLS IN THE KERNEL LOG (${g.last.oomKills === null ? 'not read' : g.kills.length})`);
  if (g.last.oomKills === null) out.push(...para(`no kernel log could be read: ${safeText(g.last.missing.oomKills ?? 'no reason given')}`, '    ', '  '));
  else if (g.kills.length === 0) out.push('  none');
  for (const { kill, balloon } of g.kills) out.push(...para(killWords(kill, balloon, dateTime, time, safeText), '    ', '  '));
  const missing = missingByReason(g.last);
  if (missing.length > 0) {
    out.push('', 'NOT READ AT THE LAST SAMPLE (missing, never 0)');
    for (const { labels, reason } of missing) out.push(...para(`${labels.join(', ')}: ${safeText(reason)}`, '    ', '  '));
  }
  return out;
}

/** `in clear state all the time` or `short of memory (soft or worse) 35% of the time: soft 20%, hard 15%`. */
export function stateSummary(r: ReportData): string {
  const total = r.states.reduce((a, s) => a + s.ms, 0);
  const share = (ms: number) => (total > 0 ? (100 * ms) / total : 0);
  if (r.states.length === 1) return `in ${r.states[0].state} state all the time`;
  const short = r.states.filter((s) => s.state === 'soft' || s.state === 'hard' || s.state === 'low');
  const parts = r.states.map((s) => `${s.state} ${pct(share(s.ms))}`).join(', ');
  if (short.length === 0) return `never short of memory (${parts})`;
  return `short of memory (soft or worse) ${pct(share(short.reduce((a, s) => a + s.ms, 0)))} of the time (${parts})`;
}

function groupLines(g: ReportGroup, time: (ms: number) => string, para: Para): string[] {
  const out = [`${safeText(g.name)}  (${KIND_WORD[g.kind]}, GID ${g.gid}${g.memsz !== null ? `, MEMSZ ${mb(g.memsz)}` : ''})`];
  const peak = (label: string, p: Peak | null) => {
    if (!p) return;
    out.push(...para(`peak ${mb(p.peak)} at ${time(p.peakAt)}; from ${time(p.first)} to ${time(p.last)}, ${p.samples} sample${p.samples === 1 ? '' : 's'} (${duration(p.ms)})`, ' '.repeat(14), `  ${label.padEnd(11)} `));
  };
  peak('Ballooned', g.balloon);
  peak('Swapped', g.swap);
  peak('Compressed', g.compression);
  for (const same of byCode(g.findings)) out.push(...findingLines(same, time, false, para));
  return out;
}

/** Findings (sorted by priority, then time) in runs of the same code. */
function byCode(findings: readonly ReportFinding[]): ReportFinding[][] {
  const out: ReportFinding[][] = [];
  for (const f of findings) {
    const last = out[out.length - 1];
    if (last && last[0].code === f.code) last.push(f);
    else out.push([f]);
  }
  return out;
}

/** The strongest of the findings of one code. */
function strongest(same: readonly ReportFinding[]): ReportFinding {
  return same.reduce((a, b) => (b.weight > a.weight ? b : a));
}

/** The finding that says most: of the highest priority (findings come sorted), the strongest. */
export function mainFinding(findings: readonly ReportFinding[]): ReportFinding | null {
  return findings.length === 0 ? null : strongest(findings.filter((f) => f.code === findings[0].code));
}

const MAX_SPANS = 6;

/** One code's episodes: when, then the words and evidence of the strongest. */
function findingLines(same: readonly ReportFinding[], time: (ms: number) => string, host: boolean, para: Para): string[] {
  const f = strongest(same);
  const span = (x: ReportFinding) => (x.from === x.to ? time(x.from) : `${time(x.from)} - ${time(x.to)}`);
  const samples = same.reduce((a, x) => a + x.samples, 0);
  const runs = same.reduce((a, x) => a + x.runs, 0);
  const notes = [
    `${samples} sample${samples === 1 ? '' : 's'}`,
    runs > 1 ? `${runs} episodes` : null,
    same[0].sinceFirstSample ? 'already at the first sample' : null,
    same[same.length - 1].ongoing ? 'still at the end' : null,
    f.inferred ? 'inferred' : null,
  ].filter((x) => x !== null);
  const spans = same.slice(0, MAX_SPANS).map(span).join(', ') + (same.length > MAX_SPANS ? `, ... (${same.length - MAX_SPANS} more)` : '');
  const out = para(`* ${f.code}  ${spans} (${notes.join(', ')})`, '      ', '  ');
  out.push(...para(safeText(f.text), '      ', '    '));
  const at = same.length > 1 || f.from !== f.to ? ` at ${time(f.peakAt)}` : '';
  out.push(...para(`Evidence${at}: ${f.evidence.map(evidenceWords).join(', ')}`, '      ', '    '));
  // The reasoning of a cause; a consequence's own words already name its cause.
  if (!isConsequence(f.code)) out.push(...para(`Why: ${f.explanation.join(' ')}`, '      ', '    '));
  else if (f.causes.length === 0 && !host) out.push(...para(f.explanation[f.explanation.length - 1], '      ', '    '));
  return out;
}
