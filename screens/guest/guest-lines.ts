/**
 * What the guest page says, line by line, most needed first: the driver and
 * the balloon's state, the balloon and its target in MB and as shares of the
 * guest's memory, memory and swap as the guest sees them, what the host set
 * (through VMware Tools), the balloon counters since boot; what the numbers
 * mean; the diagnosis; every missing value with why it is missing and how to
 * get it (a missing value is `-`, never 0); the OOM kills with the balloon at
 * each.
 */
import { headline } from '../../src/diagnosis/summary';
import type { Diagnosis } from '../../src/diagnosis/finding';
import { killWords } from '../../src/guest/kill-words';
import { explainGuest } from '../../src/guest/meaning';
import { missingByReason } from '../../src/guest/missing-words';
import type { GuestSection } from '../../src/sample/guest';
import type { Sample } from '../../src/sample/sample';
import { formatSampleTime } from '../../src/timeline/time-text';
import { timeLabel } from '../graph/time-labels';
import { LineBuilder, textLine, type Line } from '../parts/line';
import { wrap } from '../parts/text-width';
import { safeText } from '../../src/text/safe-text';

/** Columns of the label gutter. */
const GUTTER = 12;

/** `2,048 MB`; under 100 MB with its decimals (`0.5 MB`); `-` when missing. */
function mbText(v: number | null): string {
  if (v === null) return '-';
  const r = Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 100) / 100);
  return `${r} MB`;
}

function pctText(v: number | null): string {
  return v === null ? '-' : `${(Math.round(v * 10) / 10).toFixed(1)}%`;
}

function countText(v: number | null): string {
  return v === null ? '-' : Math.round(v).toLocaleString('en-US');
}

/** A labelled row: the label in the gutter, the text wrapped beside it. */
function row(width: number, label: string, text: string): Line[] {
  return wrap(text, Math.max(10, width - GUTTER), Infinity).map((part, i) =>
    new LineBuilder(width).add(i === 0 ? label.padEnd(GUTTER) : ' '.repeat(GUTTER), 'key').add(part).build(),
  );
}

/** An indented paragraph under a section title. */
function indented(width: number, text: string, indent = 2, hang = 4): Line[] {
  return wrap(text, Math.max(10, width - hang), Infinity).map((part, i) => textLine(`${' '.repeat(i === 0 ? indent : hang)}${part}`, width));
}

function isVmware(g: GuestSection): boolean {
  return g.driver === 'vmw_balloon' || g.hypervisor === 'VMware';
}

function figureLines(g: GuestSection, width: number): Line[] {
  const v = g.values;
  const driver = `${g.driver ?? '-'} ${g.driverStatus ?? '-'}${g.hypervisor ? ` on ${safeText(g.hypervisor)}` : ''}; balloon ${g.balloonState ?? '-'}`;
  const share = v.balloonPct !== null ? ` = ${pctText(v.balloonPct)} of ${mbText(v.guestMemoryMB)}` : '';
  const target = `target ${mbText(v.targetMB)}${v.targetPct !== null ? ` (${pctText(v.targetPct)})` : ''}`;
  const cap = isVmware(g) && v.balloonMaxMB !== null ? `; VMware's cap ${mbText(v.balloonMaxMB)} (65%)` : '';
  const limit = v.limitMB === null ? '-' : v.limitMB < 0 ? 'none' : mbText(v.limitMB);
  return [
    ...row(width, 'DRIVER', driver),
    ...row(width, 'BALLOON', `${mbText(v.balloonMB)}${share}; ${target}${cap}`),
    ...row(width, 'MEMORY', `MemTotal ${mbText(v.memTotalMB)}, MemFree ${mbText(v.memFreeMB)}, MemAvailable ${mbText(v.memAvailableMB)}`),
    ...row(width, 'SWAP', `SwapTotal ${mbText(v.swapTotalMB)}, used ${mbText(v.swapUsedMB)} (paged out by the guest itself)`),
    ...row(width, 'HOST SET', `limit ${limit}, reservation ${mbText(v.reservationMB)}, host swapped ${mbText(v.hostSwappedMB)}, Tools balloon ${mbText(v.toolsBalloonMB)}`),
    ...row(width, 'SINCE BOOT', `balloon pages in ${countText(v.balloonInflatePages)}, out ${countText(v.balloonDeflatePages)}, migrated ${countText(v.balloonMigratePages)} (4 KiB); OOM kills ${countText(v.oomKillsSinceBoot)}`),
  ];
}

const KILLS_SHOWN = 20;

function killLines(g: GuestSection, d: Diagnosis | null, width: number): Line[] {
  if (g.oomKills === null) return row(width, 'OOM KILLS', '- (no kernel log read: see missing)');
  if (g.oomKills.length === 0) return row(width, 'OOM KILLS', 'none in the kernel log');
  const list = g.oomKills.map((k, i) => ({ k, b: d?.guestKills[i] })).reverse();
  const lines = row(width, 'OOM KILLS', `${g.oomKills.length} in the kernel log, newest first`);
  for (const { k, b } of list.slice(0, KILLS_SHOWN)) lines.push(...indented(width, killWords(k, b, formatSampleTime, timeLabel, safeText)));
  if (list.length > KILLS_SHOWN) lines.push(...indented(width, `... and ${list.length - KILLS_SHOWN} older`));
  return lines;
}

function diagnosisLines(d: Diagnosis | null, width: number): Line[] {
  const findings = d?.guest ?? [];
  const lines = [textLine('DIAGNOSIS (w: in full)', width, 'key')];
  if (findings.length === 0) return [...lines, ...indented(width, 'no finding: no limit below the guest\'s memory, no balloon near its cap, no OOM kill while ballooned, nothing ballooned')];
  for (let i = 0; i < findings.length; i++) {
    const h = headline(findings.slice(i));
    if (h) lines.push(...indented(width, `${h.short}: ${safeText(h.text)}`));
  }
  return lines;
}

/** Missing values grouped by their reason: `target, target %: /sys/kernel/debug/vmmemctl: permission denied (...)`. */
function missingLines(g: GuestSection, width: number): Line[] {
  const groups = missingByReason(g);
  if (groups.length === 0) return [];
  const lines = [textLine('MISSING (shown as -, never as 0): why, and how to get it', width, 'key')];
  for (const { labels, reason } of groups) lines.push(...indented(width, `${labels.join(', ')}: ${safeText(reason)}`));
  return lines;
}

/** The whole guest page. */
export function guestLines(sample: Sample, g: GuestSection, d: Diagnosis | null, width: number): Line[] {
  const name = safeText(sample.host.hostname ?? 'this guest');
  const lines: Line[] = [textLine(` ${name}: the balloon seen from inside the guest, ${formatSampleTime(sample.time)} UTC`, width, 'title')];
  lines.push(...figureLines(g, width));
  const meaning = explainGuest(g);
  if (meaning.length > 0) {
    lines.push(textLine('WHAT IT MEANS', width, 'key'));
    for (const m of meaning) lines.push(...indented(width, m));
  }
  lines.push(...diagnosisLines(d, width));
  lines.push(...missingLines(g, width));
  lines.push(...killLines(g, d, width));
  return lines;
}
