import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseTerminal } from '../../../screens/blessed/terminal';
import { displayWidth, fit, graphemes, truncate } from '../../../screens/parts/text-width';
import { safeText } from '../../../src/text/safe-text';
import { themeFor } from '../../../screens/parts/theme';

test('terminal type: --term wins; 256-colour and modern terminals are drawn as xterm-256color', () => {
  assert.equal(chooseTerminal('vt100', { TERM: 'xterm-256color' }), 'vt100');
  for (const term of ['xterm-256color', 'tmux-256color', 'screen-256color', 'xterm-kitty', 'alacritty', 'foot', 'xterm-ghostty']) {
    assert.equal(chooseTerminal(null, { TERM: term }), 'xterm-256color', term);
  }
  assert.equal(chooseTerminal(null, { TERM: 'screen', TMUX: '/tmp/tmux-0/default,1,0' }), 'xterm-256color');
  assert.equal(chooseTerminal(null, { TERM: 'xterm', COLORTERM: 'truecolor' }), 'xterm-256color');
  assert.equal(chooseTerminal(null, { TERM: 'xterm' }), 'xterm');
  assert.equal(chooseTerminal(null, { TERM: 'linux' }), 'linux');
  assert.equal(chooseTerminal(null, {}), 'xterm');
  assert.equal(chooseTerminal(null, { TERM: 'dumb' }), 'xterm');
});

test('names: escape sequences and control characters removed; width counts wide characters twice', () => {
  assert.equal(safeText('web01'), 'web01');
  assert.equal(safeText('\x1b[31mred\x1b[0m'), 'red');
  assert.equal(safeText('a\x1b]0;title\x07b'), 'ab');
  assert.equal(safeText('tab\there\r\nnl\x7f\u009b2J'), 'tabherenl');
  assert.equal(safeText('bidi\u202eevil'), 'bidievil');
  assert.equal(displayWidth('数据库'), 6);
  assert.equal(displayWidth('e\u0301'), 1, 'a combining accent takes no column');
  assert.equal(truncate('hostdCgiServer.66666', 16), 'hostdCgiServer.~');
  assert.equal(truncate('数据库服务器', 7), '数据库~');
  assert.equal(displayWidth(truncate('数据库服务器', 8)), 8);
  assert.equal(fit('1302.00', 8, 'right'), ' 1302.00');
  assert.equal(fit('styx', 8), 'styx    ');
});

test('width: emoji, CJK, flags, combining marks; terminal-dependent joiners and modifiers are removed first', () => {
  for (const [name, clean, width] of [
    ['web👍01', 'web👍01', 7],
    ['☕', '☕', 2],
    ['日本語vm', '日本語vm', 8],
    ['❤️db', '❤db', 3],
    ['fam👨‍👩‍👧x', 'fam👨👩👧x', 10],
    ['👍🏽ok', '👍ok', 4],
    ['e\u0301x', 'éx', 2],
    ['zero\u200bwidth', 'zerowidth', 9],
    ['\ufeffbom', 'bom', 3],
  ] as const) {
    assert.equal(safeText(name), clean, name);
    assert.equal(displayWidth(safeText(name)), width, name);
  }
  assert.equal(displayWidth(fit(safeText('fam👨‍👩‍👧x'), 8)), 8, 'never half a wide character');
  assert.equal(fit('web👍01', 5), 'web ~', 'the cut mark stays at the edge of the column');
  assert.deepEqual([...graphemes('é👍a')].map((g) => [g.text, g.width]), [['é', 1], ['👍', 2], ['a', 1]]);
});

test('theme: blessed cell attributes from palette numbers (never hex); mono has no colour at all', () => {
  const dark = themeFor('dark');
  assert.equal(dark.attr('plain'), (0x1ff << 9) | 0x1ff);
  assert.equal(dark.attr('alarm'), (1 << 18) | (196 << 9) | 0x1ff);
  const mono = themeFor('mono');
  for (const style of ['title', 'notice', 'alarm', 'state-low', 'marker', 'status', 'selected'] as const) {
    const attr = mono.attr(style);
    assert.equal(attr & 0x3ffff, (0x1ff << 9) | 0x1ff, `${style}: default colours in mono`);
  }
  assert.notEqual(mono.attr('alarm'), mono.attr('notice'), 'alarm and notice differ by attributes in mono');
});
