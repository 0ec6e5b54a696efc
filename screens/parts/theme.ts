/**
 * Every colour balloontop draws, in ONE place: three themes, as xterm-256
 * palette numbers (blessed collapses hex colours that match a palette entry
 * to the 8 basic ones). Frames name styles; only this module knows colours.
 *
 * - `dark` (the default): mid-tone colours, bold, chosen to read on a black
 *   background (contrast at least 4.5:1) and still on a white one (at least
 *   2.9:1, most above 3.5:1), for a terminal whose background is unknown.
 * - `light`: deeper colours for a white or light background (at least 3.8:1
 *   on white, most above 4.5:1).
 * - `mono`: no colour at all (`NO_COLOR`); meaning is kept by attributes
 *   (bold, underline, reverse) and by the marks in the text (`!`, `◂3`, the
 *   state word itself, the labels on the chart lines).
 *
 * Bars that set their own background (status, caption, highlight, error) are
 * the same in both colour themes: they read on any terminal background.
 *
 * A terminal of 8 or 16 colours (TERM=xterm, linux) gets the basic colours
 * chosen here for each colour theme: blessed's own reduction of the palette
 * draws every orange, ochre and yellow as red (a notice looked like an alarm,
 * the soft state like the hard one) and the dark theme's grey as white.
 */
import { THEME_NAMES, type ThemeName } from '../../src/config/settings';
import type { MemState } from '../../src/sample/mem-state';

export type StyleName =
  | 'plain'
  | 'title'        // column titles
  | 'marker'       // ◂3 / 5▸ in the title line: columns hidden on that side
  | 'status'       // the status line
  | 'selected'     // the highlighted row
  | 'notice'       // MCTLSZ > 0
  | 'alarm'        // SWCUR > 0 on a VM, MCTL? N on a VM under pressure, MCTLSZ at MCTLMAX
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
  underline?: boolean;
  inverse?: boolean;
}

interface Palette {
  styles: Record<StyleName, Style>;
  /** Chart lines by series id, and for any other series; null = the terminal's own colour. */
  series: Readonly<Record<string, number>> | null;
  otherSeries: number | null;
  /** Axis text, axis line, chart frames. */
  axis: number | null;
}

/** Bars with their own background: the same in both colour themes. */
const BARS = {
  title: { inverse: true, bold: true },
  marker: { fg: 16, bg: 220, bold: true },
  status: { fg: 16, bg: 250 },
  selected: { fg: 231, bg: 24 },
  'notice-selected': { fg: 220, bg: 24, bold: true },
  'alarm-selected': { fg: 217, bg: 24, bold: true, underline: true },
  caption: { fg: 16, bg: 229 },
  error: { fg: 231, bg: 124, bold: true },
} satisfies Partial<Record<StyleName, Style>>;

/** The same bars in the 8 basic colours (0 black, 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan, 7 white). */
const BASIC_BARS = {
  title: { inverse: true, bold: true },
  marker: { fg: 0, bg: 3, bold: true },
  status: { fg: 0, bg: 7 },
  selected: { fg: 7, bg: 4 },
  'notice-selected': { fg: 3, bg: 4, bold: true },
  'alarm-selected': { fg: 7, bg: 1, bold: true, underline: true },
  caption: { fg: 0, bg: 6 },
  error: { fg: 7, bg: 1, bold: true },
} satisfies Partial<Record<StyleName, Style>>;

interface Hues {
  notice: number;
  alarm: number;
  key: number;
  /** Secondary text; undefined: the terminal's own colour (8 colours have no grey). */
  dim: number | undefined;
  states: Record<MemState, number>;
  free: number;
  zipped: number;
  swapWrite: number;
}

