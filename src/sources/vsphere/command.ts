/**
 * `balloontop live URL`: the memory page of a live ESXi host or vCenter over
 * the vSphere API, on screen or as batch output (`-b`, `--json`, `-d`, `-n`).
 */
import { CA_FILE, readOptionFile, readSecretLine } from '../../config/option-file';
import { UserError } from '../../errors';
import { envFlag, parseEndpoint } from './endpoint';
import { canPrompt, promptHidden } from './password-prompt';
import type { FailurePolicy } from '../reconnect';
import { VsphereSource } from './vsphere-source';
import { numberOption, flag, stringOption, type ParsedArgs } from '../../config/command-line';
import type { SessionOptions } from '../../config/session-options';
import type { SourceCommandSpec } from '../source-command';
import { tellUser } from '../../text/user-message';
import { keepYoungGenerationSmall } from './young-generation';

const DEFAULT_TIMEOUT_SECONDS = 30;

/** Batch output and `-n` fail after the retry policy; the dashboard keeps running. */
export function failurePolicy(session: SessionOptions): FailurePolicy {
  return session.batch !== null || session.iterations !== null ? 'fail' : 'keep-alive';
}

/** `from`: where the file was named (`--ca`, or `GOVC_TLS_CA_CERTS` when the option is absent), for the error. */
function readCa(file: string, from: string): string {
  const pem = readOptionFile(from, file, CA_FILE);
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UserError(`${from} ${file}: no PEM certificate in it`);
  return pem;
}

function warn(text: string): void {
  tellUser(`warning: ${text}`);
}

export const spec: SourceCommandSpec = {
  name: 'live',
  summary: 'watch a live ESXi host or vCenter over the vSphere API (or $GOVC_URL, $GOVC_USERNAME, ...)',
  usage: 'live [URL] [--host H|--cluster C] [-u USER]',
  options: [
    { name: 'host', value: true, valueName: 'HOST', help: 'vCenter: the host to watch, by name, inventory path (/DC0/host/DC0_C0/DC0_C0_H0) or id (host-21); a list is shown when it is ambiguous' },
    { name: 'cluster', value: true, valueName: 'CLUSTER', help: 'vCenter: watch all VMs of a cluster, by name, inventory path (/DC0/host/DC0_C0) or id' },
    { name: 'user', short: 'u', value: true, valueName: 'USER', help: 'user name (default: $GOVC_USERNAME, or the URL\'s user)' },
    { name: 'password-file', value: true, valueName: 'FILE', help: 'read the password from the first line of FILE' },
    { name: 'password', value: true, valueName: 'PASSWORD', help: 'the password (visible in ps and shell history: prefer --password-file, $GOVC_PASSWORD or the prompt)' },
    { name: 'insecure', short: 'k', value: false, help: 'do not verify the TLS certificate ($GOVC_INSECURE=1); the status line shows it' },
    { name: 'ca', value: true, valueName: 'FILE', help: 'trust this CA certificate (PEM) too ($GOVC_TLS_CA_CERTS)' },
    { name: 'timeout', value: true, valueName: 'SECONDS', help: `timeout of each request (default ${DEFAULT_TIMEOUT_SECONDS})` },
  ],
  async open(args: ParsedArgs, session: SessionOptions) {
    const env = process.env;
    const [rawUrl, ...more] = args.positional;
    if (more.length > 0) throw new UserError(`live: one URL at a time (got ${args.positional.length})`);
    const fromArgs = rawUrl !== undefined;
    const raw = rawUrl ?? (env.GOVC_URL || undefined);
    if (!raw) throw new UserError('live: which host? (balloontop live https://esxi01.example.com, or set GOVC_URL)');
    const endpoint = parseEndpoint(raw, fromArgs ? 'live' : 'GOVC_URL');

    const user = stringOption(args, 'user') ?? (env.GOVC_USERNAME || endpoint.user);
    let password: string | null = null;
    const passwordFile = stringOption(args, 'password-file');
    const passwordArg = stringOption(args, 'password');
    if (passwordFile !== undefined && passwordArg !== undefined) throw new UserError('live: choose one of --password and --password-file');
    if (passwordFile !== undefined) password = readSecretLine('--password-file', passwordFile).secret;
    else if (passwordArg !== undefined) {
      warn('a password given with --password is visible to other users (ps) and kept in shell history; prefer --password-file, GOVC_PASSWORD or the prompt');
      password = passwordArg;
    } else if (env.GOVC_PASSWORD !== undefined && env.GOVC_PASSWORD !== '') password = env.GOVC_PASSWORD;
    else if (endpoint.password !== null) {
      if (fromArgs) warn('a password in the URL is visible to other users (ps) and kept in shell history; prefer --password-file, GOVC_PASSWORD or the prompt');
      password = endpoint.password;
    }
    if (!user) throw new UserError('live: no user name: give --user USER, set GOVC_USERNAME, or put it in the URL (https://USER@host)');
    if (password === null) {
      if (!canPrompt()) throw new UserError(`live: no password for ${user}: give --password-file FILE or set GOVC_PASSWORD (no terminal to ask on)`);
      password = await promptHidden(`Password for ${user}@${endpoint.url.host}: `);
    }
    if (password === '') throw new UserError('live: the password is empty');

    const insecure = flag(args, 'insecure') || envFlag(env.GOVC_INSECURE);
    const caOption = stringOption(args, 'ca');
    const caFiles = caOption !== undefined ? [caOption] : (env.GOVC_TLS_CA_CERTS ?? '').split(':').filter((f) => f !== '');
    if (insecure && caFiles.length > 0) warn('--insecure turns TLS verification off: --ca is not used');
    if (insecure && endpoint.url.protocol === 'https:') warn('TLS certificate verification is off (--insecure): the connection can be intercepted');
    const timeoutSeconds = numberOption(args, 'timeout', { min: 0.1, max: 3600 }) ?? DEFAULT_TIMEOUT_SECONDS;

    const target = { host: targetOption(args, 'host'), cluster: targetOption(args, 'cluster') };
    keepYoungGenerationSmall();
    return VsphereSource.open({
      url: endpoint.url,
      user,
      password,
      tls: { insecure, ca: insecure ? [] : caFiles.map((file) => readCa(file, caOption !== undefined ? '--ca' : 'GOVC_TLS_CA_CERTS')) },
      timeoutMs: Math.round(timeoutSeconds * 1000),
      target,
      onFailure: failurePolicy(session),
    });
  },
};

/** `--host`/`--cluster`: absent is null; given, it must name something (an empty one would pick nothing and watch everything). */
function targetOption(args: ParsedArgs, name: 'host' | 'cluster'): string | null {
  const value = stringOption(args, name);
  if (value === undefined) return null;
  if (value.trim() === '') throw new UserError(`live: --${name} needs a name, an inventory path or a managed object id`);
  return value;
}
