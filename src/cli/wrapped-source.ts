/**
 * Commands that wrap a source command (`record SOURCE ...`, `serve SOURCE ...`):
 * their own options may stand anywhere in argv; everything else is the source
 * command and its arguments, passed to that command's `spec` unchanged.
 */
import { UserError } from '../errors';
import { parseArgs, type OptionSpec, type ParsedArgs } from './args';
import type { SourceCommandSpec } from './source-command';

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

/** The source command's spec, or a clear error when it is not one this wrapper takes. */
export function loadSourceSpec(name: string, allowed: readonly string[], command: string): SourceCommandSpec {
  if (!allowed.includes(name)) throw new UserError(`${command}: unknown source '${name}' (one of ${allowed.join(', ')})`);
  try {
    require.resolve(`./commands/${name}`);
  } catch {
    throw new UserError(`${command}: the source '${name}' is not available in this build`);
  }
  const mod = require(`./commands/${name}`) as { spec?: SourceCommandSpec };
  if (!mod.spec || typeof mod.spec.open !== 'function') throw new UserError(`${command}: the source '${name}' cannot be used with ${command} in this build`);
  return mod.spec;
}
