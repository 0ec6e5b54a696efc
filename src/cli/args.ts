/**
 * A small, strict command-line parser: esxtop-style short flags (`-b -d 5 -n 10`)
 * and long options (`--json`, `--speed=4`). Unknown options are errors.
 */
import { UserError } from '../errors';

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

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const options = new Map<string, string[]>();
  const positional: string[] = [];
  const set = (spec: OptionSpec, v: string) => {
    const list = options.get(spec.name) ?? [];
    if (list.length > 0 && !spec.repeat) throw new UserError(`${command}: option --${spec.name} given twice`);
    list.push(v);
    options.set(spec.name, list);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byLong.get(name);
      if (!spec) throw new UserError(`${command}: unknown option --${name} (see 'balloontop help')`);
      if (spec.value) {
        const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new UserError(`${command}: option --${name} needs a ${spec.valueName ?? 'value'}`);
        set(spec, v);
      } else {
        if (eq >= 0) throw new UserError(`${command}: option --${name} takes no value`);
        set(spec, '');
      }
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      // A cluster of short flags (`-bn 10`); a value-taking flag ends the cluster.
      for (let k = 1; k < a.length; k++) {
        const spec = byShort.get(a[k]);
        if (!spec) throw new UserError(`${command}: unknown option -${a[k]} (see 'balloontop help')`);
        if (spec.value) {
          const rest = a.slice(k + 1);
          const v = rest !== '' ? rest : argv[++i];
          if (v === undefined) throw new UserError(`${command}: option -${spec.short} needs a ${spec.valueName ?? 'value'}`);
          set(spec, v);
          break;
        }
        set(spec, '');
      }
    } else {
      positional.push(a);
    }
  }
  return { positional, options };
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
  const v = Number(raw);
  const kind = opts.integer ? 'a whole number' : 'a number';
  if (raw.trim() === '' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) throw new UserError(`--${name} needs ${kind}, got ${JSON.stringify(raw)}`);
  if (opts.min !== undefined && v < opts.min) throw new UserError(`--${name} must be at least ${opts.min}, got ${raw}`);
  if (opts.max !== undefined && v > opts.max) throw new UserError(`--${name} must be at most ${opts.max}, got ${raw}`);
  return v;
}
