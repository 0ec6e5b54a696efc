/**
 * Where to connect and as whom, the way govc users already work: a URL
 * (`esxi01`, `esxi01:8443`, `https://user@vc01/sdk`) from the command line or
 * GOVC_URL; user and password from flags, GOVC_USERNAME / GOVC_PASSWORD, the
 * URL's user info, or a prompt. The password never ends up in a label, a
 * message or a recording: `url` carries no credentials.
 */
import { UserError } from '../../errors';
import { safeExcerpt } from '../../text/safe-text';

interface Endpoint {
  /** The SDK URL without user info: https://host[:port]/sdk. */
  url: URL;
  /** User and password found in the URL's user info, if any. */
  user: string | null;
  password: string | null;
}

export function parseEndpoint(raw: string, from: string): Endpoint {
  const text = raw.trim();
  if (text === '') throw new UserError(`${from}: empty URL`);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  const shown = JSON.stringify(safeExcerpt(stripUserInfo(text), 200));
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    const hint = hasUserInfo(text) ? ` (in the user and password before '@', write '/' as %2F, '?' as %3F, '#' as %23, '@' as %40)` : '';
    throw new UserError(`${from}: not a URL or host name: ${shown}${hint}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UserError(`${from}: use an https:// (or http://) URL, not ${safeExcerpt(url.protocol, 20)}//`);
  if (url.hostname === '') throw new UserError(`${from}: the URL names no host`);
  // An '@' the URL parser did not take as the end of the user info: a '/', '?' or '#' in the password cut the URL short.
  if (url.username === '' && url.password === '' && hasUserInfo(text)) {
    throw new UserError(`${from}: ${shown}: the user and password before '@' must be percent-encoded in a URL ('/' as %2F, '?' as %3F, '#' as %23, '@' as %40); or give the password with --password-file or GOVC_PASSWORD`);
  }
  const user = url.username === '' ? null : decodeUserInfo(url.username, from, 'user name');
  const password = url.password === '' ? null : decodeUserInfo(url.password, from, 'password');
  url.username = '';
  url.password = '';
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/sdk';
  url.search = '';
  url.hash = '';
  return { url, user, password };
}

/** The user info of a URL (or anything typed as one) starts after `scheme://` and ends at its last '@'. */
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)?[^@]*@/i;

function hasUserInfo(text: string): boolean {
  return USER_INFO.test(text.trim());
}

/** For messages about a URL the user typed: never repeat a password, wherever its '/', '?' or '@' are. */
export function stripUserInfo(text: string): string {
  const t = text.trim();
  const at = t.lastIndexOf('@');
  if (at < 0) return t;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(t)?.[0] ?? '';
  return `${scheme}${t.slice(at + 1)}`;
}

/** A percent-encoded user or password; a bad escape (`%ZZ`) is one line that does not repeat it. */
function decodeUserInfo(encoded: string, from: string, what: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new UserError(`${from}: the URL's ${what} has a bad percent escape (a '%' must be followed by two hex digits; write '%' itself as %25)`);
  }
}

export function envFlag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}
