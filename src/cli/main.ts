/**
 * The `balloontop` command: picks a command module and turns every failure a
 * user can cause into one line on stderr and a non-zero exit code.
 */
import { errorText, UserError } from '../errors';
import { writeStdout } from '../output/line-sink';
import { projectVersion } from '../project';
import { tellUser } from '../text/user-message';
import { SOURCE_NAMES, sourceSpec } from '../sources/catalog';
import { commandHelp, type Command } from './command';
import { sourceCommand } from './source-command';

/**
 * The commands: one per source of the catalog (the dashboard or batch output
 * of that source), then the commands that wrap any source. Each loads on
 * demand, so batch output never loads the terminal UI.
 */
const COMMANDS: Record<string, () => Command> = {
  ...Object.fromEntries(SOURCE_NAMES.map((name) => [name, () => sourceCommand(sourceSpec(name))])),
  record: () => (require('./commands/record') as { command: Command }).command,
  serve: () => (require('./commands/serve') as { command: Command }).command,
  report: () => (require('./commands/report') as { command: Command }).command,
};

/** With no command: the dashboard on the built-in simulated host. */
const DEFAULT_COMMAND = 'sim';

function loadCommand(name: string): Command | null {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name]() : null;
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
    if (rest[0] && !c) throw new UserError(`unknown command '${rest[0]}' (see 'balloontop help')`);
    await writeStdout(`${c ? commandHelp(c) : usage()}\n`);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    await writeStdout(`balloontop ${projectVersion()}\n`);
    return 0;
  }
  const name = first === undefined || first.startsWith('-') ? DEFAULT_COMMAND : first;
  const args = first === undefined || first.startsWith('-') ? argv : rest;
  const command = loadCommand(name);
  if (!command) throw new UserError(`unknown command '${name}' (see 'balloontop help')`);
  if (args.includes('--help')) {
    await writeStdout(`${commandHelp(command)}\n`);
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
    tellUser(err.message);
    return err.exitCode;
  }
  if ((err as NodeJS.ErrnoException)?.code === 'EPIPE') return 0;
  const message = errorText(err);
  tellUser(`internal error: ${message}${process.env.BALLOONTOP_DEBUG ? '' : ' (set BALLOONTOP_DEBUG=1 for details)'}`);
  if (process.env.BALLOONTOP_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
  return 70;
}
