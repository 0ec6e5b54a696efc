/** Runs the built `balloontop serve ...` as a user would and finds the URL it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, NODE_FLAGS } from '../support/paths';

export interface ServeProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export function startServe(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20000): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...NODE_FLAGS, CLI, 'serve', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let exited: number | null | undefined;
    const exit = new Promise<number | null>((r) => proc.on('exit', (code) => r((exited = code))));
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`serve did not print its URL in ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    proc.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving .* on (ws:\/\/[^\s]+)/.exec(err);
      if (m && timer) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          port: Number(new URL(m[1]).port),
          proc,
          stderr: () => err,
          stop: async () => {
            if (exited === undefined) proc.kill('SIGTERM');
            return exit;
          },
        });
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening: ${err}`));
    });
  });
}
