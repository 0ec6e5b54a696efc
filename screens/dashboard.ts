/** The interactive dashboard: placeholder until the memory screen lands. */
import { UserError } from '../src/errors';
import type { SessionOptions } from '../src/cli/source-command';
import type { SampleSource } from '../src/sources/source';

export async function runDashboard(_source: SampleSource, _session: SessionOptions): Promise<number> {
  throw new UserError('the dashboard is not available in this build yet');
}
