/**
 * The options every source command takes (`-b`, `--json`, `-n`, `-d`, `-c`,
 * `--speed`, `--term`): how a run is shown, paced and limited.
 */
import { UserError } from '../errors';
import { flag, numberOption, stringOption, type OptionSpec, type ParsedArgs } from './command-line';
import { MAX_DELAY_SECONDS, MIN_DELAY_SECONDS } from './esxtoprc';
import { isThemeName, THEME_NAMES, type ThemeName } from './settings';

/** How a run is shown, paced and limited, from the command line. */
export interface SessionOptions {
  /** `-d`: seconds between samples of a realtime source, and the replay/sim step for the status line. */
  delaySeconds: number;
  /** Whether `-d` was given (otherwise an esxtop config file's delay applies in the dashboard). */
  delayGiven: boolean;
  /** `-n`: stop after this many samples (batch and record); null = all. */
  iterations: number | null;
  /** `-c`: an esxtop config file. */
  configFile: string | null;
  /** `--speed`: replay/simulation pace relative to the capture's own timestamps. */
  speed: number;
  /** `--term`: terminal type for blessed. */
  term: string | null;
  /** `--theme`: the dashboard's colours; null = the settings file's, or what the environment says. */
  theme: ThemeName | null;
  batch: 'csv' | 'json' | null;
  /** `record` is writing the source to a file: every sample counts, as in batch mode. */
  recording: boolean;
}

export const DEFAULT_DELAY_SECONDS = 5;

export const SESSION_OPTIONS: OptionSpec[] = [
  { name: 'batch', short: 'b', value: false, help: 'batch mode: write the memory counters as esxtop-style CSV to stdout' },
  { name: 'json', value: false, help: 'batch mode: write samples as JSON lines to stdout' },
  { name: 'iterations', short: 'n', value: true, valueName: 'N', help: 'stop after N samples' },
  { name: 'delay', short: 'd', value: true, valueName: 'SECONDS', help: `seconds between samples (default 5, at least ${MIN_DELAY_SECONDS}, at most ${MAX_DELAY_SECONDS})` },
  { name: 'config', short: 'c', value: true, valueName: 'FILE', help: 'read an esxtop config file (.esxtop60rc)' },
  { name: 'speed', value: true, valueName: 'FACTOR', help: 'replay/simulation speed (1 = the capture\'s own pace; from 1/64 to 1024, beyond that the nearest, and the dashboard says so)' },
  { name: 'term', value: true, valueName: 'TERM', help: 'terminal type to draw for (default: $TERM, 256-colour types as xterm-256color)' },
  { name: 'theme', value: true, valueName: THEME_NAMES.join('|'), help: 'colours: dark (default), light (for a light background), mono (no colour; also when NO_COLOR is set)' },
];

function themeOption(p: ParsedArgs): ThemeName | null {
  const raw = stringOption(p, 'theme');
  if (raw === undefined) return null;
  if (!isThemeName(raw)) throw new UserError(`--theme must be one of ${THEME_NAMES.join(', ')}, got ${JSON.stringify(raw.slice(0, 40))}`);
  return raw;
}

export function sessionOptions(p: ParsedArgs): SessionOptions {
  const json = flag(p, 'json');
  const csv = flag(p, 'batch');
  if (json && csv) throw new UserError('choose one of -b (CSV) and --json');
  return {
    delaySeconds: numberOption(p, 'delay', { min: MIN_DELAY_SECONDS, max: MAX_DELAY_SECONDS }) ?? DEFAULT_DELAY_SECONDS,
    delayGiven: p.options.has('delay'),
    iterations: numberOption(p, 'iterations', { min: 1, integer: true }) ?? null,
    configFile: stringOption(p, 'config') ?? null,
    speed: numberOption(p, 'speed', { min: 0.01, max: 10000 }) ?? 1,
    term: stringOption(p, 'term') ?? null,
    theme: themeOption(p),
    batch: json ? 'json' : csv ? 'csv' : null,
    recording: false,
  };
}
