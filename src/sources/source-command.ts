/**
 * What a source's command is (`src/sources/<name>/command.ts` exports one):
 * its options and how to open the source from them. The catalog lists them;
 * the CLI turns each into a command.
 */
import type { OptionSpec, ParsedArgs } from '../config/command-line';
import type { SessionOptions } from '../config/session-options';
import type { Sample } from '../sample/sample';
import type { SampleSource } from './source';

/**
 * Students watching the dashboard (`sim --serve`): every sample the dashboard
 * commits is published to them; what they do (connect, leave) is told.
 */
export interface ClassroomFeed {
  publish(sample: Sample): void;
  /** Shown on the message line when the dashboard opens (where students connect). */
  readonly startMessage: string;
  /** Lines to tell the instructor while the dashboard runs (a student connected). */
  onNotice(tell: (line: string) => void): void;
  close(): Promise<void>;
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
  /** A feed for students beside the dashboard, when the arguments ask for one (`sim --serve`). */
  classroom?(args: ParsedArgs, source: SampleSource): Promise<ClassroomFeed | null>;
}
