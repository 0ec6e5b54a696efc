/**
 * Readable colours on dark and light terminals: the contrast of every
 * coloured word against a black and a white background (WCAG's ratio, from
 * the xterm-256 palette), and mono without any colour.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { themeFor, type StyleName } from '../../../screens/parts/theme';
import { frameInput, frameLines, frameText } from '../frame-input';
import { captureSamples } from '../samples';
import { lineText } from '../../../screens/parts/line';

function rgb(n: number): [number, number, number] {
  const basic: [number, number, number][] = [[0, 0, 0], [205, 0, 0], [0, 205, 0], [205, 205, 0], [0, 0, 238], [205, 0, 205], [0, 205, 205], [229, 229, 229], [127, 127, 127], [255, 0, 0], [0, 255, 0], [255, 255, 0], [92, 92, 255], [255, 0, 255], [0, 255, 255], [255, 255, 255]];
  if (n < 16) return basic[n];
  if (n >= 232) return [8 + 10 * (n - 232), 8 + 10 * (n - 232), 8 + 10 * (n - 232)];
  const level = [0, 95, 135, 175, 215, 255];
  const i = n - 16;
  return [level[Math.floor(i / 36)], level[Math.floor(i / 6) % 6], level[i % 6]];
}

function luminance(n: number): number {
  const f = (c: number) => {
    const x = c / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = rgb(n);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

function contrast(a: number, b: number): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

const fg = (attr: number) => (attr >> 9) & 0x1ff;
const bg = (attr: number) => attr & 0x1ff;
const DEFAULT = 0x1ff;
const BLACK = 16;
const WHITE = 231;

/** The words coloured on the terminal's own background. */
const ON_TERMINAL: StyleName[] = ['notice', 'alarm', 'key', 'dim', 'state-high', 'state-clear', 'state-soft', 'state-hard', 'state-low'];
const SERIES = ['free', 'boundary-clear', 'boundary-soft', 'boundary-hard', 'boundary-low', 'memctlCurrent', 'memctlTarget', 'swapUsed', 'zipped', 'swapReadRate', 'swapWriteRate', 'MCTLSZ', 'MCTLTGT', 'MCTLMAX', 'SWCUR', 'SWR/s', 'SWW/s'];

test('dark theme: every coloured word and chart line reads on black and still on white (contrast at least 2.8:1 on both)', () => {
  const t = themeFor('dark');
  for (const s of ON_TERMINAL) {
    const c = fg(t.attr(s));
    assert.notEqual(c, DEFAULT, s);
    assert.ok(contrast(c, BLACK) >= 4.5, `${s} (${c}) on black: ${contrast(c, BLACK).toFixed(2)}`);
    assert.ok(contrast(c, WHITE) >= 2.8, `${s} (${c}) on white: ${contrast(c, WHITE).toFixed(2)}`);
  }
  for (const id of SERIES) {
    const c = t.seriesColour(id) as number;
    assert.ok(contrast(c, BLACK) >= 4.4 && contrast(c, WHITE) >= 2.8, `${id} (${c})`);
  }
});

test('light theme: deeper colours, at least 3.8:1 on white; they differ from the dark theme\'s', () => {
  const light = themeFor('light');
  const dark = themeFor('dark');
  for (const s of ON_TERMINAL) {
    const c = fg(light.attr(s));
    assert.ok(contrast(c, WHITE) >= 3.8, `${s} (${c}) on white: ${contrast(c, WHITE).toFixed(2)}`);
    assert.notEqual(light.attr(s), dark.attr(s), s);
  }
  for (const id of SERIES) assert.ok(contrast(light.seriesColour(id) as number, WHITE) >= 3.8, id);
});

test('bars with their own background read on any terminal, in both colour themes', () => {
  for (const name of ['dark', 'light'] as const) {
    const t = themeFor(name);
    for (const s of ['status', 'selected', 'notice-selected', 'alarm-selected', 'caption', 'error', 'marker'] as StyleName[]) {
      const a = t.attr(s);
      assert.notEqual(bg(a), DEFAULT, `${name} ${s} sets its background`);
      assert.ok(contrast(fg(a), bg(a)) >= 4, `${name} ${s}: ${contrast(fg(a), bg(a)).toFixed(2)}`);
    }
  }
});

