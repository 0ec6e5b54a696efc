/** `balloontop sim`: the built-in simulated host running a scenario (the default command). */
import { UserError } from '../../errors';
import { DEFAULT_SCENARIO, listScenarios, resolveScenario } from './scenario/catalog';
import { DEFAULT_SEED, SimulationSource } from './simulation-source';
import { flag, numberOption, stringOption, type ParsedArgs } from '../../config/command-line';
import { MIN_DELAY_SECONDS } from '../../config/esxtoprc';
import { DEFAULT_DELAY_SECONDS } from '../../config/session-options';
import { checkLesson } from './scenario/lesson-check';
import type { Scenario } from './scenario/scenario';
import { formatLessonTime } from './scenario/time-spec';
import type { ClassroomFeed, SourceCommandSpec } from '../source-command';
import type { SampleSource } from '../source';
import { writeStdout } from '../../output/line-sink';

/** Samples kept for students who join late: a whole lesson and more (at 5 s, about 14 hours). */
const CLASSROOM_HISTORY = 10_000;

/** `sim --serve HOST:PORT`: a feed beside the instructor's dashboard. */
async function openClassroom(args: ParsedArgs, source: SampleSource): Promise<ClassroomFeed | null> {
  const listen = stringOption(args, 'serve');
  if (listen === undefined) return null;
  // Loaded only for a classroom: a plain simulation does not pay for the WebSocket server.
  const { feedToken, listenFeed, parseListen } = await import('../../feed/feed-listener');
  const { host, port } = parseListen(listen, 'sim: --serve');
  const token = feedToken('sim --serve', host, stringOption(args, 'token-file'));
  let tell: (line: string) => void = () => {};
  const server = await listenFeed({
    command: 'sim',
    option: '--serve',
    host,
    port,
    token: token?.token ?? null,
    source: source.info,
    planned: source.plannedGroups?.() ?? [],
    history: CLASSROOM_HISTORY,
    log: (line) => tell(line.replace(/^client /, 'student ')),
  });
  const connect = `balloontop connect ${server.url}${token ? ' --token-file FILE' : ''}`;
  return {
    publish: (s) => server.publish(s),
    startMessage: `serving the class on ${server.url}: students run ${connect}`,
    onNotice: (f) => (tell = f),
    close: () => server.close(),
  };
}

/** Seeds `--check` runs a lesson on. */
const CHECK_SEEDS = 20;

function pausesOf(sc: Scenario): string {
  const n = sc.timeline.filter((e) => e.action === 'narrate' && e.pause).length;
  return `${n} pause${n === 1 ? '' : 's'}`;
}

/** Lines to stdout; a reader that goes away (`| head`) ends them quietly, a full disk is one line. */
function print(lines: readonly string[]): Promise<void> {
  return writeStdout(lines.map((l) => `${l}\n`).join(''));
}

/** `sim --scenario FILE --check`: one line per failure on stdout, a summary, exit 1 when anything fails. */
async function checkCommand(args: ParsedArgs): Promise<number> {
  const first = numberOption(args, 'seed', { min: 0, max: 4294967295 - CHECK_SEEDS, integer: true }) ?? DEFAULT_SEED;
  const scenario = resolveScenario(stringOption(args, 'scenario') ?? DEFAULT_SCENARIO);
  const stepSeconds = numberOption(args, 'delay', { min: MIN_DELAY_SECONDS }) ?? DEFAULT_DELAY_SECONDS;
  const seeds = Array.from({ length: CHECK_SEEDS }, (_v, i) => first + i);
  const r = checkLesson(scenario, { seeds, stepSeconds });
  const what = `${r.captions} caption${r.captions === 1 ? '' : 's'}, ${r.claims} claim${r.claims === 1 ? '' : 's'}, seeds ${first} to ${first + CHECK_SEEDS - 1} at ${stepSeconds} s steps`;
  await print([...r.failures, `${scenario.file}: ${what}: ${r.failures.length === 0 ? 'every claim holds' : `${r.failures.length} problem${r.failures.length === 1 ? '' : 's'}`}`]);
  return r.failures.length === 0 ? 0 : 1;
}

export const spec: SourceCommandSpec = {
  name: 'sim',
  summary: 'a simulated ESXi host running a training scenario (the default)',
  usage: 'sim [--scenario NAME|FILE] [--seed N] [--list] [--check] [--serve HOST:PORT [--token-file FILE]] [-b|--json] [-n N] [-d S] [--speed F]',
  options: [
    { name: 'scenario', value: true, valueName: 'NAME|FILE', help: `a shipped scenario by name, or a scenario file (default: ${DEFAULT_SCENARIO})` },
    { name: 'seed', value: true, valueName: 'N', help: `seed of the simulation: the same seed repeats a run exactly (default ${DEFAULT_SEED})` },
    { name: 'list', value: false, help: 'list the shipped scenarios (length, pauses, what each shows) and exit' },
    { name: 'check', value: false, help: `check a lesson: run it on ${CHECK_SEEDS} seeds (from --seed) and say which caption claims something the screen does not show` },
    { name: 'serve', value: true, valueName: 'HOST:PORT', help: 'the instructor\'s dashboard also serves the class: students run balloontop connect ws://HOST:PORT/ and get every sample shown here, the captions and the actions (port 0 picks a free one)' },
    { name: 'token-file', value: true, valueName: 'FILE', help: 'with --serve: students must present the token on the first line of FILE (or $BALLOONTOP_TOKEN); required beyond loopback' },
  ],
  async before(args) {
    if (flag(args, 'check')) return checkCommand(args);
    if (!flag(args, 'list')) return null;
    const rows = listScenarios().map((sc) => ({ name: sc.name, length: formatLessonTime(sc.durationS), pauses: pausesOf(sc), description: sc.description }));
    const width = Math.max(...rows.map((r) => r.name.length));
    const lengthWidth = Math.max(...rows.map((r) => r.length.length));
    const pausesWidth = Math.max(...rows.map((r) => r.pauses.length));
    await print(rows.map((r) => `${r.name.padEnd(width)}  ${r.length.padStart(lengthWidth)}  ${r.pauses.padEnd(pausesWidth)}  ${r.description}`));
    return 0;
  },
  classroom: (args, source) => openClassroom(args, source),
  async open(args, session) {
    if (args.positional.length > 0) throw new UserError(`sim: unexpected argument '${args.positional[0]}' (use --scenario NAME|FILE)`);
    if (stringOption(args, 'serve') !== undefined && (session.batch !== null || session.recording)) {
      throw new UserError('sim: --serve serves the class from the instructor\'s dashboard; without a dashboard use balloontop serve sim ...');
    }
    if (stringOption(args, 'token-file') !== undefined && stringOption(args, 'serve') === undefined) throw new UserError('sim: --token-file goes with --serve HOST:PORT');
    const seed = numberOption(args, 'seed', { min: 0, max: 4294967295, integer: true }) ?? DEFAULT_SEED;
    const scenario = resolveScenario(stringOption(args, 'scenario') ?? DEFAULT_SCENARIO);
    // Only the dashboard acts on the host: batch output and recordings need no snapshots to go back to.
    const rewindable = session.batch === null && !session.recording;
    return new SimulationSource(scenario, { seed, stepSeconds: session.delaySeconds, rewindable });
  },
};
