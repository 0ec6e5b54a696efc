/**
 * `balloontop serve SOURCE ARGS... [--listen HOST:PORT] [--token-file FILE]`:
 * runs any source command (`replay FILE`, `sim ...`, `live URL`, even
 * `connect ws://...`) and serves its samples over WebSocket to
 * `balloontop connect`. The source is opened by that command's own
 * `spec.open`, so it takes the same arguments as on its own.
 */
import { UserError } from '../../errors';
import { isLoopback } from '../../feed/auth';
import { DEFAULT_LISTEN, feedToken, listenFeed, parseListen } from '../../feed/feed-listener';
import { DEFAULT_HISTORY } from '../../feed/history';
import { drain, pacingFor, type DrainResult } from '../../output/drain';
import { logStatusChanges } from '../../output/status-log';
import { stopSignal } from '../../output/stop-signal';
import type { Sample } from '../../sample/sample';
import { SOURCE_NAMES } from '../../sources/catalog';
import type { OptionSpec } from '../../config/command-line';
import type { Command } from '../command';
import { prepareWrappedSource, splitWrappedArgs, type WrappedArgs } from '../wrapped-source';
import { tellUser } from '../../text/user-message';

const SERVE_OPTIONS: OptionSpec[] = [
  { name: 'listen', value: true, valueName: 'HOST:PORT', help: `where to listen (default ${DEFAULT_LISTEN}; port 0 picks a free one); not loopback needs a token` },
  { name: 'token-file', value: true, valueName: 'FILE', help: 'clients must present the token on the first line of FILE (or $BALLOONTOP_TOKEN)' },
  { name: 'history', value: true, valueName: 'N', help: `samples kept for clients that join late (default ${DEFAULT_HISTORY})` },
  { name: 'allow-origin', value: true, repeat: true, valueName: 'ORIGIN', help: 'accept browser connections from this Origin (others are refused)' },
  { name: 'ping-interval', value: true, valueName: 'SECONDS', help: 'heartbeat: ping clients this often, drop those that do not answer (default 30)' },
  { name: 'quiet', short: 'q', value: false, help: 'do not log clients connecting and leaving' },
];

const USAGE = 'serve SOURCE ARGS... [--listen HOST:PORT] [--token-file FILE] [--history N]';

export type ServeArgs = WrappedArgs;

/** Takes serve's own options out of argv (anywhere); the rest is `SOURCE ARGS...`. */
export function splitServeArgs(argv: readonly string[]): ServeArgs {
  return splitWrappedArgs(argv, SERVE_OPTIONS, 'serve', USAGE);
}

function say(line: string): void {
  tellUser(line);
}

export const command: Command = {
  name: 'serve',
  summary: 'serve any source (replay FILE, sim ..., live URL) over WebSocket to balloontop connect',
  usage: USAGE,
  options: SERVE_OPTIONS,
  helpNote: `SOURCE is one of ${SOURCE_NAMES.join(', ')}, with its own arguments and options (see 'balloontop help SOURCE'). Listening on anything but loopback needs a token, and ws:// is not encrypted: across untrusted networks use an SSH tunnel or a TLS proxy.`,
  async run(argv) {
    const r = splitServeArgs(argv);
    const { host, port } = parseListen(r.own.options.get('listen')?.[0] ?? DEFAULT_LISTEN);
    const token = feedToken('serve', host, r.own.options.get('token-file')?.[0]);
    const historyText = r.own.options.get('history')?.[0];
    const history = historyText === undefined ? DEFAULT_HISTORY : Number(historyText);
    if (!Number.isInteger(history) || history < 1 || history > 100_000) throw new UserError(`serve: --history ${historyText}: expected a whole number from 1 to 100000`);
    const pingText = r.own.options.get('ping-interval')?.[0];
    const ping = pingText === undefined ? 30 : Number(pingText);
    if (!Number.isFinite(ping) || ping < 0.05 || ping > 3600) throw new UserError(`serve: --ping-interval ${pingText}: expected seconds from 0.05 to 3600`);
    const quiet = r.own.options.has('quiet');

    const prepared = await prepareWrappedSource(r, 'serve', 'sends the samples to its clients');
    if ('exitCode' in prepared) return prepared.exitCode;
    const { spec, args, session } = prepared;
    if (token?.warning) say(`warning: ${token.warning}`);

    const source = await spec.open(args, session);
    let server;
    try {
      server = await listenFeed({
        command: 'serve',
        option: '--listen',
        host,
        port,
        token: token?.token ?? null,
        source: source.info,
        planned: source.plannedGroups?.() ?? [],
        history,
        pingIntervalMs: Math.round(ping * 1000),
        allowOrigins: r.own.options.get('allow-origin') ?? [],
        log: quiet ? undefined : say,
      });
    } catch (err) {
      await source.close();
      throw err;
    }
    say(`serving ${source.info.label} on ${server.url}`);
    say(`connect with: balloontop connect ${server.url}${token ? ` --token-file FILE (the token from ${token.from})` : ''}`);
    if (!isLoopback(host)) say('warning: ws:// is not encrypted: samples and the token cross the network in clear (use an SSH tunnel or a TLS proxy on untrusted networks)');

    const signal = stopSignal();
    let served = 0;
    try {
      const pacing = pacingFor(source.info, 'watchers', session.delaySeconds, session.speed);
      const publish = (s: Sample) => {
        server.publish(s);
        served++;
      };
      let result: DrainResult;
      const stopLogging = logStatusChanges(source, say);
      try {
        result = await drain(source, publish, { limit: session.iterations, pacing, signal });
      } catch (err) {
        server.fail(err instanceof UserError ? err.message : String((err as Error)?.message ?? err));
        throw err;
      } finally {
        stopLogging();
      }
      if (result.endedBy !== 'signal') {
        server.end();
        say(`the source ended after ${served} sample${served === 1 ? '' : 's'}; still serving ${served === 1 ? 'it' : 'them'} to clients that join (Ctrl-C stops)`);
        await signal.stopped;
      }
    } finally {
      signal.dispose();
      await server.close();
      await source.close();
    }
    say(`stopped after serving ${served} sample${served === 1 ? '' : 's'}`);
    return 0;
  },
};
