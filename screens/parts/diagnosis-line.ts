/**
 * The diagnosis in one line, above the status line: the highlighted group's
 * most telling finding (the host's on the host graph, or when the group has
 * none). `w` shows it in full. The guest page has its own diagnosis section.
 *
 * It is the first bottom line to go when the screen is low: it is shown only
 * while at least MIN_ROWS_ABOVE rows stay above the bottom lines (at 80x24,
 * with a six-line caption and a two-line message, 14 do).
 */
import { headline } from '../../src/diagnosis/summary';
import type { Finding } from '../../src/diagnosis/finding';
import { selectedIndex } from '../rows';
import type { FrameInput } from '../screen';
import type { ScreenId } from '../view-state';
import { groupFindings } from './findings';
import { LineBuilder, type Line } from './line';
import { truncate } from './text-width';
import { safeText } from '../../src/text/safe-text';

const MIN_ROWS_ABOVE = 12;

/** The screens that show the line: the memory page and its graphs (the panels have room for more). */
const SHOWN_ON: readonly ScreenId[] = ['table', 'hostGraph', 'groupGraph'];

interface Spoken {
  /** Whose finding it is: a group's name or `host`. */
  label: string;
  /** A group with no finding: the host has none either. */
  andHost: boolean;
  findings: readonly Finding[];
  /** The highlighted group, when the line speaks of the host because the group has no finding. */
  without: string | null;
}

/** Whose diagnosis the line gives. */
function spokenOf(input: FrameInput): Spoken {
  const d = input.diagnosis;
  const host = d?.host ?? [];
  const group = input.view.screen === 'hostGraph' ? undefined : input.rows[selectedIndex(input.view, input.rows)];
  if (!group) return { label: 'host', andHost: false, findings: host, without: null };
  const own = groupFindings(d, group.gid);
  if (own.length > 0 || host.length === 0) return { label: safeText(group.name), andHost: own.length === 0, findings: own, without: null };
  return { label: 'host', andHost: false, findings: host, without: safeText(group.name) };
}

/** The line, or null when there is no diagnosis, the screen is a panel, or the screen is too low for it. */
export function diagnosisLine(input: FrameInput, otherBottomLines: number): Line | null {
  if (!input.diagnosis || !input.sample || !SHOWN_ON.includes(input.view.screen)) return null;
  if (input.height - otherBottomLines - 1 < MIN_ROWS_ABOVE) return null;
  const { label, andHost, findings, without } = spokenOf(input);
  const h = headline(findings);
  const b = new LineBuilder(input.width).add(' why ', 'dim');
  b.add(truncate(`${label}${andHost ? ' and the host' : ''}${without ? ` (${without}: none)` : ''}:`, b.remaining, '~'), 'key');
  const text = h ? h.text : 'no finding: nothing ballooned, swapped or compressed, and no cause waiting for pressure';
  return b.add(truncate(` ${safeText(text)}`, b.remaining, '~')).build();
}
