/**
 * The `balloontop` command: picks a command module and turns every failure a
 * user can cause into one line on stderr and a non-zero exit code.
 */
import { UserError } from '../errors';
import type { OptionSpec } from './args';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Listed by `balloontop help COMMAND`. */
  options?: readonly OptionSpec[];
  /** A closing line for `help COMMAND`. */
  helpNote?: string;
  run(argv: string[]): Promise<number>;
}

/** `balloontop help COMMAND`: usage, summary and one line per option. */
export function commandHelp(c: Command): string {
  const lines = [`usage: balloontop ${c.usage}`, '', c.summary];
  if (c.options && c.options.length > 0) {
    lines.push('', 'options:');
    for (const o of c.options) {
      const names = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
      lines.push(`  ${names.padEnd(28)} ${o.help}`);
    }
  }
  if (c.helpNote) lines.push('', c.helpNote);
  return lines.join('\n');
}

/** Command modules, loaded on demand so that batch output never loads the terminal UI. */
const COMMANDS: Record<string, () => Command> = {
  replay: () => require('./commands/replay').command,
  sim: () => require('./commands/sim').command,
  live: () => require('./commands/live').command,
  record: () => require('./commands/record').command,
  serve: () => require('./commands/serve').command,
  connect: () => require('./commands/connect').command,
  report: () => require('./commands/report').command,
};

/** With no command: the dashboard on the built-in simulated host. */
const DEFAULT_COMMAND = 'sim';

function loadCommand(name: string): Command | null {
  const load = COMMANDS[name];
  if (!load) return null;
  try {
    return load();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes(`commands/${name}`)) return null;
    throw err;
  }
}

export function usage(): string {
  const lines = ['usage: balloontop [COMMAND] [OPTIONS]', '', 'With no command, balloontop shows the built-in simulated host.', '', 'commands:'];
  for (const name of Object.keys(COMMANDS)) {
    const c = loadCommand(name);
    if (c) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  }
  lines.push('  help [COMMAND]', '      this text, or a command\'s options');
  lines.push('', "Keys in the dashboard: press 'h' or '?'.");
  return lines.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'help' || first === '--help' || first === '-h') {
    const c = rest[0] ? loadCommand(rest[0]) : null;
    if (rest[0] && !c) throw new UserError(COMMANDS[rest[0]] ? `'${rest[0]}' is not available in this build` : `unknown command '${rest[0]}' (see 'balloontop help')`);
    process.stdout.write(`${c ? commandHelp(c) : usage()}\n`);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`balloontop ${require('../../../package.json').version}\n`);
    return 0;
  }
  const name = first === undefined || first.startsWith('-') ? DEFAULT_COMMAND : first;
  const args = first === undefined || first.startsWith('-') ? argv : rest;
  const command = loadCommand(name);
  if (!command) throw new UserError(COMMANDS[name] ? `'${name}' is not available in this build` : `unknown command '${name}' (see 'balloontop help')`);
  if (args.includes('--help')) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  return command.run(args);
}

export function main(argv: string[]): void {
  run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.exitCode = reportError(err);
    },
  );
}

/** One line for the user; a stack only when BALLOONTOP_DEBUG is set. */
export function reportError(err: unknown): number {
  if (err instanceof UserError) {
    process.stderr.write(`balloontop: ${err.message}\n`);
    return err.exitCode;
  }
  if ((err as NodeJS.ErrnoException)?.code === 'EPIPE') return 0;
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`balloontop: internal error: ${message}${process.env.BALLOONTOP_DEBUG ? `\n${(err as Error)?.stack ?? ''}` : ' (set BALLOONTOP_DEBUG=1 for details)'}\n`);
  return 70;
}
