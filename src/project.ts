/** Where balloontop is installed: the project folder (from `dist/src/`), its version, its shipped lessons. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');

let version: string | null = null;

/** The version in package.json, read once. */
export function projectVersion(): string {
  version ??= String((JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown }).version);
  return version;
}

