/**
 * The commands that show a source (`replay`, `sim`, `live`, `connect`) share
 * their options and their ending: batch output with `-b`/`--json`, otherwise
 * the dashboard.
 */
import { parseArgs } from '../config/command-line';
import { SESSION_OPTIONS, sessionOptions } from '../config/session-options';
import { loadConfig } from '../config/user-config';
import type { SourceCommandSpec } from '../sources/source-command';
import type { Command } from './command';

export function sourceCommand(spec: SourceCommandSpec): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    options: [...SESSION_OPTIONS, ...spec.options],
    helpNote: spec.helpNote,
    async run(argv) {
      const args = parseArgs(argv, [...SESSION_OPTIONS, ...spec.options], spec.name);
      if (spec.before) {
        const code = await spec.before(args);
        if (code !== null) return code;
      }
      const session = sessionOptions(args);
      // A bad config file is bad input in every mode, not only on screen.
      if (session.configFile) loadConfig(session.configFile);
      const source = await spec.open(args, session);
      try {
        if (session.batch) {
          const { writeBatch } = await import('../output/batch');
          return await writeBatch(source, { format: session.batch, limit: session.iterations, out: process.stdout, delaySeconds: session.delaySeconds });
        }
        const { runDashboard } = await import('../../screens/blessed/dashboard');
        const classroom = spec.classroom ? await spec.classroom(args, source) : null;
        try {
          return await runDashboard(source, session, classroom);
        } finally {
          await classroom?.close();
        }
      } finally {
        await source.close();
      }
    },
  };
}