function colourPalette(h: Hues, bars: typeof BARS | typeof BASIC_BARS = BARS): Palette {
  const s = h.states;
  return {
    styles: {
      ...bars,
      plain: {},
      notice: { fg: h.notice, bold: true },
      alarm: { fg: h.alarm, bold: true },
      dim: { fg: h.dim },
      key: { fg: h.key, bold: true },
      'state-high': { fg: s.high, bold: true },
      'state-clear': { fg: s.clear, bold: true },
      'state-soft': { fg: s.soft, bold: true },
      'state-hard': { fg: s.hard, bold: true },
      // The state in which the host blocks VMs: reverse video, whatever the background.
      'state-low': { fg: s.low, bold: true, inverse: true },
    },
    series: {
      free: h.free,
      'boundary-clear': s.clear,
      'boundary-soft': s.soft,
      'boundary-hard': s.hard,
      'boundary-low': s.low,
      memctlCurrent: h.notice,
      memctlTarget: h.key,
      swapUsed: h.alarm,
      zipped: h.zipped,
      swapReadRate: h.alarm,
      swapWriteRate: h.swapWrite,
      MCTLSZ: h.notice,
      MCTLTGT: h.key,
      ...(h.dim === undefined ? {} : { MCTLMAX: h.dim }),
      SWCUR: h.alarm,
      'SWR/s': h.alarm,
      'SWW/s': h.swapWrite,
    },
    otherSeries: h.dim ?? null,
    axis: h.dim ?? null,
  };
}

/** The colour themes on a terminal of 8 or 16 colours: each meaning keeps a basic colour of its own. */
const BASIC_PALETTES: Record<Exclude<ThemeName, 'mono'>, Palette> = {
  dark: colourPalette({ notice: 3, alarm: 1, key: 6, dim: undefined, states: { high: 2, clear: 6, soft: 3, hard: 5, low: 1 }, free: 2, zipped: 5, swapWrite: 5 }, BASIC_BARS),
  light: colourPalette({ notice: 5, alarm: 1, key: 4, dim: undefined, states: { high: 2, clear: 4, soft: 3, hard: 5, low: 1 }, free: 2, zipped: 6, swapWrite: 5 }, BASIC_BARS),
};

const PALETTES: Record<ThemeName, Palette> = {
  // Contrast on white / on black: notice 3.8/5.5, alarm 4.0/5.3, key 3.6/5.9, dim 4.0/5.3; states 2.9-4.1 / 5.1-7.1 (test/screens/parts/theme.test.ts).
  dark: colourPalette({ notice: 166, alarm: 196, key: 33, dim: 244, states: { high: 34, clear: 31, soft: 136, hard: 202, low: 196 }, free: 34, zipped: 98, swapWrite: 202 }),
  // Contrast on white: notice 4.7, alarm 5.4, key 6.5, dim 5.3; states 3.8-6.5.
  light: colourPalette({ notice: 130, alarm: 160, key: 25, dim: 242, states: { high: 28, clear: 25, soft: 94, hard: 166, low: 160 }, free: 28, zipped: 90, swapWrite: 166 }),
  mono: {
    styles: {
      plain: {},
      title: { inverse: true, bold: true },
      marker: { bold: true },
      status: { inverse: true },
      selected: { inverse: true },
      notice: { bold: true },
      alarm: { bold: true, underline: true },
      'notice-selected': { inverse: true, bold: true },
      'alarm-selected': { inverse: true, bold: true, underline: true },
      caption: { inverse: true },
      error: { inverse: true, bold: true },
      dim: {},
      key: { bold: true },
      'state-high': {},
      'state-clear': {},
      'state-soft': { bold: true },
      'state-hard': { bold: true, underline: true },
      'state-low': { bold: true, inverse: true },
    },
    series: null,
    otherSeries: null,
    axis: null,
  },
};

/** Default fg/bg in blessed's cell attribute (`(flags << 18) | (fg << 9) | bg`). */
const DEFAULT_COLOUR = 0x1ff;

