/**
 * The command line: esxtop-style short flags (`-b -d 5 -n 10`, `-bn 10`) and
 * long options (`--json`, `--speed=4`). Unknown options are errors.
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { UserError } from '../errors';
import { safeExcerpt } from '../text/safe-text';

export interface OptionSpec {
  /** Long name without dashes (`delay`), and an optional one-letter alias (`d`). */
  name: string;
  short?: string;
  /** Whether it takes a value. */
  value: boolean;
  /** May be given more than once (values collected in order). */
  repeat?: boolean;
  help: string;
  valueName?: string;
}

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string[]>;
}

/**
 * Parses with node's own `util.parseArgs` (strict: unknown options are
 * errors) and turns its errors into one line naming the command and the
 * option. On top of it: an option that does not repeat may be given once.
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple: true }> = {};
  for (const s of specs) config[s.name] = { type: s.value ? 'string' : 'boolean', ...(s.short ? { short: s.short } : {}), multiple: true };
  let parsed: ReturnType<typeof nodeParseArgs<{ options: typeof config; allowPositionals: true; strict: true; tokens: true }>>;
  try {
    parsed = nodeParseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new UserError(argumentProblem(err as NodeJS.ErrnoException, command, specs));
  }
  const options = new Map<string, string[]>();
  for (const s of specs) {
    const v = (parsed.values as Record<string, (string | boolean)[] | undefined>)[s.name];
    if (v === undefined) continue;
    if (v.length > 1 && !s.repeat) throw new UserError(`${command}: option --${s.name} given twice`);
    options.set(s.name, v.map((x) => (typeof x === 'string' ? x : '')));
  }
  return { positional: parsed.positionals, options };
}

/** One line for a parseArgs error, naming the option as the user typed it. */
function argumentProblem(err: NodeJS.ErrnoException, command: string, specs: readonly OptionSpec[]): string {
  const typed = /'(-{1,2}[^' ,]+)/.exec(err.message)?.[1] ?? '';
  const spec = specs.find((s) => typed === `--${s.name}` || typed === `-${s.short}`);
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${command}: unknown option ${safeExcerpt(typed, 40)} (see 'balloontop help ${command.split(' ')[0]}')`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (!spec) break;
      if (!spec.value) return `${command}: option --${spec.name} takes no value`;
      if (/ambiguous/.test(err.message)) return `${command}: option --${spec.name} needs a ${spec.valueName ?? 'value'} (a value that starts with '-' is written --${spec.name}=-VALUE)`;
      return `${command}: option --${spec.name} needs a ${spec.valueName ?? 'value'}`;
  }
  return `${command}: ${err.message.split('\n')[0]}`;
}


export function flag(p: ParsedArgs, name: string): boolean {
  return p.options.has(name);
}

export function stringOption(p: ParsedArgs, name: string): string | undefined {
  const v = p.options.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function numberOption(p: ParsedArgs, name: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  const raw = stringOption(p, name);
  if (raw === undefined) return undefined;
  // Number() also reads hex, octal, binary and exponents: only plain decimals are numbers here.
  const v = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(raw) ? Number(raw) : NaN;
  const kind = opts.integer ? 'a whole number' : 'a number';
  if (raw.trim() === '' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) throw new UserError(`--${name} needs ${kind}, got ${JSON.stringify(raw)}`);
  if (opts.min !== undefined && v < opts.min) throw new UserError(`--${name} must be at least ${opts.min}, got ${raw}`);
  if (opts.max !== undefined && v > opts.max) throw new UserError(`--${name} must be at most ${opts.max}, got ${raw}`);
  return v;
}
