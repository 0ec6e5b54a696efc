import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from '../../src/config/command-line';
import { SESSION_OPTIONS, sessionOptions } from '../../src/config/session-options';
import { chooseTheme, readSettings, settingsFile } from '../../src/config/settings';
import { UserError } from '../../src/errors';

const parse = (argv: string[]) => sessionOptions(parseArgs(argv, SESSION_OPTIONS, 'replay'));

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'balloontop-settings-'));
}

test('--theme takes dark, light or mono; anything else is a one-line error', () => {
  assert.equal(parse([]).theme, null);
  for (const t of ['dark', 'light', 'mono'] as const) assert.equal(parse(['--theme', t]).theme, t);
  assert.throws(() => parse(['--theme', 'solarized']), (e: unknown) => e instanceof UserError && e.message === '--theme must be one of dark, light, mono, got "solarized"');
});

test('the theme: --theme, then balloontop.conf, then NO_COLOR (mono), then a light COLORFGBG, then dark', () => {
  const none = { theme: null, readFrom: null };
  const file = { theme: 'light' as const, readFrom: '/x/balloontop.conf' };
  assert.equal(chooseTheme(null, none, {}), 'dark');
  assert.equal(chooseTheme(null, none, { NO_COLOR: '1' }), 'mono');
  assert.equal(chooseTheme(null, none, { NO_COLOR: '' }), 'dark', 'NO_COLOR counts only when it is not empty (no-color.org)');
  assert.equal(chooseTheme(null, none, { COLORFGBG: '0;15' }), 'light');
  assert.equal(chooseTheme(null, none, { COLORFGBG: '15;default;0' }), 'dark');
  assert.equal(chooseTheme(null, file, { NO_COLOR: '1' }), 'light', 'a setting the user wrote wins over NO_COLOR');
  assert.equal(chooseTheme('mono', file, {}), 'mono', 'the command line wins');
});

test('balloontop.conf: theme = VALUE with comments; a missing file is no settings; a bad line names the file and line', () => {
  const dir = scratch();
  try {
    const env = { XDG_CONFIG_HOME: dir, HOME: dir };
    assert.deepEqual(readSettings(env), { theme: null, readFrom: null });
    const path = settingsFile(env);
    assert.equal(path, join(dir, 'balloontop', 'balloontop.conf'));
    mkdirSync(join(dir, 'balloontop'));
    writeFileSync(path, '# for the projector\n\ntheme = light   # light background\n');
    assert.deepEqual(readSettings(env), { theme: 'light', readFrom: path });
    writeFileSync(path, 'theme=purple\n');
    assert.throws(() => readSettings(env), (e: unknown) => e instanceof UserError && e.message === `${path}:1: theme must be one of dark, light, mono, found "purple"`);
    writeFileSync(path, '\ncolour = dark\n');
    assert.throws(() => readSettings(env), (e: unknown) => e instanceof UserError && e.message === `${path}:2: unknown setting "colour" (known: theme)`);
    writeFileSync(path, 'just words\n');
    assert.throws(() => readSettings(env), (e: unknown) => e instanceof UserError && /balloontop\.conf:1: expected "name = value"/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
