/**
 * `balloontop connect ws://HOST:PORT/`: the memory page of another balloontop
 * (`balloontop serve ...`) over WebSocket, on screen or as batch output.
 * Without -d, batch output and the dashboard take every sample as the server
 * sends it (the dashboard starting with the history the server keeps); with
 * -d, the newest one every -d seconds, as esxtop -b does.
 */
import { UserError } from '../../errors';
import { projectVersion } from '../../project';
import { findToken, isLoopback, readTokenFile, TOKEN_ENV } from '../../feed/auth';
import { parseFeedUrl } from './feed-url';
import { RemoteSource } from './remote-source';
import { flag, numberOption, stringOption } from '../../config/command-line';
import type { SessionOptions } from '../../config/session-options';
import type { SourceCommandSpec } from '../source-command';
import { tellUser } from '../../text/user-message';

const DEFAULT_TIMEOUT_SECONDS = 10;
/** `--history`: ask for everything the server keeps (it caps this to its own --history). */
const ALL_HISTORY = 1_000_000;

function warn(text: string): void {
  tellUser(`warning: ${text}`);
}

/**
 * Every sample the server sends, unless -d asks for the newest one every d
 * seconds: batch output and record keep them all, and the dashboard too, so
 * that a student's history holds the whole lesson (T, Home, the outline).
 */
function takesEverySample(session: SessionOptions): boolean {
  return !session.delayGiven;
}

/** The dashboard starts with what the server keeps (a student joining late gets the lesson so far); batch output with --history. */
function wantsHistory(session: SessionOptions, asked: boolean): boolean {
  return asked || (session.batch === null && !session.recording && !session.delayGiven);
}

export const spec: SourceCommandSpec = {
  name: 'connect',
  summary: 'show what another balloontop serves (balloontop serve ...) over WebSocket',
  usage: 'connect ws://HOST:PORT/ [--token-file FILE] [--history] [-b|--json] [-n N] [-d S]',
  helpNote: 'Batch output (-b, --json) writes every sample as the server sends it; with -d S, the newest one every S seconds. The dashboard starts with the samples the server keeps (a late joiner gets the lesson so far), takes every sample as it comes (with -d S: the newest every S seconds) and keeps reconnecting when the server goes away; batch output gives up after a few attempts.',
  options: [
    { name: 'token-file', value: true, valueName: 'FILE', help: `the server's token, first line of FILE (or $${TOKEN_ENV})` },
    { name: 'history', value: false, help: 'batch: start with the samples the server still keeps (serve --history), not only the latest' },
    { name: 'timeout', value: true, valueName: 'SECONDS', help: `give up connecting after this long (default ${DEFAULT_TIMEOUT_SECONDS})` },
  ],
  async open(args, session) {
    const [raw, ...more] = args.positional;
    if (!raw) throw new UserError('connect: to which server? (balloontop connect ws://HOST:PORT/)');
    if (more.length > 0) throw new UserError(`connect: one URL at a time (got ${args.positional.length})`);
    const feed = parseFeedUrl(raw);
    const file = stringOption(args, 'token-file');
    let token: string | null = null;
    if (file !== undefined) {
      const t = readTokenFile(file);
      if (t.warning) warn(t.warning);
      token = t.token;
    } else if (feed.tokenInUrl !== null) {
      warn('a token in the URL is visible to other users (ps) and kept in shell history; prefer --token-file or $BALLOONTOP_TOKEN');
      token = feed.tokenInUrl;
    } else token = findToken(undefined)?.token ?? null;
    if (token !== null && feed.url.protocol === 'ws:' && !isLoopback(feed.url.hostname)) {
      warn(`ws:// is not encrypted: the token and the samples cross the network in clear (use an SSH tunnel or wss:// through a TLS proxy)`);
    }
    const every = takesEverySample(session);
    const timeoutSeconds = numberOption(args, 'timeout', { min: 0.1, max: 3600 }) ?? DEFAULT_TIMEOUT_SECONDS;
    return RemoteSource.open({
      feed,
      token,
      mode: every ? 'all' : 'latest',
      onFailure: session.batch !== null || session.iterations !== null ? 'fail' : 'keep-alive',
      history: wantsHistory(session, flag(args, 'history')) ? ALL_HISTORY : 0,
      connectTimeoutMs: Math.round(timeoutSeconds * 1000),
      clientName: `balloontop ${projectVersion()}`,
    });
  },
};
