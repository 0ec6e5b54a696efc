/**
 * Where scenarios come from: the lessons shipped in `scenarios/` (by name) and
 * user-written files (by path). Every failure is one line naming the file.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { UserError } from '../../../errors';
import { PROJECT_ROOT } from '../../../project';
import { readBoundedFile, SCENARIO_FILE } from '../../../config/option-file';
import { JsonSyntaxError, parseJsonNodes } from './json-nodes';
import type { Scenario } from './scenario';
import { validateScenario } from './validate';

/** The shipped lessons: `scenarios/` in the project folder. */
const SCENARIO_DIR = join(PROJECT_ROOT, 'scenarios');

/** Shown when `balloontop` runs with no arguments. */
export const DEFAULT_SCENARIO = 'overcommit';

export function parseScenarioText(text: string, file: string, defaultName = basename(file, extname(file))): Scenario {
  let root;
  try {
    root = parseJsonNodes(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new UserError(`${file}:${err.line}:${err.col}: not valid JSON: ${err.message}`);
    throw err;
  }
  return validateScenario(root, file, defaultName);
}

export function loadScenarioFile(path: string, shownAs = path): Scenario {
  const text = readBoundedFile(path, shownAs, SCENARIO_FILE);
  if (text.trim() === '') throw new UserError(`${shownAs}: is empty`);
  return parseScenarioText(text, shownAs, basename(path, extname(path)));
}

export function shippedScenarioNames(dir = SCENARIO_DIR): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new UserError(`the scenario folder ${dir} cannot be read (${(err as Error).message})`);
  }
  return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort();
}

/** A shipped name (`overcommit`) or a path to a file (anything with a slash or a `.json` ending, or an existing file). */
export function resolveScenario(nameOrPath: string, dir = SCENARIO_DIR): Scenario {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.endsWith('.json');
  if (looksLikePath) return loadScenarioFile(nameOrPath);
  const names = shippedScenarioNames(dir);
  if (names.includes(nameOrPath)) {
    return loadScenarioFile(join(dir, `${nameOrPath}.json`), `scenarios/${nameOrPath}.json`);
  }
  try {
    if (statSync(nameOrPath).isFile()) return loadScenarioFile(nameOrPath);
  } catch {
    // not a file either
  }
  throw new UserError(`no scenario named '${nameOrPath}' (shipped: ${names.join(', ')}; or give a path to a .json file)`);
}

/** `sim --list`: each shipped scenario. */
export function listScenarios(dir = SCENARIO_DIR): Scenario[] {
  return shippedScenarioNames(dir).map((name) => loadScenarioFile(join(dir, `${name}.json`), `scenarios/${name}.json`));
}