test('mono: no colour anywhere, the meaning kept by attributes (alarm underlined, low reversed)', () => {
  const t = themeFor('mono');
  const all: StyleName[] = ['plain', 'title', 'marker', 'status', 'selected', 'notice', 'alarm', 'notice-selected', 'alarm-selected', 'caption', 'error', 'dim', 'key', 'state-high', 'state-clear', 'state-soft', 'state-hard', 'state-low'];
  for (const s of all) assert.equal(t.attr(s) & 0x3ffff, (DEFAULT << 9) | DEFAULT, s);
  for (const id of SERIES) assert.equal(t.seriesColour(id), 'normal');
  assert.equal(t.axisColour, undefined);
  assert.equal(t.describe('alarm'), 'bold, underlined');
  assert.equal(t.describe('state-low'), 'bold, reversed');
  assert.notEqual(t.attr('alarm'), t.attr('notice'));
  assert.notEqual(t.attr('state-soft'), t.attr('state-hard'));
});

test('help: the colours of the theme in use, the ! mark, the column markers and the state thresholds as % of minFree', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  for (const theme of ['dark', 'light', 'mono'] as const) {
    const input = { ...frameInput(first, { width: 80, height: 400, view: { screen: 'help' } }), theme };
    const lines = frameLines(input);
    const text = lines.map(lineText).join('\n').replace(/\s+/g, ' ');
    assert.ok(text.includes(`colours and marks (theme ${theme}`), theme);
    assert.ok(text.includes(`(${themeFor(theme).describe('alarm')})`), `${theme}: the alarm colour in words`);
    assert.ok(text.includes('after MCTLSZ: the balloon is at MCTLMAX'));
    assert.ok(text.includes('◂3 5▸') && text.includes('3 columns hidden on the left, 5 on the right'));
    assert.ok(text.includes('high from 400%, clear 100% to 400%, soft 64% to 100%, hard 32% to 64%, low below 32% (below 16% the host blocks VMs)'));
    assert.ok(text.includes('on a user world or system group (system swap)'));
    // Each level's name is drawn in its own style.
    const alarm = lines.find((l) => l.some((seg) => seg.text === 'alarm' && seg.style === 'alarm'));
    assert.ok(alarm, `${theme}: "alarm" shown as an alarm`);
    assert.ok(frameText(input).every((l) => l.length <= 80));
  }
});

test('8 or 16 colours (TERM=xterm, linux): basic colours chosen per theme; a notice is not an alarm, dim text keeps the terminal\'s colour', () => {
  for (const name of ['dark', 'light'] as const) {
    const t = themeFor(name, 8);
    assert.equal(t.name, name);
    for (const s of ['plain', 'title', 'marker', 'status', 'selected', 'notice', 'alarm', 'notice-selected', 'alarm-selected', 'caption', 'error', 'dim', 'key', 'state-high', 'state-clear', 'state-soft', 'state-hard', 'state-low'] as StyleName[]) {
      const a = t.attr(s);
      for (const c of [fg(a), bg(a)]) assert.ok(c < 8 || c === DEFAULT, `${name} ${s}: ${c} is a basic colour or the terminal's own`);
    }
    for (const id of SERIES) {
      const c = t.seriesColour(id);
      assert.ok(c === 'normal' || c < 8, `${name} ${id}: ${c}`);
    }
    // blessed's own reduction draws orange, ochre and yellow as red, and grey as white (unreadable on white).
    assert.notEqual(fg(t.attr('notice')), fg(t.attr('alarm')), `${name}: notice and alarm in two colours`);
    assert.notEqual(fg(t.attr('notice-selected')) * 512 + bg(t.attr('notice-selected')), fg(t.attr('alarm-selected')) * 512 + bg(t.attr('alarm-selected')), `${name}: on the highlighted row too`);
    assert.equal(new Set(['state-high', 'state-clear', 'state-soft', 'state-hard'].map((s) => fg(t.attr(s as StyleName)))).size, 4, `${name}: four states, four colours`);
    assert.equal(fg(t.attr('dim')), DEFAULT, `${name}: no grey in 8 colours: dim text in the terminal's own colour`);
    assert.ok(!/orange|ochre|grey|pink/.test(t.describe('notice') + t.describe('dim') + t.describe('alarm-selected')), `${name}: described as drawn`);
  }
  assert.equal(themeFor('dark', 256), themeFor('dark'));
  assert.equal(themeFor('mono', 8), themeFor('mono'), 'mono has no colour to reduce');
});

test('help on an 8-colour terminal describes the basic colours it draws, not the 256-colour ones', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const help = (colours: number) => {
    const input = { ...frameInput(first, { width: 80, height: 400, view: { screen: 'help' } }), theme: 'dark' as const, colours };
    return frameLines(input).map(lineText).join('\n').replace(/\s+/g, ' ');
  };
  const basic = help(8);
  assert.ok(basic.includes(`(${themeFor('dark', 8).describe('notice')})`), 'the notice colour as drawn in 8 colours');
  assert.ok(!/orange|ochre|grey|pink/.test(basic), 'no colour the terminal cannot show');
  assert.ok(/orange/.test(help(256)), 'with 256 colours the notice is orange');
});
