/** `balloontop sim`: the built-in simulated host running a scenario (the default command). */
import { UserError } from '../../errors';
import { DEFAULT_SCENARIO, listScenarios, resolveScenario } from './scenario/catalog';
import { DEFAULT_SEED, SimulationSource } from './simulation-source';
import { flag, numberOption, stringOption } from '../../config/command-line';
import type { SourceCommandSpec } from '../source-command';
import { writeStdout } from '../../output/line-sink';

export const spec: SourceCommandSpec = {
  name: 'sim',
  summary: 'a simulated ESXi host running a training scenario (the default)',
  usage: 'sim [--scenario NAME|FILE] [--seed N] [--list] [-b|--json] [-n N] [-d S] [--speed F]',
  options: [
    { name: 'scenario', value: true, valueName: 'NAME|FILE', help: `a shipped scenario by name, or a scenario file (default: ${DEFAULT_SCENARIO})` },
    { name: 'seed', value: true, valueName: 'N', help: `seed of the simulation: the same seed repeats a run exactly (default ${DEFAULT_SEED})` },
    { name: 'list', value: false, help: 'list the shipped scenarios and exit' },
  ],
  async before(args) {
    if (!flag(args, 'list')) return null;
    const rows = listScenarios();
    const width = Math.max(...rows.map((r) => r.name.length));
    await writeStdout(rows.map((r) => `${r.name.padEnd(width)}  ${r.description}`).join('\n') + '\n');
    return 0;
  },
  async open(args, session) {
    if (args.positional.length > 0) throw new UserError(`sim: unexpected argument '${args.positional[0]}' (use --scenario NAME|FILE)`);
    const seed = numberOption(args, 'seed', { min: 0, max: 4294967295, integer: true }) ?? DEFAULT_SEED;
    const scenario = resolveScenario(stringOption(args, 'scenario') ?? DEFAULT_SCENARIO);
    return new SimulationSource(scenario, { seed, stepSeconds: session.delaySeconds });
  },
};
