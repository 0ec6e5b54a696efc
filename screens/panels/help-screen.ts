/**
 * The help screen: every key binding by section (from the one binding table),
 * every column and header counter described by the registry, and the colour
 * legend written from the registry's thresholds.
 */
import { HOST_COUNTERS } from '../../src/fields/host-counters';
import { ALL_COLUMNS } from '../../src/fields/registry';
import { describeThresholds } from '../../src/fields/thresholds';
import type { ThemeName } from '../../src/config/settings';
import { STATE_THRESHOLDS, MEM_STATES, type MemState } from '../../src/sample/mem-state';
import { LIVE_COLUMN_GAPS, LIVE_HOST_GAPS } from '../../src/sources/vsphere/live-gaps';
import { keyLabel, result, SECTIONS, type KeyBinding, type KeyEnv } from '../keys/binding';
import { PAGE_AND_GUEST } from '../keys/page-keys';
import { LineBuilder, textLine, type Line } from '../parts/line';
import { wrap } from '../parts/text-width';
import { scrolled } from '../parts/scrolled';
import { themeFor, type StyleName } from '../parts/theme';
import type { Screen } from '../screen';
import type { ViewState } from '../view-state';

/** A help entry: the key (or column) in a fixed-width gutter, the text wrapped beside it; a key too long for the gutter gets a line of its own. */
function entry(width: number, label: string, gutterWidth: number, text: string, style: StyleName = 'key'): Line[] {
  const own = label.length >= gutterWidth;
  const indent = label.length - label.trimStart().length;
  const labelled = (b: LineBuilder) => b.add(' '.repeat(indent)).add(label.trimStart(), style);
  const lines = wrap(text, Math.max(10, width - gutterWidth), Infinity).map((part, i) => {
    const b = new LineBuilder(width);
    if (i === 0 && !own) labelled(b).add(' '.repeat(gutterWidth - label.length));
    else b.add(' '.repeat(gutterWidth));
    return b.add(part).build();
  });
  return own ? [labelled(new LineBuilder(width)).build(), ...lines] : lines;
}

/** Free memory as a share of minFree for each state word, in words. */
function stateRanges(): string {
  const pct = (s: MemState) => `${Math.round(STATE_THRESHOLDS[s] * 100)}%`;
  return `high from ${pct('high')}, clear ${pct('clear')} to ${pct('high')}, soft ${pct('soft')} to ${pct('clear')}, hard ${pct('hard')} to ${pct('soft')}, low below ${pct('hard')} (below ${pct('low')} the host blocks VMs)`;
}

/** The colours and marks, each shown in its own style and described in words for the theme in use. */
function colourLines(width: number, themeName: ThemeName, colours: number): Line[] {
  const theme = themeFor(themeName, colours);
  const lines: Line[] = [
    textLine(`colours and marks (theme ${themeName})`, width, 'title'),
    ...paragraph(width, 'Themes: --theme dark, light or mono, or theme = ... in balloontop.conf; NO_COLOR set gives mono. Colours mean something only where shown below: a user world or system group is never an alarm.'),
  ];
  for (const t of describeThresholds()) lines.push(...entry(width, `  ${t.level}`, 10, `${t.text} (${theme.describe(t.level)})`, t.level));
  lines.push(...entry(width, '  !', 10, 'after MCTLSZ: the balloon is at MCTLMAX, the most it may take; more pressure on this VM means compression and swap'));
  lines.push(...entry(width, '  ◂3 5▸', 10, 'in the title line: 3 columns hidden on the left, 5 on the right (Left/Right or [ ] scroll; GID and NAME stay)', 'marker'));
  lines.push(...entry(width, '  state', 10, `the state word on the VMKMEM line, by free memory as a share of minFree: ${stateRanges()}`));
  for (const s of MEM_STATES) lines.push(...entry(width, `  ${s}`, 10, theme.describe(`state-${s}`), `state-${s}`));
  return lines;
}

function paragraph(width: number, text: string): Line[] {
  return wrap(text, width, Infinity).map((l) => textLine(l, width));
}

/** A description, and why a live host leaves the value empty when it does. */
function withLiveGap(description: string, gap: string | undefined): string {
  return gap ? `${description}. Live host: always -, ${gap}` : description;
}

/** The whole help text. */
export function helpLines(width: number, bindings: readonly KeyBinding[], themeName: ThemeName = 'dark', colours = 256): Line[] {
  const lines: Line[] = [textLine("balloontop: esxtop's memory page for ballooning, compression and swap", width, 'title'), []];
  for (const section of SECTIONS) {
    const inSection = bindings.filter((b) => b.section === section);
    if (inSection.length === 0) continue;
    lines.push(textLine(section, width, 'title'));
    for (const b of inSection) lines.push(...entry(width, `  ${keyLabel(b.keys)}`, 18, b.help));
    lines.push([]);
  }
  lines.push(...colourLines(width, themeName, colours));
  lines.push([]);
  lines.push(textLine('columns (f shows or hides them by field letter)', width, 'title'));
  for (const c of ALL_COLUMNS) lines.push(...entry(width, `  ${c.group} ${c.id.padEnd(9)} ${c.unit}`, 21, withLiveGap(c.description, (LIVE_COLUMN_GAPS as Record<string, string | undefined>)[c.id])));
  lines.push([]);
  lines.push(textLine('header lines', width, 'title'));
  for (const h of HOST_COUNTERS) lines.push(...entry(width, `  ${h.line.padEnd(7)}${h.label}`, 27, withLiveGap(h.description, (LIVE_HOST_GAPS as Record<string, string | undefined>)[h.id])));
  lines.push([]);
  lines.push(...paragraph(width, 'Times are UTC, as in esxtop batch captures. A missing value shows as "-", never as 0.'));
  return lines;
}

function scroll(view: ViewState, env: KeyEnv, d: number): ViewState {
  return { ...view, helpTop: Math.min(Math.max(0, env.scrollLength), Math.max(0, view.helpTop + d)) };
}

const keys: readonly KeyBinding[] = [
  { keys: ['h', '?'], on: PAGE_AND_GUEST, section: 'esxtop keys (memory page)', help: 'help: every key, every column, every header counter, the colours; arrows scroll', run: (v) => result({ ...v, screen: 'help', previous: v.screen, helpTop: 0 }) },
  { keys: ['down', '2'], on: ['help'], section: 'panels', help: 'help: scroll down', run: (v, e) => result(scroll(v, e, 1)) },
  { keys: ['up', '8'], on: ['help'], section: 'panels', help: 'help: scroll up', run: (v, e) => result(scroll(v, e, -1)) },
  { keys: ['pagedown', 'pageup'], on: ['help'], section: 'panels', help: 'help: scroll by a page', run: (v, e, k) => result(scroll(v, e, (k.name === 'pageup' ? -1 : 1) * Math.max(1, e.pageRows))) },
  { keys: ['ANY'], on: ['help'], section: 'panels', help: 'help: back to the memory page', run: (v) => result({ ...v, screen: v.previous, helpTop: 0 }) },
];

/** The help screen shows `bindings()`: the whole table, which is built from every screen, this one included. */
export function makeHelpScreen(bindings: () => readonly KeyBinding[]): Screen {
  return {
    id: 'help',
    body: ({ view, width, theme, colours }, room) => ({
      lines: scrolled(helpLines(width, bindings(), theme, colours), view.helpTop, room, width, 'more: Down/PgDn, any other key returns', 'end, any other key returns'),
    }),
    lineCount: ({ width, theme, colours }) => helpLines(width, bindings(), theme, colours).length,
    keys,
  };
}
