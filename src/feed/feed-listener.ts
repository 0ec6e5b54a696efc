/**
 * Where a feed listens and who may connect, from the command line: the
 * `HOST:PORT` to listen on, the token (required beyond loopback), and the
 * server itself, listening, or one clear line on what went wrong. `serve`
 * and the instructor's dashboard (`sim --serve`) both start their feed here.
 */
import { UserError } from '../errors';
import { projectVersion } from '../project';
import { makeHeader } from '../sources/recording/format';
import type { PlannedGroup } from '../sources/source';
import type { SourceInfo } from '../sources/source';
import { checkServerToken, findToken, isLoopback } from './auth';
import { FeedServer } from './feed-server';

export const DEFAULT_LISTEN = '127.0.0.1:7070';

/** `HOST:PORT`, `[::1]:PORT`, `:PORT` or `PORT`. */
export function parseListen(text: string, option = 'serve: --listen'): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*))?:?(\d+)$/.exec(text.includes(':') ? text : `:${text}`);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`${option} ${text}: expected HOST:PORT (e.g. ${DEFAULT_LISTEN})`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

function listenError(err: NodeJS.ErrnoException, command: string, option: string, host: string, port: number): UserError {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (err.code === 'EADDRINUSE') return new UserError(`${command}: ${where} is already in use (another balloontop serve? choose another ${option} HOST:PORT)`);
  if (err.code === 'EACCES') return new UserError(`${command}: no permission to listen on ${where} (ports below 1024 need privileges)`);
  if (err.code === 'EADDRNOTAVAIL') return new UserError(`${command}: ${host} is not an address of this machine`);
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return new UserError(`${command}: cannot resolve ${host}`);
  return new UserError(`${command}: cannot listen on ${where}: ${err.message}`);
}

/** Who may connect: the token (file or environment), checked; refused beyond loopback without one. */
export function feedToken(command: string, host: string, tokenFile: string | undefined): ReturnType<typeof findToken> {
  const token = findToken(tokenFile);
  if (token) checkServerToken(token);
  if (!token && !isLoopback(host)) {
    throw new UserError(`${command}: listening on ${host} lets other machines connect: give --token-file FILE (or set $BALLOONTOP_TOKEN) so that only clients with the token get in`);
  }
  return token;
}

interface ListenOptions {
  /** The command and its option naming where to listen, for messages (`serve`, `--listen`). */
  command: string;
  option: string;
  host: string;
  port: number;
  token: string | null;
  /** What is served: its kind and label go in the hello every client gets. */
  source: SourceInfo;
  history: number;
  pingIntervalMs?: number;
  allowOrigins?: string[];
  log?: (line: string) => void;
  /** Groups the source announces before they appear (a simulated VM that powers on later). */
  planned?: readonly PlannedGroup[];
}

/** A feed server, listening. */
export async function listenFeed(o: ListenOptions): Promise<FeedServer> {
  const server = new FeedServer({
    host: o.host,
    port: o.port,
    token: o.token,
    header: makeHeader({ kind: o.source.kind, label: o.source.label }, null, new Date(), o.planned ?? []),
    realtime: o.source.realtime,
    history: o.history,
    pingIntervalMs: o.pingIntervalMs,
    allowOrigins: o.allowOrigins ?? [],
    serverName: `balloontop ${projectVersion()}`,
    log: o.log,
  });
  try {
    await server.listen();
  } catch (err) {
    throw listenError(err as NodeJS.ErrnoException, o.command, o.option, o.host, o.port);
  }
  return server;
}
