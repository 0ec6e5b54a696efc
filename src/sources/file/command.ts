/** `balloontop replay FILE`: an esxtop batch capture or a balloontop recording (plain or gzip, told apart by content), on screen or as batch output. */
import { UserError } from '../../errors';
import { openSampleFile } from './open-file';
import type { SourceCommandSpec } from '../source-command';

export const spec: SourceCommandSpec = {
  name: 'replay',
  summary: 'replay an esxtop batch capture (esxtop -b, plain or gzip) or a balloontop recording',
  usage: 'replay FILE [-b|--json] [-n N] [--speed F] [-c RC]',
  options: [],
  async open(args) {
    const [file, ...more] = args.positional;
    if (!file) throw new UserError('replay: which file? (balloontop replay FILE)');
    if (more.length > 0) throw new UserError(`replay: one file at a time (got ${args.positional.length})`);
    return openSampleFile(file);
  },
};
