/** A `balloontop` command, and its `help COMMAND` text. */
import type { OptionSpec } from '../config/command-line';

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
