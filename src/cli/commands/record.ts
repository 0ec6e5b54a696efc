/**
 * `balloontop record SOURCE... -o FILE [-n N] [--force|--append]`: writes the
 * samples of any source command (`replay FILE`, `sim ...`, `live URL`) to a
 * balloontop recording, sample by sample. The source is opened by that
 * command's own `spec.open`, so it takes the same arguments as on its own.
 *
 * Nothing is lost: every sample is on disk before the next is asked for, and
 * SIGINT/SIGTERM stop the recording between samples and close the file.
 */
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../../errors';
import { Pacer } from '../../output/pacer';
import { isStop, nextOrStop, stopSignal } from '../../output/stop-signal';
import { checkAppendTarget, type AppendTarget } from '../../recording/append-check';
import { RecordingWriter } from '../../recording/recording-writer';
import type { SampleSource } from '../../sources/source';
import { describeWarnings } from '../../sources/warnings';
import { parseArgs, type OptionSpec } from '../args';
import type { Command } from '../main';
import { SESSION_OPTIONS, sessionOptions } from '../source-command';
import { loadSourceSpec, splitWrappedArgs } from '../wrapped-source';

/** Source commands `record` can drive, in the order the help lists them. */
export const RECORDABLE_SOURCES = ['replay', 'sim', 'live', 'connect'] as const;

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

/** Both paths name one existing file (overwriting or appending to the input would destroy it or never end). */
function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Longest stretch without giving signals a chance, while a fast source is copied. */
const YIELD_EVERY_MS = 50;

async function recordSamples(source: SampleSource, writer: RecordingWriter, limit: number | null, delaySeconds: number): Promise<void> {
  const signal = stopSignal();
  const pacer = source.info.realtime && !source.info.pushes ? new Pacer(delaySeconds * 1000) : null;
  let lastTurn = Date.now();
  try {
    while (limit === null || writer.samplesWritten < limit) {
      if (pacer) await pacer.wait(signal.stopped);
      if (Date.now() - lastTurn > YIELD_EVERY_MS) {
        // A fast source resolves from memory for a long time: let a pending signal be handled.
        await new Promise((r) => setImmediate(r));
        lastTurn = Date.now();
      }
      if (signal.isStopped()) break;
      const s = await nextOrStop(source.next(), signal);
      if (isStop(s) || s === null) break;
      writer.write(s);
    }
  } finally {
    signal.dispose();
  }
}

export const command: Command = {
  name: 'record',
  summary: 'record any source (replay FILE, sim ..., live URL, connect URL) to a balloontop recording',
  usage: USAGE,
  options: RECORD_OPTIONS,
  helpNote: `SOURCE is one of ${RECORDABLE_SOURCES.join(', ')}, with its own arguments and options (see 'balloontop help SOURCE'); -n N stops after N samples.`,
  async run(argv) {
    const r = splitRecordArgs(argv);
    const spec = loadSourceSpec(r.sourceName, RECORDABLE_SOURCES, 'record');
    const args = parseArgs(r.sourceArgv, [...SESSION_OPTIONS, ...spec.options], `record ${spec.name}`);
    if (spec.before) {
      const code = await spec.before(args);
      if (code !== null) return code;
    }
    const session = { ...sessionOptions(args), recording: true };
    if (session.batch) throw new UserError('record: -b and --json are for batch output to stdout; record writes a recording (-o FILE)');
    if (spec.name === 'replay' && args.positional[0] !== undefined && sameFile(args.positional[0], r.output)) {
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
      });
      await recordSamples(source, writer, session.iterations, session.delaySeconds);
    } finally {
      writer?.close();
      await source.close();
    }
    for (const line of describeWarnings(source.warnings())) process.stderr.write(`balloontop: ${line}\n`);
    const n = writer.samplesWritten;
    process.stderr.write(`balloontop: ${target ? 'appended' : 'recorded'} ${n} sample${n === 1 ? '' : 's'} to ${r.output}\n`);
    return 0;
  },
};
