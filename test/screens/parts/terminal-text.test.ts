import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseTerminal } from '../../../screens/blessed/terminal';
import { displayWidth, fit, sanitize, truncate } from '../../../screens/parts/text-width';
import { styleAttr, THEME } from '../../../screens/parts/theme';

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
  assert.equal(sanitize('web01'), 'web01');
  assert.equal(sanitize('\x1b[31mred\x1b[0m'), 'red');
  assert.equal(sanitize('a\x1b]0;title\x07b'), 'ab');
  assert.equal(sanitize('tab\there\r\nnl\x7f\u009b2J'), 'tabherenl');
  assert.equal(sanitize('bidi\u202eevil'), 'bidievil');
  assert.equal(displayWidth('数据库'), 6);
  assert.equal(displayWidth('e\u0301'), 1, 'a combining accent takes no column');
  assert.equal(truncate('hostdCgiServer.66666', 16), 'hostdCgiServer.~');
  assert.equal(truncate('数据库服务器', 7), '数据库~');
  assert.equal(displayWidth(truncate('数据库服务器', 8)), 8);
  assert.equal(fit('1302.00', 8, 'right'), ' 1302.00');
  assert.equal(fit('styx', 8), 'styx    ');
});

test('theme: palette numbers only (never hex), one attribute per style', () => {
  for (const [name, style] of Object.entries(THEME)) {
    for (const c of [style.fg, style.bg]) if (c !== undefined) assert.ok(Number.isInteger(c) && c >= 0 && c <= 255, name);
  }
  assert.equal(styleAttr('plain'), (0x1ff << 9) | 0x1ff);
  assert.equal(styleAttr('alarm'), (1 << 18) | (196 << 9) | 0x1ff);
});
