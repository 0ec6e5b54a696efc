/**
 * Which memory field groups are shown and in what order: the esxtop config
 * line `aBcDefgHijKLmnOpq` (letters in display order, upper case = shown).
 *
 * The line holds esxtop's 17 letters, A to Q, and nothing else: esxtop reads
 * the files balloontop writes. balloontop's own group R is in the layout (the
 * `f` and `o` panels work on it) but never in the line: it is hidden when a
 * line is read (balloontop.conf may show it at start) and left out when one is
 * written.
 */
import { ESXTOP_LETTERS, FIELD_GROUPS, GROUP_LETTERS, type GroupLetter } from '../fields/registry';

export interface FieldLayout {
  /** Every letter, esxtop's and balloontop's own, in display order. */
  order: GroupLetter[];
  visible: Set<GroupLetter>;
}

export function defaultFieldLayout(): FieldLayout {
  return {
    order: [...GROUP_LETTERS],
    visible: new Set(FIELD_GROUPS.filter((g) => g.defaultVisible).map((g) => g.letter)),
  };
}

/**
 * Parse a memory config line. Letters the line lacks (older esxtop versions
 * know fewer groups, and balloontop's own are never in it) are appended,
 * hidden; letters it has that esxtop does not know are an error.
 */
export function parseFieldLine(line: string): FieldLayout | { problem: string } {
  const order: GroupLetter[] = [];
  const visible = new Set<GroupLetter>();
  const known = new Set<string>(ESXTOP_LETTERS);
  for (const ch of line.trim()) {
    const upper = ch.toUpperCase();
    if (!known.has(upper)) return { problem: `unknown memory field ${JSON.stringify(ch)} (fields are A to ${ESXTOP_LETTERS[ESXTOP_LETTERS.length - 1]})` };
    const letter = upper as GroupLetter;
    if (order.includes(letter)) return { problem: `memory field ${upper} appears twice` };
    order.push(letter);
    if (ch === upper) visible.add(letter);
  }
  for (const l of GROUP_LETTERS) if (!order.includes(l)) order.push(l);
  return { order, visible };
}

function letters(layout: FieldLayout, order: readonly GroupLetter[]): string {
  return order.map((l) => (layout.visible.has(l) ? l : l.toLowerCase())).join('');
}

/** The esxtop line of a layout: esxtop's letters only, in display order. */
export function formatFieldLine(layout: FieldLayout): string {
  const esxtop = new Set<GroupLetter>(ESXTOP_LETTERS);
  return letters(layout, layout.order.filter((l) => esxtop.has(l)));
}

/** Every letter of a layout, balloontop's own too, in display order: what the `f` and `o` panels show. */
export function formatPanelLine(layout: FieldLayout): string {
  return letters(layout, layout.order);
}

/** balloontop's own groups (R) that `layout` shows: what an esxtop line read over it should keep. */
export function ownGroupsShown(layout: FieldLayout): GroupLetter[] {
  const esxtop = new Set<GroupLetter>(ESXTOP_LETTERS);
  return layout.order.filter((l) => !esxtop.has(l) && layout.visible.has(l));
}

/** The layout with balloontop's own groups shown or hidden as its settings say (esxtop's line cannot). */
export function withOwnGroups(layout: FieldLayout, shown: readonly GroupLetter[]): FieldLayout {
  if (shown.length === 0) return layout;
  return { order: layout.order, visible: new Set([...layout.visible, ...shown]) };
}

/** Toggle a group, as typing its letter in the `f` panel does. */
export function toggleField(layout: FieldLayout, letter: string): FieldLayout {
  const l = letter.toUpperCase() as GroupLetter;
  if (!layout.order.includes(l)) return layout;
  const visible = new Set(layout.visible);
  if (visible.has(l)) visible.delete(l);
  else visible.add(l);
  return { order: layout.order, visible };
}

/** Move a group one place left (`-1`) or right (`+1`), as the `o` panel's upper/lower case letters do. */
export function moveField(layout: FieldLayout, letter: string, direction: -1 | 1): FieldLayout {
  const l = letter.toUpperCase() as GroupLetter;
  const i = layout.order.indexOf(l);
  const j = i + direction;
  if (i < 0 || j < 0 || j >= layout.order.length) return layout;
  const order = [...layout.order];
  [order[i], order[j]] = [order[j], order[i]];
  return { order, visible: layout.visible };
}
