/** The one sanitiser for text from outside on its way to a terminal or a log. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { safeExcerpt, safeLine, safeText } from '../../src/text/safe-text';
import { tellUser } from '../../src/text/user-message';
import { displayWidth } from '../../screens/parts/text-width';
import { TERMINAL_ACTIVE } from '../support/hostile';

test('escape sequences, controls, bidi and zero-width characters are removed', () => {
  assert.equal(safeText('plain text, as is'), 'plain text, as is');
  assert.equal(safeText('\x1b]0;title\x07a\x1b]2;t2\x1b\\b\x1b[2J\x1b[Hc\x1bPd\x9b31me'), 'abcde');
  assert.equal(safeText('r\u202eevil\u202c \u2066iso\u2069 z\u200bw\u200dj \u2060x\ufeffy\u00adz \u061c\u2028\u2029'), 'revil iso zwj xyz ');
  assert.equal(safeText('tab\tnl\ncr\rdel\x7fnul\x00'), 'tabnlcrdelnul');
  assert.equal(safeText('e\u0301'), '\u00e9', 'NFC');
  assert.equal(safeText('tag\u{e0041}\u{e007f}s'), 'tags');
});

test('code points whose width terminals disagree on become ?, so every row keeps its width', () => {
  for (const [raw, clean] of [
    ['un\u0378x', 'un?x'],
    ['pua\ue000x', 'pua?x'],
    ['sur\ud800x', 'sur?x'],
    ['jamo\u1161x', 'jamo?x'],
    ['syllable\u1100\u1161x', 'syllable\uac00x'],
    ['circ\u3248x', 'circ?x'],
    ['new\u{1fae8}x', 'new?x'],
    ['exth\u{31350}x', 'exth?x'],
  ] as const) {
    assert.equal(safeText(raw), clean, JSON.stringify(raw));
    assert.equal(displayWidth(safeText(raw)), [...clean].reduce((w, c) => w + displayWidth(c), 0));
  }
  for (const kept of ['数据库', 'web👍01', 'ünïcödé', 'Ελληνικά', 'кириллица', 'עברית']) assert.equal(safeText(kept), kept);
});

test('a message line is one line, safe, and at most 2,000 characters; an excerpt is cut with ...', () => {
  const line = safeLine(`fault: ${'x'.repeat(100_000)}\n\x1b[2Jmore`);
  assert.ok(line.length <= 2000 && line.endsWith('...') && !line.includes('\n'));
  assert.equal(safeExcerpt('abc\x1b[31mdef', 4), 'abcd...');
  const out = new PassThrough();
  let written = '';
  out.on('data', (d: Buffer) => (written += d.toString()));
  tellUser(`group \x1b]2;PWNED\x07name\u202e appeared`, out);
  assert.equal(written, 'balloontop: group name appeared\n');
  assert.equal(TERMINAL_ACTIVE.test(written.slice(0, -1)), false);
});
