/**
 * Every colour balloontop draws, as xterm-256 palette numbers in ONE place
 * (blessed collapses hex colours that match a palette entry to the 8 basic
 * ones). Frames name styles; only this module knows colours.
 */
import type { MemState } from '../../src/sample/mem-state';

export type StyleName =
  | 'plain'
  | 'title'        // column titles
  | 'status'       // the status line
  | 'selected'     // the highlighted row
  | 'notice'       // MCTLSZ > 0
  | 'alarm'        // SWCUR > 0, SWR/s > 0, MCTL? N under pressure, MCTLSZ at MCTLMAX
  | 'notice-selected' // the same on the highlighted row (keeps the highlight's background)
  | 'alarm-selected'
  | 'caption'      // narration of a simulated scenario
  | 'error'        // a message that something went wrong
  | 'dim'          // secondary text
  | 'key'          // a key name in the help and panels
  | `state-${MemState}`;

interface Style {
  fg?: number;
  bg?: number;
  bold?: boolean;
  inverse?: boolean;
}

export const THEME: Record<StyleName, Style> = {
  plain: {},
  title: { inverse: true, bold: true },
  status: { fg: 16, bg: 250 },
  selected: { fg: 231, bg: 24 },
  notice: { fg: 214, bold: true },
  alarm: { fg: 196, bold: true },
  'notice-selected': { fg: 220, bg: 24, bold: true },
  'alarm-selected': { fg: 210, bg: 24, bold: true },
  caption: { fg: 16, bg: 229 },
  error: { fg: 231, bg: 124, bold: true },
  dim: { fg: 244 },
  key: { fg: 75, bold: true },
  'state-high': { fg: 40, bold: true },
  'state-clear': { fg: 148, bold: true },
  'state-soft': { fg: 214, bold: true },
  'state-hard': { fg: 202, bold: true },
  'state-low': { fg: 196, bold: true },
};

const openTags = new Map<StyleName, string>();
const closeTags = new Map<StyleName, string>();

for (const [name, s] of Object.entries(THEME) as [StyleName, Style][]) {
  const open: string[] = [];
  const close: string[] = [];
  if (s.fg !== undefined) { open.push(`{${s.fg}-fg}`); close.unshift(`{/${s.fg}-fg}`); }
  if (s.bg !== undefined) { open.push(`{${s.bg}-bg}`); close.unshift(`{/${s.bg}-bg}`); }
  if (s.bold) { open.push('{bold}'); close.unshift('{/bold}'); }
  if (s.inverse) { open.push('{inverse}'); close.unshift('{/inverse}'); }
  openTags.set(name, open.join(''));
  closeTags.set(name, close.join(''));
}

/** Default fg/bg in blessed's cell attribute (`(flags << 18) | (fg << 9) | bg`). */
const DEFAULT_COLOUR = 0x1ff;
const attrs = new Map<StyleName, number>();
for (const [name, s] of Object.entries(THEME) as [StyleName, Style][]) {
  const flags = (s.bold ? 1 : 0) | (s.inverse ? 8 : 0);
  attrs.set(name, (flags << 18) | ((s.fg ?? DEFAULT_COLOUR) << 9) | (s.bg ?? DEFAULT_COLOUR));
}

/** blessed's cell attribute for a style, for drawing straight into `screen.lines`. */
export function styleAttr(name: StyleName): number {
  return attrs.get(name) ?? attrs.get('plain')!;
}

/** blessed tags that open and close a style. */
export function styleTags(name: StyleName): [string, string] {
  return [openTags.get(name) ?? '', closeTags.get(name) ?? ''];
}

export function stateStyle(state: MemState | null): StyleName {
  return state ? `state-${state}` : 'plain';
}

/**
 * Colours of the graph view's series (blessed-contrib line charts take palette
 * numbers), by series id: the state boundaries in their state's colour, the
 * balloon as MCTLSZ is highlighted, swap as an alarm.
 */
const SERIES_COLOURS: Readonly<Record<string, number>> = {
  free: 40,
  'boundary-clear': THEME['state-clear'].fg!,
  'boundary-soft': THEME['state-soft'].fg!,
  'boundary-hard': THEME['state-hard'].fg!,
  'boundary-low': THEME['state-low'].fg!,
  memctlCurrent: THEME.notice.fg!,
  memctlTarget: THEME.key.fg!,
  swapUsed: THEME.alarm.fg!,
  zipped: 141,
  swapReadRate: THEME.alarm.fg!,
  swapWriteRate: 208,
  MCTLSZ: THEME.notice.fg!,
  MCTLTGT: THEME.key.fg!,
  MCTLMAX: 250,
  SWCUR: THEME.alarm.fg!,
  'SWR/s': THEME.alarm.fg!,
  'SWW/s': 208,
};

/** Axis text and the chart's baseline. */
export const GRAPH_AXIS_COLOUR = THEME.dim.fg!;

export function seriesColour(id: string): number {
  return SERIES_COLOURS[id] ?? 252;
}
