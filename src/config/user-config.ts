/**
 * Where the configuration comes from and goes to. `-c FILE` wins; otherwise
 * balloontop's own defaults file, an esxtop rc file at
 * `$XDG_CONFIG_HOME/balloontop/esxtop60rc` (or `~/.config/balloontop/...`),
 * when the user has written one; otherwise esxtop's own file where esxtop
 * users keep it, `~/.esxtop60rc`, then `~/.esxtop50rc`; otherwise esxtop 6's
 * defaults. `W` writes the same format, so the file works with esxtop itself
 * (`esxtop -c FILE`), and proposes the file that was read.
 *
 * A bad `-c FILE` or defaults file stops the start (the user named or wrote
 * it for balloontop); a bad esxtop file in the home folder does not: it is
 * skipped with a warning, since esxtop may have written it in a form
 * balloontop does not read.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { UserError } from '../errors';
import { writeFailureText, writeWholeFile } from '../output/whole-file';
import { defaultEsxtopRc, formatEsxtopRc, parseEsxtopRc, type EsxtopRc } from './esxtoprc';
import { defaultFieldLayout } from './field-layout';
import { RC_FILE, readBoundedFile } from './option-file';

const DEFAULTS_FILE_NAME = 'esxtop60rc';

/** esxtop's own config files in the home folder, in the order they are tried (esxtop 6, then 5). */
const ESXTOP_HOME_FILES = ['.esxtop60rc', '.esxtop50rc'];

export interface LoadedConfig {
  rc: EsxtopRc;
  /** The file read, or null for built-in defaults. */
  readFrom: string | null;
  /** Where `W` proposes to write: the file read, else the defaults file. */
  writePath: string;
  /** Why an esxtop file in the home folder was skipped, or null. */
  warning: string | null;
}

export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(homeDir(env) ?? '/', '.config');
  return join(base, 'balloontop');
}

export function defaultsFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(userConfigDir(env), DEFAULTS_FILE_NAME);
}

/** What is wrong with `path`, from a bounded read's one-line error (`PATH: is a device, not a file`). */
function why(err: unknown, path: string): string {
  if (err instanceof UserError) return err.message.startsWith(`${path}: `) ? err.message.slice(path.length + 2) : err.message;
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

function readRc(path: string): EsxtopRc {
  let text: string;
  try {
    text = readBoundedFile(path, path, RC_FILE);
  } catch (err) {
    throw new UserError(`${path}: cannot read the config file (${why(err, path)})`);
  }
  return parseEsxtopRc(text, path);
}

/** The home folder, or null when there is none to find ($HOME unset and no password entry). */
function homeDir(env: NodeJS.ProcessEnv): string | null {
  if (env.HOME) return env.HOME;
  try {
    return homedir() || null;
  } catch {
    return null;
  }
}

/** A file's contents (within an rc file's budget), or null when it does not exist. */
function readIfPresent(path: string): string | null {
  try {
    statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
  }
  return readBoundedFile(path, path, RC_FILE);
}

export function loadConfig(configFile: string | null, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  if (configFile) return { rc: readRc(configFile), readFrom: configFile, writePath: resolve(configFile), warning: null };
  const path = defaultsFile(env);
  let own: string | null;
  try {
    own = readIfPresent(path);
  } catch (err) {
    throw new UserError(`${path}: cannot read the defaults file (${why(err, path)})`);
  }
  if (own !== null) return { rc: parseEsxtopRc(own, path), readFrom: path, writePath: path, warning: null };
  let warning: string | null = null;
  const home = homeDir(env);
  for (const name of home ? ESXTOP_HOME_FILES : []) {
    const file = join(home!, name);
    try {
      const text = readIfPresent(file);
      if (text !== null) return { rc: parseEsxtopRc(text, file), readFrom: file, writePath: file, warning };
    } catch (err) {
      warning ??= `${err instanceof UserError ? err.message : `${file}: cannot read the config file (${why(err, file)})`}; not used`;
    }
  }
  return { rc: defaultEsxtopRc(defaultFieldLayout()), readFrom: null, writePath: path, warning };
}

/** A path as the status line shows it: the home folder as `~`. */
export function shortPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  const home = homeDir(env);
  return home && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

/** Writes an rc file esxtop accepts (atomically: a temporary file, then a rename). */
export function writeConfig(path: string, rc: EsxtopRc): void {
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    writeWholeFile(path, formatEsxtopRc(rc));
  } catch (err) {
    throw new UserError(`${path}: cannot write the config file (${writeFailureText(err)})`);
  }
}
