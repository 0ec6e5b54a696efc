/**
 * `balloontop report SOURCE ARGS... [--json] [--html FILE]`: reads the samples
 * of any source command (`replay FILE`, `sim ...`, `live URL`, `connect URL`),
 * diagnoses them and prints a summary a support case can carry: the time
 * range, the host's states, each group that ballooned, swapped or compressed
 * and why. `--json` prints it as JSON; `--html FILE` also writes it as one
 * self-contained HTML file with charts.
 */
import { UserError } from '../../errors';
import { collectReport } from '../../report/collect-source';
import { writeStdout } from '../../output/line-sink';
import { writeFailureText, writeWholeFile } from '../../output/whole-file';
import { renderHtml } from '../../report/html';
import { renderJson } from '../../report/json';
import { MAX_WIDTH, renderText } from '../../report/text';
import { SimulationSource } from '../../sources/simulation/simulation-source';
import { GuestSource } from '../../sources/guest/guest-source';
import type { SampleSource } from '../../sources/source';
import { SOURCE_NAMES } from '../../sources/catalog';
import { describeWarnings } from '../../sources/warnings';
import type { OptionSpec } from '../../config/command-line';
import type { Command } from '../command';
import { prepareWrappedSource, readsFile, splitWrappedArgs } from '../wrapped-source';
import { tellUser } from '../../text/user-message';

const REPORT_OPTIONS: OptionSpec[] = [
  { name: 'json', value: false, help: 'print the report as JSON instead of text' },
  { name: 'html', value: true, valueName: 'FILE', help: 'also write the report as one self-contained HTML file with charts' },
];

const USAGE = 'report SOURCE ARGS... [-n N] [--json] [--html FILE]';

/**
 * Without -n: a simulation never ends, so report the lesson itself (its
 * timeline's length); files collected from a guest read the same at every
 * sample, so one sample; any other source to its end.
 */
function defaultLimit(source: SampleSource, stepSeconds: number): number | null {
  if (source instanceof SimulationSource) return Math.floor(source.scenario.durationS / stepSeconds) + 1;
  if (source instanceof GuestSource && source.readsCollectedFiles) return 1;
  return null;
}

/** Writes FILE whole (see writeWholeFile), so a reader never sees half a report. */
function writeReportFile(path: string, text: string): void {
  try {
    writeWholeFile(path, text);
  } catch (err) {
    throw new UserError(`${path}: cannot write the report (${writeFailureText(err)})`);
  }
}

export const command: Command = {
  name: 'report',
  summary: 'diagnose any source (replay FILE, sim ..., live URL, connect URL): why VMs ballooned, swapped or were compressed',
  usage: USAGE,
  options: REPORT_OPTIONS,
  helpNote: `SOURCE is one of ${SOURCE_NAMES.join(', ')}, with its own arguments and options (see 'balloontop help SOURCE'); -n N reads only the first N samples (a simulation without -n: its lesson; guest --root DIR: one sample). The text or JSON goes to stdout.`,
  async run(argv) {
    const { own, sourceName, sourceArgv } = splitWrappedArgs(argv, REPORT_OPTIONS, 'report', USAGE);
    const json = own.options.has('json');
    const html = own.options.get('html')?.[0];
    if (html === '') throw new UserError('report: --html needs a FILE');
    const prepared = await prepareWrappedSource({ sourceName, sourceArgv }, 'report', 'prints text, or JSON with --json');
    if ('exitCode' in prepared) return prepared.exitCode;
    const { spec, args } = prepared;
    const session = { ...prepared.session, recording: true };
    if (html && readsFile(spec, args, html)) {
      throw new UserError(`report: ${html} is the file being replayed; write the HTML report to another file`);
    }
    const source = await spec.open(args, session);
    let read;
    try {
      read = await collectReport(source, { limit: session.iterations ?? defaultLimit(source, session.delaySeconds), delaySeconds: session.delaySeconds });
    } finally {
      await source.close();
    }
    const { collector, failure } = read;
    if (collector.samples === 0) throw failure ?? new UserError(`report: ${source.info.label}: no samples to report`);
    const data = collector.finish(source.info, describeWarnings(source.warnings()), failure?.message ?? null);
    if (html) writeReportFile(html, renderHtml(data));
    // On a terminal the text fits its width; piped or redirected it keeps 100 columns for a case tool.
    await writeStdout(json ? renderJson(data) : renderText(data, process.stdout.isTTY ? process.stdout.columns : MAX_WIDTH));
    if (html) tellUser(`wrote the HTML report to ${html}`);
    if (failure) {
      tellUser(failure.message);
      return failure.exitCode;
    }
    return 0;
  },
};
