/** The dashboard app on a fake terminal, for tests that drive it by keys and read the screen. */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { DashboardApp } from '../../../screens/blessed/app';
import { screenText } from '../../../screens/blessed/blessed-types';
import type { ThemeName } from '../../../src/config/settings';
import { loadConfig, type LoadedConfig } from '../../../src/config/user-config';
import type { SampleSource } from '../../../src/sources/source';
import { fakeTerminal, type FakeTerminal } from './fake-terminal';

export interface Running {
  app: DashboardApp;
  term: FakeTerminal;
  text(): string[];
  /** A fresh config directory (XDG_CONFIG_HOME), removed by `close`. */
  dir: string;
}

export async function open(source: SampleSource, opts: { columns?: number; rows?: number; speed?: number; holdStderr?: boolean; theme?: ThemeName; config?: (dir: string) => LoadedConfig } = {}): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-app-'));
  const term = fakeTerminal(opts.columns ?? 160, opts.rows ?? 50);
  const app = new DashboardApp({
    source,
    // A home and a config folder of the test's own: no esxtop rc file or defaults file of the machine is read.
    config: opts.config ? opts.config(dir) : loadConfig(null, { XDG_CONFIG_HOME: dir, HOME: dir }),
    theme: opts.theme,
    delaySeconds: 5,
    speed: opts.speed ?? 1,
    terminal: 'xterm-256color',
    input: term.input,
    output: term.output,
    holdStderr: opts.holdStderr,
  });
  void app.start().catch(() => {});
  return { app, term, dir, text: () => screenText(app.screen) };
}

/** Waits until the screen satisfies `cond`; fails with the screen when it does not in time. */
export async function until(r: Running, cond: (lines: string[]) => boolean, what: string, ms = 8000): Promise<string[]> {
  const end = Date.now() + ms;
  for (;;) {
    const lines = r.text();
    if (cond(lines)) return lines;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${lines.join('\n')}`);
    await sleep(10);
  }
}

export async function close(r: Running): Promise<void> {
  r.app.quit();
  await r.app.done.catch(() => {});
  rmSync(r.dir, { recursive: true, force: true });
}
