/**
 * `balloontop record SOURCE... -o FILE [-n N] [--force|--append]`: writes the
 * samples of any source command (`replay FILE`, `sim ...`, `live URL`) to a
 * balloontop recording, sample by sample. The source is opened by that
 * command's own `spec.open`, so it takes the same arguments as on its own.
 *
 * Nothing is lost: every sample is on disk before the next is asked for, and
 * SIGINT/SIGTERM stop the recording between samples and close the file.
 */
import { existsSync } from 'node:fs';
import { UserError } from '../../errors';
import { checkAppendTarget, type AppendTarget } from '../../output/append-check';
import { drain, pacingFor } from '../../output/drain';
import { logStatusChanges } from '../../output/status-log';
import { RecordingWriter } from '../../output/recording-writer';
import { SOURCE_NAMES } from '../../sources/catalog';
import { describeWarnings } from '../../sources/warnings';
import type { OptionSpec } from '../../config/command-line';
import type { Command } from '../command';
import { prepareWrappedSource, readsFile, splitWrappedArgs } from '../wrapped-source';
import { tellUser } from '../../text/user-message';

const RECORD_OPTIONS: OptionSpec[] = [
  { name: 'output', short: 'o', value: true, valueName: 'FILE', help: 'the recording to write (FILE.gz: gzip)' },
  { name: 'force', value: false, help: 'overwrite FILE if it exists' },
  { name: 'append', value: false, help: 'add to FILE if it is a recording with the same fields' },
];

const USAGE = 'record SOURCE ARGS... -o FILE [-n N] [--force|--append]';

export interface RecordArgs {
  output: string;
  force: boolean;
  append: boolean;
  sourceName: string;
  sourceArgv: string[];
}

/** Takes record's own options out of argv (anywhere); the rest is `SOURCE ARGS...`. */
export function splitRecordArgs(argv: readonly string[]): RecordArgs {
  const { own, sourceName, sourceArgv } = splitWrappedArgs(argv, RECORD_OPTIONS, 'record', USAGE);
  const output = own.options.get('output')?.[0];
  const force = own.options.has('force');
  const append = own.options.has('append');
  if (!output) throw new UserError('record: where to? give -o FILE');
  if (force && append) throw new UserError('record: choose one of --force and --append');
  return { output, force, append, sourceName, sourceArgv };
}

export const command: Command = {
  name: 'record',
  summary: 'record any source (replay FILE, sim ..., live URL, connect URL) to a balloontop recording',
  usage: USAGE,
  options: RECORD_OPTIONS,
  helpNote: `SOURCE is one of ${SOURCE_NAMES.join(', ')}, with its own arguments and options (see 'balloontop help SOURCE'); -n N stops after N samples.`,
  async run(argv) {
    const r = splitRecordArgs(argv);
    const prepared = await prepareWrappedSource(r, 'record', 'writes a recording (-o FILE)');
    if ('exitCode' in prepared) return prepared.exitCode;
    const { spec, args } = prepared;
    const session = { ...prepared.session, recording: true };
    if (readsFile(spec, args, r.output)) {
      throw new UserError(`record: ${r.output} is the file being replayed; record to another file`);
    }
    const exists = existsSync(r.output);
    if (exists && !r.force && !r.append) throw new UserError(`${r.output}: already exists (use --force to overwrite it, or --append to add to a recording)`);
    let target: AppendTarget | null = null;
    if (r.append && exists) target = await checkAppendTarget(r.output);
    const source = await spec.open(args, session);
    let writer: RecordingWriter | null = null;
    try {
      writer = RecordingWriter.open({
        path: r.output,
        gzip: target ? target.gzip : /\.gz$/i.test(r.output),
        mode: target ? 'append' : r.force ? 'overwrite' : 'create',
        source: { kind: source.info.kind, label: source.info.label },
        existingHeader: target?.header,
        planned: () => source.plannedGroups?.() ?? [],
      });
      const w = writer;
      const stopLogging = logStatusChanges(source, tellUser);
      try {
        await drain(source, (sample) => w.write(sample), { limit: session.iterations, pacing: pacingFor(source.info, 'file', session.delaySeconds, session.speed) });
      } finally {
        stopLogging();
      }
    } finally {
      writer?.close();
      await source.close();
    }
    for (const line of describeWarnings(source.warnings())) tellUser(line);
    const n = writer.samplesWritten;
    tellUser(`${target ? 'appended' : 'recorded'} ${n} sample${n === 1 ? '' : 's'} to ${r.output}`);
    return 0;
  },
};
