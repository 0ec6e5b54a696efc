/**
 * The URL `balloontop connect` is given: `ws://HOST:PORT/`, `wss://...` (through
 * a TLS proxy), or a bare `HOST:PORT`. A `?token=` in it is taken out (the
 * token then travels in the Authorization header, never in the URL) and the
 * label shown to the user has no credentials.
 */
import { UserError } from '../../errors';

export interface FeedUrl {
  /** What to connect to: no user info, no token. */
  url: URL;
  /** The same, for the status line and messages. */
  label: string;
  tokenInUrl: string | null;
}

const DEFAULT_PORT = 7070;

export function parseFeedUrl(raw: string): FeedUrl {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `ws://${raw}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`connect: '${raw}' is not a URL (balloontop connect ws://HOST:PORT/)`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new UserError(`connect: '${url.protocol}//' is not a feed URL: use ws://HOST:PORT/ (or wss:// through a TLS proxy)`);
  if (!url.hostname) throw new UserError(`connect: '${raw}' names no host`);
  if (!url.port && url.protocol === 'ws:') url.port = String(DEFAULT_PORT);
  const tokenInUrl = url.searchParams.get('token') || (url.password ? decodeURIComponent(url.password) : null);
  url.searchParams.delete('token');
  url.username = '';
  url.password = '';
  url.hash = '';
  return { url, label: url.href, tokenInUrl };
}