/** Colour names for the help screen (xterm-256 palette numbers used above). */
const COLOUR_WORDS: Readonly<Record<number, string>> = {
  0: 'black', 1: 'red', 2: 'green', 3: 'yellow', 4: 'blue', 5: 'magenta', 6: 'cyan', 7: 'white',
  16: 'black', 24: 'blue', 25: 'blue', 28: 'green', 31: 'teal', 33: 'blue', 34: 'green', 90: 'purple', 94: 'brown',
  98: 'purple', 124: 'red', 130: 'dark orange', 136: 'ochre', 160: 'red', 166: 'orange', 196: 'red', 202: 'orange', 217: 'pink', 220: 'yellow',
  231: 'white', 242: 'grey', 244: 'grey', 250: 'light grey',
};

export interface Theme {
  name: ThemeName;
  /** blessed's cell attribute for a style, for drawing straight into `screen.lines`. */
  attr(style: StyleName): number;
  /** blessed tags that open and close a style. */
  tags(style: StyleName): [string, string];
  /** How a style looks, in words (`orange, bold`), for the help screen. */
  describe(style: StyleName): string;
  /** A chart line's colour (palette number), or 'normal' for the terminal's own. */
  seriesColour(id: string): number | 'normal';
  /** Axis text, axis line and chart frames, or undefined for the terminal's own colour. */
  axisColour: number | undefined;
}

function makeTheme(name: ThemeName, p: Palette): Theme {
  const attrs = new Map<StyleName, number>();
  const tags = new Map<StyleName, [string, string]>();
  for (const [style, s] of Object.entries(p.styles) as [StyleName, Style][]) {
    const flags = (s.bold ? 1 : 0) | (s.underline ? 2 : 0) | (s.inverse ? 8 : 0);
    attrs.set(style, (flags << 18) | ((s.fg ?? DEFAULT_COLOUR) << 9) | (s.bg ?? DEFAULT_COLOUR));
    const open: string[] = [];
    const close: string[] = [];
    if (s.fg !== undefined) { open.push(`{${s.fg}-fg}`); close.unshift(`{/${s.fg}-fg}`); }
    if (s.bg !== undefined) { open.push(`{${s.bg}-bg}`); close.unshift(`{/${s.bg}-bg}`); }
    if (s.bold) { open.push('{bold}'); close.unshift('{/bold}'); }
    if (s.underline) { open.push('{underline}'); close.unshift('{/underline}'); }
    if (s.inverse) { open.push('{inverse}'); close.unshift('{/inverse}'); }
    tags.set(style, [open.join(''), close.join('')]);
  }
  const plain = attrs.get('plain')!;
  return {
    name,
    attr: (style) => attrs.get(style) ?? plain,
    tags: (style) => tags.get(style) ?? ['', ''],
    describe: (style) => {
      const s = p.styles[style];
      const words = [
        s.fg !== undefined ? (COLOUR_WORDS[s.fg] ?? `colour ${s.fg}`) : '',
        s.bg !== undefined ? `on ${COLOUR_WORDS[s.bg] ?? `colour ${s.bg}`}` : '',
        s.bold ? 'bold' : '',
        s.underline ? 'underlined' : '',
        s.inverse ? 'reversed' : '',
      ].filter(Boolean);
      return words.length > 0 ? words.join(', ') : 'plain';
    },
    seriesColour: (id) => p.series?.[id] ?? p.otherSeries ?? 'normal',
    axisColour: p.axis ?? undefined,
  };
}

const THEMES = new Map<ThemeName, Theme>(THEME_NAMES.map((n) => [n, makeTheme(n, PALETTES[n])]));
const BASIC_THEMES = new Map<ThemeName, Theme>(Object.entries(BASIC_PALETTES).map(([n, p]) => [n as ThemeName, makeTheme(n as ThemeName, p)]));

/** A theme for a terminal of `colours` colours (256 unless told): fewer than 256 get the basic colours. */
export function themeFor(name: ThemeName, colours = 256): Theme {
  return (colours < 256 ? BASIC_THEMES.get(name) : undefined) ?? THEMES.get(name)!;
}

export function stateStyle(state: MemState | null): StyleName {
  return state ? `state-${state}` : 'plain';
}
