/**
 * Commands that wrap a source command (`record SOURCE ...`, `serve SOURCE ...`):
 * their own options may stand anywhere in argv; everything else is the source
 * command and its arguments, passed to that command's `spec` unchanged.
 */
import { statSync } from 'node:fs';
import { UserError } from '../errors';
import { isSourceName, SOURCE_NAMES, sourceSpec } from '../sources/catalog';
import { parseArgs, type OptionSpec, type ParsedArgs } from '../config/command-line';
import { SESSION_OPTIONS, sessionOptions } from '../config/session-options';
import type { SessionOptions } from '../config/session-options';
import type { SourceCommandSpec } from '../sources/source-command';

export interface WrappedArgs {
  own: ParsedArgs;
  sourceName: string;
  sourceArgv: string[];
}

/** Takes the wrapper's own options (long, `--name=value`, or short, `-o FILE`/`-oFILE`) out of argv; the rest is `SOURCE ARGS...`. */
export function splitWrappedArgs(argv: readonly string[], ownOptions: readonly OptionSpec[], command: string, usage: string): WrappedArgs {
  const byLong = new Map(ownOptions.map((o) => [`--${o.name}`, o]));
  const byShort = new Map(ownOptions.filter((o) => o.short).map((o) => [`-${o.short}`, o]));
  const own: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const long = a.startsWith('--') ? byLong.get(a.split('=', 1)[0]) : undefined;
    const short = !a.startsWith('--') ? byShort.get(a.slice(0, 2)) : undefined;
    if (short && short.value && a.length > 2) {
      own.push(a.slice(0, 2), a.slice(2)); // -oFILE
      continue;
    }
    const o = long ?? (short && a.length === 2 ? short : undefined);
    if (!o) {
      rest.push(a);
      continue;
    }
    own.push(a);
    if (o.value && !a.includes('=')) {
      if (argv[i + 1] === undefined) throw new UserError(`${command}: option ${a} needs a ${o.valueName ?? 'value'}`);
      own.push(argv[++i]);
    }
  }
  const parsed = parseArgs(own, ownOptions, command);
  const [sourceName, ...sourceArgv] = rest;
  if (sourceName === undefined) throw new UserError(`${command}: what to ${command}? (balloontop ${usage})`);
  if (sourceName.startsWith('-')) throw new UserError(`${command}: name the source first, then its options (balloontop ${usage})`);
  return { own: parsed, sourceName, sourceArgv };
}

/** What a wrapper needs of its source: the spec, its parsed arguments and the session options; or the exit code of a `before` step (`sim --list`). */
type PreparedSource = { spec: SourceCommandSpec; args: ParsedArgs; session: SessionOptions } | { exitCode: number };

/**
 * The wrapped source command, parsed as that command parses its own arguments.
 * `doesWhat` finishes the sentence refusing batch flags ("record writes a recording (-o FILE)").
 */
export async function prepareWrappedSource(w: Pick<WrappedArgs, 'sourceName' | 'sourceArgv'>, command: string, doesWhat: string): Promise<PreparedSource> {
  if (!isSourceName(w.sourceName)) throw new UserError(`${command}: unknown source '${w.sourceName}' (one of ${SOURCE_NAMES.join(', ')})`);
  const spec = sourceSpec(w.sourceName);
  const args = parseArgs(w.sourceArgv, [...SESSION_OPTIONS, ...spec.options], `${command} ${spec.name}`);
  if (spec.before) {
    const code = await spec.before(args);
    if (code !== null) return { exitCode: code };
  }
  const session = sessionOptions(args);
  if (session.batch) throw new UserError(`${command}: -b and --json are for batch output to stdout; ${command} ${doesWhat}`);
  if (args.options.has('serve')) throw new UserError(`${command}: --serve is for the instructor's dashboard (balloontop ${spec.name} --serve HOST:PORT); ${command} ${doesWhat}`);
  return { spec, args, session };
}

/** Whether the wrapped source reads `path` (writing the output over the input would destroy it, or never end). */
export function readsFile(spec: SourceCommandSpec, args: ParsedArgs, path: string): boolean {
  const input = spec.name === 'replay' ? args.positional[0] : undefined;
  if (input === undefined) return false;
  try {
    const x = statSync(input);
    const y = statSync(path);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
