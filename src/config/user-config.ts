/**
 * Where the configuration comes from and goes to. `-c FILE` wins; otherwise
 * balloontop's own defaults file, an esxtop rc file at
 * `$XDG_CONFIG_HOME/balloontop/esxtop60rc` (or `~/.config/balloontop/...`),
 * when it exists; otherwise esxtop 6's defaults. `W` writes the same format,
 * so the file works with esxtop itself (`esxtop -c FILE`).
 */
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { UserError } from '../errors';
import { defaultEsxtopRc, formatEsxtopRc, parseEsxtopRc, type EsxtopRc } from './esxtoprc';
import { defaultFieldLayout } from './field-layout';
import { RC_FILE, readBoundedFile } from './option-file';

const DEFAULTS_FILE_NAME = 'esxtop60rc';

export interface LoadedConfig {
  rc: EsxtopRc;
  /** The file read, or null for built-in defaults. */
  readFrom: string | null;
  /** Where `W` proposes to write: the `-c` file, else the defaults file. */
  writePath: string;
}

export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(env.HOME || homedir(), '.config');
  return join(base, 'balloontop');
}

export function defaultsFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(userConfigDir(env), DEFAULTS_FILE_NAME);
}

function readRc(path: string): EsxtopRc {
  let text: string;
  try {
    text = readBoundedFile(path, path, RC_FILE);
  } catch (err) {
    const why = err instanceof UserError ? err.message.slice(path.length + 2) : String(err);
    throw new UserError(`${path}: cannot read the config file (${why})`);
  }
  return parseEsxtopRc(text, path);
}

/** False only when nothing is there (a file that cannot be read is still reported). */
function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

export function loadConfig(configFile: string | null, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  if (configFile) return { rc: readRc(configFile), readFrom: configFile, writePath: resolve(configFile) };
  const path = defaultsFile(env);
  let rc: EsxtopRc;
  let readFrom: string | null = path;
  if (exists(path)) {
    let text: string;
    try {
      text = readBoundedFile(path, path, RC_FILE);
    } catch (err) {
      const why = err instanceof UserError ? err.message.slice(path.length + 2) : String(err);
      throw new UserError(`${path}: cannot read the defaults file (${why})`);
    }
    rc = parseEsxtopRc(text, path);
  } else {
    rc = defaultEsxtopRc(defaultFieldLayout());
    readFrom = null;
  }
  return { rc, readFrom, writePath: path };
}

/** Writes an rc file esxtop accepts (atomically: a temporary file, then a rename). */
export function writeConfig(path: string, rc: EsxtopRc): void {
  const target = resolve(path);
  try {
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, formatEsxtopRc(rc));
    renameSync(tmp, target);
  } catch (err) {
    throw new UserError(`${path}: cannot write the config file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
