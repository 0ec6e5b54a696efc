/**
 * Where to connect and as whom, the way govc users already work: a URL
 * (`esxi01`, `esxi01:8443`, `https://user@vc01/sdk`) from the command line or
 * GOVC_URL; user and password from flags, GOVC_USERNAME / GOVC_PASSWORD, the
 * URL's user info, or a prompt. The password never ends up in a label, a
 * message or a recording: `url` carries no credentials.
 */
import { UserError } from '../../errors';

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
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UserError(`${from}: not a URL or host name: ${JSON.stringify(stripUserInfo(text))}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UserError(`${from}: use an https:// (or http://) URL, not ${url.protocol}//`);
  if (url.hostname === '') throw new UserError(`${from}: the URL names no host`);
  const user = url.username === '' ? null : decodeURIComponent(url.username);
  const password = url.password === '' ? null : decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/sdk';
  url.search = '';
  url.hash = '';
  return { url, user, password };
}

/** For messages about a URL the user typed: never repeat a password. */
export function stripUserInfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/]*@/i, '$1');
}

export function envFlag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}
