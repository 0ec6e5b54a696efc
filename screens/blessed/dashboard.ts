/** The interactive dashboard for `replay`, `sim` and `live`: config, terminal, then the app until the user quits. */
import type { SessionOptions } from '../../src/config/session-options';
import { chooseTheme, readSettings } from '../../src/config/settings';
import { loadConfig } from '../../src/config/user-config';
import { UserError } from '../../src/errors';
import { describeWarnings } from '../../src/sources/warnings';
import type { SampleSource } from '../../src/sources/source';
import type { ClassroomFeed } from '../../src/sources/source-command';
import { DashboardApp } from './app';
import { chooseTerminal } from './terminal';
import { tellUser } from '../../src/text/user-message';

/** `-d` as typed wins over the config file's delay; the CLI's default (5) does not. */
export async function runDashboard(source: SampleSource, session: SessionOptions, classroom: ClassroomFeed | null = null): Promise<number> {
  const config = loadConfig(session.configFile);
  const theme = chooseTheme(session.theme, readSettings());
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError('the dashboard needs a terminal; for output to a file or pipe use -b (CSV) or --json');
  }
  const delaySeconds = session.delayGiven ? session.delaySeconds : config.rc.delaySeconds;
  const app = new DashboardApp({
    source,
    config,
    delaySeconds,
    speed: session.speed,
    terminal: chooseTerminal(session.term),
    theme,
    handleSignals: true,
    holdStderr: true,
    classroom,
  });
  const code = await app.start();
  // The terminal is ours again: a config file that was skipped, and what the source skipped, once.
  if (config.warning) tellUser(`warning: ${config.warning}`);
  for (const line of describeWarnings(source.warnings())) tellUser(`warning: ${line}`);
  return code;
}
