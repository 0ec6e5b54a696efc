/**
 * A real headless Chromium (Debian's `chromium`), driven over the DevTools
 * protocol on a pipe (`--remote-debugging-pipe`: no port, nothing to clash
 * with a second run). It opens a page, records every network request the
 * page makes and every console or log message, evaluates expressions in the
 * page, and takes screenshots.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = 'chromium';

interface Pending {
  resolve: (v: Record<string, unknown>) => void;
  reject: (e: Error) => void;
}

type Event = { method: string; params: Record<string, unknown>; sessionId?: string };

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: ((e: Event) => void)[] = [];
  private buffer = '';
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const out = child.stdio[4] as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => this.receive(chunk));
    child.on('exit', () => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error('chromium exited'));
      this.pending.clear();
    });
  }

  static launch(): Browser {
    const profile = mkdtempSync(join(tmpdir(), 'balloontop-chromium-'));
    const child = spawn(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--no-default-browser-check', '--disable-extensions', '--mute-audio',
      `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank',
    ], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    return new Browser(child, profile);
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const msg = JSON.parse(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 1);
      if (typeof msg.id === 'number') {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${msg.error.message} (${msg.error.code})`));
        else p?.resolve(msg.result ?? {});
      } else {
        for (const l of this.listeners) l(msg as Event);
      }
    }
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.exited) return Promise.reject(new Error('chromium exited'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  }

  on(listener: (e: Event) => void): void {
    this.listeners.push(listener);
  }

  /** A new tab with network, page, runtime and log events on. */
  async newPage(): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = new Page(this, sessionId);
    this.on((e) => {
      if (e.sessionId === sessionId) page.event(e);
    });
    for (const domain of ['Network', 'Page', 'Runtime', 'Log']) await this.send(`${domain}.enable`, {}, sessionId);
    return page;
  }

  async close(): Promise<void> {
    if (!this.exited) {
      const gone = new Promise((r) => this.child.once('exit', r));
      this.send('Browser.close').catch(() => {});
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  /** URLs of every request the page made (the document included). */
  readonly requests: string[] = [];
  /** Console messages, log entries and exceptions, as text. */
  readonly messages: string[] = [];
  private loaded: (() => void) | null = null;

  constructor(
    private readonly browser: Browser,
    private readonly sessionId: string,
  ) {}

  event(e: Event): void {
    const p = e.params;
    if (e.method === 'Network.requestWillBeSent') this.requests.push(String((p.request as { url: string }).url));
    else if (e.method === 'Log.entryAdded') this.messages.push(`${(p.entry as { source: string }).source}: ${(p.entry as { text: string }).text}`);
    else if (e.method === 'Runtime.consoleAPICalled') this.messages.push(`console: ${JSON.stringify(p.args)}`);
    else if (e.method === 'Runtime.exceptionThrown') this.messages.push(`exception: ${JSON.stringify(p.exceptionDetails)}`);
    else if (e.method === 'Page.loadEventFired') this.loaded?.();
  }

  private send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.browser.send(method, params, this.sessionId);
  }

  async goto(url: string): Promise<void> {
    const loaded = new Promise<void>((r) => (this.loaded = r));
    await this.send('Page.navigate', { url });
    await loaded;
    // Let anything the page would still fetch after load (lazy images, fonts) start.
    await new Promise((r) => setTimeout(r, 300));
  }

  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: T }; exceptionDetails?: unknown };
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value;
  }

  async setSize(width: number, height: number): Promise<void> {
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
  }

  async colorScheme(scheme: 'light' | 'dark'): Promise<void> {
    await this.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
  }

  /** A PNG of the viewport. */
  async screenshot(): Promise<Buffer> {
    const { data } = (await this.send('Page.captureScreenshot', { format: 'png' })) as { data: string };
    return Buffer.from(data, 'base64');
  }
}
