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
  const portWritten = namesPort(text);
  if (!url.port && url.protocol === 'ws:' && !portWritten) url.port = String(DEFAULT_PORT);
  const tokenInUrl = url.searchParams.get('token') || (url.password ? decodeURIComponent(url.password) : null);
  url.searchParams.delete('token');
  url.username = '';
  url.password = '';
  url.hash = '';
  // URL leaves a scheme's default port out of href; written out, the label keeps it (ws://h:80/ is not balloontop's default).
  const label = portWritten && !url.port ? `${url.protocol}//${url.host}:${url.protocol === 'ws:' ? 80 : 443}${url.pathname}${url.search}` : url.href;
  return { url, label, tokenInUrl };
}

/** Whether the text's host is followed by a port (`ws://h:80/`, `[::1]:80`): URL drops 80 for ws: and 443 for wss:. */
function namesPort(text: string): boolean {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(text)?.[1] ?? '';
  return /:\d+$/.test(authority.slice(authority.lastIndexOf('@') + 1));
}
