/**
 * A real terminal for end-to-end tests: a tmux server of the test's own (a
 * private socket, so parallel runs never meet), one session running a
 * command, keys typed as a person types them, the pane read back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, NODE_FLAGS, PROJECT_ROOT } from './paths';

export interface TerminalOptions {
  width?: number;
  height?: number;
  /** Extra environment, as `NAME=value` words before the command. */
  env?: Record<string, string>;
}

/** Quotes a word for the shell tmux runs the command with. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `node bin/balloontop ARGS...` as a shell command. */
export function balloontop(...args: string[]): string {
  return [process.execPath, ...NODE_FLAGS, CLI, ...args].map(shellQuote).join(' ');
}

export class Terminal {
  readonly socket = `balloontop-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  readonly session = 'term';
  /** An empty XDG_CONFIG_HOME and HOME of its own (no user defaults file, no ~/.esxtop60rc, no balloontop.conf). */
  readonly config = mkdtempSync(join(tmpdir(), 'balloontop-term-'));

  run(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** Runs `command` (from the project folder) in a new window; when it ends, `EXIT=<code>` is printed. */
  start(command: string, opts: TerminalOptions = {}): void {
    const env = { XDG_CONFIG_HOME: this.config, HOME: this.config, NCURSES_NO_UTF8_ACS: '1', TERM: 'xterm-256color', ...opts.env };
    const vars = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ');
    // The colour choice of the machine running the tests (NO_COLOR, COLORFGBG) is not the test's: only what `env` gives.
    const unset = ['NO_COLOR', 'COLORFGBG'].filter((k) => !(k in env)).map((k) => `-u ${k}`).join(' ');
    const cmd = `cd ${shellQuote(PROJECT_ROOT)} && env ${unset} ${vars} ${command}; echo "EXIT=$?"; sleep 60`;
    this.run('new-session', '-d', '-s', this.session, '-x', String(opts.width ?? 160), '-y', String(opts.height ?? 50), cmd);
  }

  keys(...keys: string[]): void {
    for (const k of keys) this.run('send-keys', '-t', this.session, k);
  }

  /** Types text literally. */
  type(text: string): void {
    this.run('send-keys', '-t', this.session, '-l', text);
  }

  /** The pane's lines; with `escapes`, with the SGR codes tmux keeps. */
  pane(escapes = false): string[] {
    return this.run('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.session).split('\n');
  }

  async until(cond: (lines: string[]) => boolean, what: string, ms = 15_000): Promise<string[]> {
    const end = Date.now() + ms;
    for (;;) {
      const lines = this.pane();
      if (cond(lines)) return lines;
      if (Date.now() > end) throw new Error(`tmux: timed out waiting for ${what}; pane:\n${lines.join('\n')}`);
      await sleep(50);
    }
  }

  /** The command's process (the child of the pane's shell). */
  appPid(): number {
    const shell = this.run('list-panes', '-t', this.session, '-F', '#{pane_pid}').trim();
    return Number(execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n')[0]);
  }

  resize(width: number, height: number): void {
    this.run('resize-window', '-t', this.session, '-x', String(width), '-y', String(height));
  }

  kill(): void {
    try {
      this.run('kill-server');
    } catch {
      // already gone
    }
    rmSync(this.config, { recursive: true, force: true });
  }
}

export const has = (lines: readonly string[], re: RegExp): boolean => lines.some((l) => re.test(l));
