/** Runs the built CLI as a user would, and collects what it printed. */
import { spawn } from 'node:child_process';
import { CLI, NODE_FLAGS } from './paths';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `nodeOptions` go to node before the CLI (`--max-old-space-size=64`).
 * `timeoutMs` only catches a hang (default 2 minutes): on a machine shared
 * with other jobs a quick command can take tens of seconds, so it is no
 * measure of speed.
 */
export function runCli(args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string; nodeOptions?: string[] } = {}): Promise<CliResult> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, ...(opts.nodeOptions ?? []), CLI, ...args], {
      env: { ...process.env, ...opts.env },
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`balloontop ${args.join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(opts.input ?? '');
  });
}
