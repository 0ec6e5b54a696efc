import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { defaultsFile, loadConfig, shortPath, userConfigDir, writeConfig } from '../../src/config/user-config';
import { defaultFieldLayout, formatFieldLine, toggleField } from '../../src/config/field-layout';
import { defaultEsxtopRc, parseEsxtopRc } from '../../src/config/esxtoprc';
import { UserError } from '../../src/errors';
import { CAPTURES } from '../support/paths';

const RC_DIR = join(CAPTURES, 'rc');

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'balloontop-config-'));
}

test('every rc file in captures/rc loads, and W writes a file that re-reads identically', () => {
  const files = readdirSync(RC_DIR);
  assert.ok(files.length >= 4);
  const dir = scratch();
  try {
    for (const f of files) {
      const path = join(RC_DIR, f);
      const original = readFileSync(path, 'utf8');
      const loaded = loadConfig(path, {});
      assert.equal(loaded.readFrom, path);
      assert.equal(formatFieldLine(loaded.rc.fields), original.split('\n')[1].trim(), f);
      const out = join(dir, `${f}.out`);
      writeConfig(out, loaded.rc);
      const written = readFileSync(out, 'utf8');
      assert.equal(written.trimEnd(), original.trimEnd(), `${f}: unchanged settings write back byte for byte`);
      assert.deepEqual(loadConfig(out, {}).rc, loaded.rc, f);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed memory line and delay are written; the other panels\' lines are kept', () => {
  const dir = scratch();
  try {
    const src = join(RC_DIR, 'esodesod_public-dotfiles.esxtop60rc');
    const loaded = loadConfig(src, {});
    const out = join(dir, 'nested', 'dir', '.esxtop60rc');
    writeConfig(out, { ...loaded.rc, fields: toggleField(loaded.rc.fields, 'j'), delaySeconds: 10, startPanel: 'm' });
    const lines = readFileSync(out, 'utf8').split('\n');
    const orig = readFileSync(src, 'utf8').split('\n');
    assert.equal(lines[1], 'aBcDefgHiJKLmnOpq');
    assert.deepEqual([lines[0], ...lines.slice(2, -2)], [orig[0], ...orig.slice(2, -2)]);
    assert.equal(lines[lines.length - 2], '10m');
    const again = parseEsxtopRc(readFileSync(out, 'utf8'), out);
    assert.equal(again.delaySeconds, 10);
    assert.equal(formatFieldLine(again.fields), 'aBcDefgHiJKLmnOpq');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('defaults file: XDG_CONFIG_HOME, else ~/.config; missing means esxtop 6 defaults; present is read', () => {
  const dir = scratch();
  try {
    assert.equal(userConfigDir({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/u' }), '/x/cfg/balloontop');
    assert.equal(userConfigDir({ HOME: '/home/u' }), '/home/u/.config/balloontop');
    assert.equal(userConfigDir({ XDG_CONFIG_HOME: 'relative', HOME: '/home/u' }), '/home/u/.config/balloontop', 'a relative XDG path is ignored (XDG spec)');
    const env = { XDG_CONFIG_HOME: dir };
    const none = loadConfig(null, env);
    assert.equal(none.readFrom, null);
    assert.equal(none.writePath, join(dir, 'balloontop', 'esxtop60rc'));
    assert.equal(formatFieldLine(none.rc.fields), 'aBcDefgHijKLmnOpq');
    assert.equal(none.rc.delaySeconds, 5);
    writeConfig(defaultsFile(env), { ...none.rc, fields: toggleField(none.rc.fields, 'J'), delaySeconds: 3 });
    const again = loadConfig(null, env);
    assert.equal(again.readFrom, defaultsFile(env));
    assert.equal(formatFieldLine(again.rc.fields), 'aBcDefgHiJKLmnOpq');
    assert.equal(again.rc.delaySeconds, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad config files are one-line UserErrors naming the file (and line)', () => {
  const dir = scratch();
  try {
    assert.throws(() => loadConfig(join(dir, 'nope.rc'), {}), (e: unknown) => e instanceof UserError && /nope\.rc: cannot read the config file \(no such file\)/.test(e.message));
    const bad = join(dir, 'bad.rc');
    writeFileSync(bad, 'ABcDEFghij\naBcDefgHijKLmnOpqZ\nABCd\n5m\n');
    assert.throws(() => loadConfig(bad, {}), (e: unknown) => e instanceof UserError && /bad\.rc:2: unknown memory field "Z"/.test(e.message));
    const env = { XDG_CONFIG_HOME: dir };
    writeConfig(join(dir, 'balloontop', 'esxtop60rc'), loadConfig(null, env).rc);
    writeFileSync(join(dir, 'balloontop', 'esxtop60rc'), 'garbage\n');
    assert.throws(() => loadConfig(null, env), (e: unknown) => e instanceof UserError && /esxtop60rc/.test(e.message));
    assert.throws(() => writeConfig(join(bad, 'under-a-file'), defaultEsxtopRc(defaultFieldLayout())), (e: unknown) => e instanceof UserError && /cannot write the config file/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('esxtop\'s own files where esxtop users keep them: ~/.esxtop60rc, else ~/.esxtop50rc; W proposes the file read; the defaults file wins', () => {
  const dir = scratch();
  try {
    const home = join(dir, 'home');
    mkdirSync(home);
    const env = { XDG_CONFIG_HOME: join(dir, 'cfg'), HOME: home };
    copyFileSync(join(RC_DIR, 'emc_collector_script.esxtop50rc'), join(home, '.esxtop50rc'));
    const fifty = loadConfig(null, env);
    assert.equal(fifty.readFrom, join(home, '.esxtop50rc'));
    assert.equal(fifty.writePath, join(home, '.esxtop50rc'), 'W offers the file that was read');
    assert.equal(fifty.warning, null);
    copyFileSync(join(RC_DIR, 'esodesod_public-dotfiles.esxtop60rc'), join(home, '.esxtop60rc'));
    const sixty = loadConfig(null, env);
    assert.equal(sixty.readFrom, join(home, '.esxtop60rc'), 'esxtop 6\'s file before esxtop 5\'s');
    assert.equal(formatFieldLine(sixty.rc.fields), readFileSync(join(RC_DIR, 'esodesod_public-dotfiles.esxtop60rc'), 'utf8').split('\n')[1].trim());
    assert.equal(shortPath(sixty.readFrom, env), '~/.esxtop60rc');
    writeConfig(defaultsFile(env), { ...sixty.rc, fields: toggleField(sixty.rc.fields, 'J') });
    const own = loadConfig(null, env);
    assert.equal(own.readFrom, defaultsFile(env), 'a defaults file the user wrote wins');
    assert.equal(own.writePath, defaultsFile(env));
    const named = loadConfig(join(RC_DIR, 'hemubo_cpuconfig.esxtoprc'), env);
    assert.equal(named.readFrom, join(RC_DIR, 'hemubo_cpuconfig.esxtoprc'), '-c wins over everything');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad ~/.esxtop60rc does not stop the start: a warning naming the file and line, then the next file or the defaults', () => {
  const dir = scratch();
  try {
    const env = { XDG_CONFIG_HOME: join(dir, 'cfg'), HOME: dir };
    writeFileSync(join(dir, '.esxtop60rc'), 'ABcDEFghij\naBcDefgHijKLmnOpqZ\nABCd\n5m\n');
    const bad = loadConfig(null, env);
    assert.equal(bad.readFrom, null);
    assert.equal(formatFieldLine(bad.rc.fields), 'aBcDefgHijKLmnOpq');
    assert.equal(bad.warning, `${join(dir, '.esxtop60rc')}:2: unknown memory field "Z" (fields are A to Q); not used`);
    assert.equal(bad.writePath, defaultsFile(env), 'W does not offer to overwrite the file it could not read');
    copyFileSync(join(RC_DIR, 'emc_collector_script.esxtop50rc'), join(dir, '.esxtop50rc'));
    const next = loadConfig(null, env);
    assert.equal(next.readFrom, join(dir, '.esxtop50rc'));
    assert.match(next.warning ?? '', /\.esxtop60rc:2: .*not used/);
    // A bad -c FILE is still an error: the user asked for it.
    assert.throws(() => loadConfig(join(dir, '.esxtop60rc'), env), (e: unknown) => e instanceof UserError && /\.esxtop60rc:2: unknown memory field/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('HOME unset: the home folder comes from the password entry; nothing breaks', () => {
  const dir = scratch();
  try {
    const cfg = loadConfig(null, { XDG_CONFIG_HOME: dir });
    assert.ok(cfg.rc.fields.order.length === 17);
    assert.equal(cfg.writePath, join(dir, 'balloontop', 'esxtop60rc'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
