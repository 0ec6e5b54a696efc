/**
 * The `w` panel: the diagnosis in full at the current sample. The
 * highlighted group's findings, most telling first, each with its code, since
 * when it holds, its words, the reasoning, the evidence, its causes and
 * whether it is inferred; then the host's. Over the guest page, the guest's.
 * Longer than the screen, it scrolls.
 */
import { explain } from '../../src/diagnosis/summary';
import type { Finding } from '../../src/diagnosis/finding';
import { formatDuration, formatSampleTime } from '../../src/timeline/time-text';
import { timeLabel } from '../graph/time-labels';
import { result, type KeyBinding, type KeyEnv } from '../keys/binding';
import { PAGE_AND_GUEST } from '../keys/page-keys';
import { groupFindings } from '../parts/findings';
import { scrolled } from '../parts/scrolled';
import { LineBuilder, textLine, type Line } from '../parts/line';
import { wrap } from '../parts/text-width';
import { safeText } from '../../src/text/safe-text';
import { capital } from '../../src/diagnosis/words';
import { selectedIndex } from '../rows';
import type { FrameInput, Screen } from '../screen';
import type { ViewState } from '../view-state';

const KIND_WORDS = { vm: 'VM', userworld: 'user world', system: 'system group' } as const;

/** A paragraph wrapped under a label: `Why: ...` with the following lines indented. */
function paragraph(width: number, indent: number, label: string, text: string): Line[] {
  const pad = ' '.repeat(indent);
  return wrap(`${label}${text}`, Math.max(10, width - indent), Infinity).map((t) => textLine(`${pad}${t}`, width));
}

/** `since 10:49:12 (2m05s)`, with the date when the finding began on another day. */
function sinceWords(since: number, now: number, atFirst: boolean): string {
  const sameDay = new Date(since).toISOString().slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  const when = sameDay ? timeLabel(since) : formatSampleTime(since);
  const held = now > since ? ` (${formatDuration(now - since)})` : '';
  return `since ${when}${held}${atFirst ? ', already at the first sample: it may have begun before the data' : ''}`;
}

function findingLines(findings: readonly Finding[], now: number, width: number): Line[] {
  const out: Line[] = [];
  explain(findings).forEach((f, i) => {
    out.push(new LineBuilder(width).add(`  ${i + 1}. `).add(f.short, 'key').add(`  (${f.code})`, 'dim').build());
    out.push(...paragraph(width, 5, '', `${capital(sinceWords(f.since, now, f.sinceFirstSample))}.`));
    out.push(...paragraph(width, 5, '', safeText(f.text)));
    if (f.explanation.length > 0) out.push(...paragraph(width, 5, 'Why: ', f.explanation.join(' ')));
    if (f.evidence.length > 0) out.push(...paragraph(width, 5, 'Evidence: ', f.evidence.join(', ')));
    if (f.causes.length > 0) out.push(...paragraph(width, 5, 'Causes: ', f.causes.join(', ')));
    if (f.inferred) out.push(...paragraph(width, 5, '', 'Inferred: the counters cannot show all of it; the words say what is inferred.'));
  });
  return out;
}

function section(title: string, findings: readonly Finding[], none: string, now: number, width: number): Line[] {
  return [textLine(title, width, 'key'), ...(findings.length > 0 ? findingLines(findings, now, width) : paragraph(width, 2, '', none)), []];
}

/** The whole panel. */
function whyLines(input: FrameInput): Line[] {
  const { sample, diagnosis, width, view } = input;
  if (!sample || !diagnosis) return [textLine('no diagnosis yet: waiting for the first sample', width)];
  const title = `why: the diagnosis at ${formatSampleTime(sample.time)} UTC`;
  const hint = '  (Up/Down scroll, any other key returns)';
  const lines: Line[] = [textLine(title.length + hint.length <= width ? title + hint : title, width, 'title'), []];
  const now = sample.time;
  if (view.previous === 'guest' || sample.guest) {
    const name = safeText(sample.host.hostname ?? 'this guest');
    lines.push(...section(`the guest ${name}`, diagnosis.guest, 'No finding: nothing says the balloon, a limit or the OOM killer is a problem here.', now, width));
    return lines;
  }
  const group = view.previous === 'hostGraph' ? undefined : input.rows[selectedIndex(view, input.rows)];
  if (group) {
    const title = `${safeText(group.name)} (${KIND_WORDS[group.kind]}, GID ${group.gid})`;
    lines.push(...section(title, groupFindings(diagnosis, group.gid), 'No finding: nothing ballooned, swapped or compressed, and no cause waiting for pressure (a limit, no balloon driver, MCTLMAX 0).', now, width));
  }
  const host = safeText(sample.host.hostname ?? '');
  lines.push(...section(`the host${host ? ` ${host}` : ''}`, diagnosis.host, 'No finding: the host is not short of memory and holds nothing ballooned, swapped or compressed.', now, width));
  return lines;
}


function scroll(view: ViewState, env: KeyEnv, d: number): ViewState {
  return { ...view, whyTop: Math.min(Math.max(0, env.scrollLength), Math.max(0, view.whyTop + d)) };
}

const S = 'panels' as const;

const keys: readonly KeyBinding[] = [
  {
    keys: ['w'], on: PAGE_AND_GUEST, section: 'esxtop keys (memory page)',
    help: "why: the diagnosis in full of the highlighted group and the host (of the guest on the guest page): each finding's code, since when, its words, the reasoning, the evidence and causes",
    run: (v) => result({ ...v, screen: 'why', previous: v.screen, whyTop: 0 }),
  },
  { keys: ['down', '2'], on: ['why'], section: S, help: 'why panel: scroll down', run: (v, e) => result(scroll(v, e, 1)) },
  { keys: ['up', '8'], on: ['why'], section: S, help: 'why panel: scroll up', run: (v, e) => result(scroll(v, e, -1)) },
  { keys: ['pagedown', 'pageup'], on: ['why'], section: S, help: 'why panel: scroll by a page', run: (v, e, k) => result(scroll(v, e, (k.name === 'pageup' ? -1 : 1) * Math.max(1, e.pageRows))) },
  { keys: ['ANY'], on: ['why'], section: S, help: 'why panel: back to the page it was opened over', run: (v) => result({ ...v, screen: v.previous, whyTop: 0 }) },
];

export const whyScreen: Screen = {
  id: 'why',
  body: (input, room) => ({ lines: scrolled(whyLines(input), input.view.whyTop, room, input.width, 'more: Down/PgDn, any other key returns', 'end: Up/PgUp, any other key returns') }),
  lineCount: (input) => whyLines(input).length,
  keys,
};
