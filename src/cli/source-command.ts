/**
 * The commands that show a source (`replay`, `sim`, `live`) share their
 * options and their ending: batch output with `-b`/`--json`, otherwise the
 * dashboard. `record` reuses the same `open` to write a recording instead.
 */
import { UserError } from '../errors';
import type { SampleSource } from '../sources/source';
import { flag, numberOption, parseArgs, stringOption, type OptionSpec, type ParsedArgs } from './args';
import type { Command } from './main';
import { MIN_DELAY_SECONDS } from '../config/esxtoprc';
import { loadConfig } from '../config/user-config';

export const DEFAULT_DELAY_SECONDS = 5;

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
  batch: 'csv' | 'json' | null;
  /** `record` is writing the source to a file: every sample counts, as in batch mode. */
  recording: boolean;
}

export const SESSION_OPTIONS: OptionSpec[] = [
  { name: 'batch', short: 'b', value: false, help: 'batch mode: write the memory counters as esxtop-style CSV to stdout' },
  { name: 'json', value: false, help: 'batch mode: write samples as JSON lines to stdout' },
  { name: 'iterations', short: 'n', value: true, valueName: 'N', help: 'stop after N samples' },
  { name: 'delay', short: 'd', value: true, valueName: 'SECONDS', help: `seconds between samples (default 5, at least ${MIN_DELAY_SECONDS})` },
  { name: 'config', short: 'c', value: true, valueName: 'FILE', help: 'read an esxtop config file (.esxtop60rc)' },
  { name: 'speed', value: true, valueName: 'FACTOR', help: 'replay/simulation speed (1 = the capture\'s own pace)' },
  { name: 'term', value: true, valueName: 'TERM', help: 'terminal type to draw for (default: $TERM, 256-colour types as xterm-256color)' },
];

export function sessionOptions(p: ParsedArgs): SessionOptions {
  const json = flag(p, 'json');
  const csv = flag(p, 'batch');
  if (json && csv) throw new UserError('choose one of -b (CSV) and --json');
  return {
    delaySeconds: numberOption(p, 'delay', { min: MIN_DELAY_SECONDS }) ?? DEFAULT_DELAY_SECONDS,
    delayGiven: p.options.has('delay'),
    iterations: numberOption(p, 'iterations', { min: 1, integer: true }) ?? null,
    configFile: stringOption(p, 'config') ?? null,
    speed: numberOption(p, 'speed', { min: 0.01, max: 10000 }) ?? 1,
    term: stringOption(p, 'term') ?? null,
    batch: json ? 'json' : csv ? 'csv' : null,
    recording: false,
  };
}

export interface SourceCommandSpec {
  name: string;
  summary: string;
  usage: string;
  /** Options of this source on top of SESSION_OPTIONS. */
  options: OptionSpec[];
  /** Build the source from the parsed arguments. Throw UserError on bad arguments. */
  open(args: ParsedArgs, session: SessionOptions): Promise<SampleSource>;
  /** More for `help COMMAND`, after the options. */
  helpNote?: string;
  /** Handle arguments that do not show a source (`sim --list`); return an exit code, or null to go on. */
  before?(args: ParsedArgs): Promise<number | null>;
}

export function sourceCommand(spec: SourceCommandSpec): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    options: [...SESSION_OPTIONS, ...spec.options],
    helpNote: spec.helpNote,
    async run(argv) {
      const args = parseArgs(argv, [...SESSION_OPTIONS, ...spec.options], spec.name);
      if (spec.before) {
        const code = await spec.before(args);
        if (code !== null) return code;
      }
      const session = sessionOptions(args);
      // A bad config file is bad input in every mode, not only on screen.
      if (session.configFile) loadConfig(session.configFile);
      const source = await spec.open(args, session);
      try {
        if (session.batch) {
          const { writeBatch } = await import('../output/batch');
          return await writeBatch(source, { format: session.batch, limit: session.iterations, out: process.stdout, delaySeconds: session.delaySeconds });
        }
        const { runDashboard } = await import('../../screens/blessed/dashboard');
        return await runDashboard(source, session);
      } finally {
        await source.close();
      }
    },
  };
}
