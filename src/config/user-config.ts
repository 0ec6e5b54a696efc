/**
 * Where the configuration comes from and goes to. `-c FILE` wins; otherwise
 * balloontop's own defaults file, an esxtop rc file at
 * `$XDG_CONFIG_HOME/balloontop/esxtop60rc` (or `~/.config/balloontop/...`),
 * when it exists; otherwise esxtop 6's defaults. `W` writes the same format,
 * so the file works with esxtop itself (`esxtop -c FILE`).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { UserError } from '../errors';
import { defaultEsxtopRc, formatEsxtopRc, parseEsxtopRc, type EsxtopRc } from './esxtoprc';
import { defaultFieldLayout } from './field-layout';

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
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: cannot read the config file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? (err as Error).message})`);
  }
  return parseEsxtopRc(text, path);
}

export function loadConfig(configFile: string | null, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  if (configFile) return { rc: readRc(configFile), readFrom: configFile, writePath: resolve(configFile) };
  const path = defaultsFile(env);
  let rc: EsxtopRc;
  let readFrom: string | null = path;
  try {
    rc = parseEsxtopRc(readFileSync(path, 'utf8'), path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err instanceof UserError ? err : new UserError(`${path}: cannot read the defaults file (${(err as Error).message})`);
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
