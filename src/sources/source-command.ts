/**
 * What a source's command is (`src/sources/<name>/command.ts` exports one):
 * its options and how to open the source from them. The catalog lists them;
 * the CLI turns each into a command.
 */
import type { OptionSpec, ParsedArgs } from '../config/command-line';
import type { SessionOptions } from '../config/session-options';
import type { SampleSource } from './source';

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
