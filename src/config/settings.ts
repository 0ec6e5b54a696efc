/**
 * balloontop's own settings, the ones an esxtop rc file has no line for:
 * the colour theme. They live in `balloontop.conf` next to the defaults file
 * (`$XDG_CONFIG_HOME/balloontop/`, else `~/.config/balloontop/`), one
 * `name = value` a line, `#` starts a comment:
 *
 *     # balloontop settings
 *     theme = light
 *
 * The theme comes from `--theme`, else this file, else `NO_COLOR` (mono),
 * else `COLORFGBG` when the terminal says its background is light, else dark.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors';
import { userConfigDir } from './user-config';
import { RC_FILE, readBoundedFile } from './option-file';

export const THEME_NAMES = ['dark', 'light', 'mono'] as const;
export type ThemeName = (typeof THEME_NAMES)[number];

export function isThemeName(s: string): s is ThemeName {
  return (THEME_NAMES as readonly string[]).includes(s);
}

interface Settings {
  theme: ThemeName | null;
  /** The file read, or null when there is none. */
  readFrom: string | null;
}

export function settingsFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(userConfigDir(env), 'balloontop.conf');
}

/** Reads the settings file; a missing file is no settings, a bad one an error naming the file and line. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const path = settingsFile(env);
  let text: string;
  try {
    statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { theme: null, readFrom: null };
  }
  try {
    text = readBoundedFile(path, path, RC_FILE);
  } catch (err) {
    const why = err instanceof UserError && err.message.startsWith(`${path}: `) ? err.message.slice(path.length + 2) : (err as Error).message;
    throw new UserError(`${path}: cannot read the settings file (${why})`);
  }
  let theme: ThemeName | null = null;
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const m = /^([A-Za-z-]+)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new UserError(`${path}:${i + 1}: expected "name = value", found ${JSON.stringify(line.slice(0, 40))}`);
    const [, name, value] = m;
    if (name !== 'theme') throw new UserError(`${path}:${i + 1}: unknown setting ${JSON.stringify(name)} (known: theme)`);
    if (!isThemeName(value)) throw new UserError(`${path}:${i + 1}: theme must be one of ${THEME_NAMES.join(', ')}, found ${JSON.stringify(value.slice(0, 40))}`);
    theme = value;
  });
  return { theme, readFrom: path };
}

/**
 * The theme to draw with: the command line's, the settings file's, then
 * what the environment says. `NO_COLOR` (any non-empty value, no-color.org)
 * means mono; `COLORFGBG` (set by rxvt, Konsole and others, `fg;bg` in the 16
 * basic colours) with a background of 7 or 15 means light.
 */
export function chooseTheme(option: ThemeName | null, settings: Settings, env: NodeJS.ProcessEnv = process.env): ThemeName {
  if (option) return option;
  if (settings.theme) return settings.theme;
  if (env.NO_COLOR) return 'mono';
  const bg = env.COLORFGBG?.split(';').pop();
  if (bg === '7' || bg === '15') return 'light';
  return 'dark';
}
