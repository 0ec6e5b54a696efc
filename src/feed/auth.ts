/**
 * The feed's shared secret: read from a file (first line) or $BALLOONTOP_TOKEN,
 * checked in constant time, never printed. Clients send it as
 * `Authorization: Bearer TOKEN`; `?token=TOKEN` in the URL is accepted too but
 * is weaker (URLs end up in shell history, `ps` and proxy logs).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readSecretLine } from '../config/option-file';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { UserError } from '../errors';

export const TOKEN_ENV = 'BALLOONTOP_TOKEN';
const MIN_TOKEN_LENGTH = 16;

interface TokenSource {
  token: string;
  /** Where it came from, for messages (never the token itself). */
  from: string;
  /** A warning for the user (a token file others can read), or null. */
  warning: string | null;
}

export function readTokenFile(file: string, option = '--token-file'): TokenSource {
  const { secret: token, readableByOthers } = readSecretLine(option, file, { trim: true });
  const warning = readableByOthers ? `${option} ${file} can be read by other users (chmod 600 ${file})` : null;
  return { token, from: file, warning };
}

/** --token-file FILE, else $BALLOONTOP_TOKEN, else null. */
export function findToken(file: string | undefined, env: NodeJS.ProcessEnv = process.env): TokenSource | null {
  if (file !== undefined) return readTokenFile(file);
  const t = env[TOKEN_ENV]?.trim();
  if (t) return { token: t, from: `$${TOKEN_ENV}`, warning: null };
  return null;
}

/** The server refuses tokens that are easy to guess. */
export function checkServerToken(t: TokenSource): void {
  if (t.token.length < MIN_TOKEN_LENGTH) {
    throw new UserError(`the token in ${t.from} is shorter than ${MIN_TOKEN_LENGTH} characters: too easy to guess (e.g. openssl rand -hex 24 > FILE)`);
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Constant-time comparison (both sides hashed first, so lengths leak nothing either). */
export function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

/** The token a request presents: the Bearer header first, then `?token=`. */
export function presentedToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  try {
    const url = new URL(req.url ?? '/', 'http://x');
    return url.searchParams.get('token');
  } catch {
    return null;
  }
}

/** 127.0.0.0/8, ::1 and `localhost`: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h.startsWith('::ffff:127.');
  return false;
}
