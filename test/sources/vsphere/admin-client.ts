/**
 * A second, independent vSphere client for tests: it does to the server what
 * an administrator would do behind the poller's back (terminate its session,
 * delete a VM) and looks at what the poller left behind (open sessions).
 */
import { SoapClient, type MoRef } from '../../../src/sources/vsphere/soap-client';
import { login, logout, negotiateVersion, retrieveProperties, retrieveServiceContent, type ServiceContent } from '../../../src/sources/vsphere/vim-api';
import { child, childrenNamed, textAt } from '../../../src/sources/vsphere/xml';

export class AdminClient {
  private constructor(
    readonly client: SoapClient,
    readonly sc: ServiceContent,
  ) {}

  static async connect(url: string, opts: { ca?: string; user?: string; password?: string } = {}): Promise<AdminClient> {
    const { readFileSync } = await import('node:fs');
    const client = new SoapClient({ url: new URL(url), tls: { insecure: false, ca: opts.ca ? [readFileSync(opts.ca, 'utf8')] : [] }, timeoutMs: 10000 });
    await negotiateVersion(client);
    const sc = await retrieveServiceContent(client);
    await login(client, sc, opts.user ?? 'admin', opts.password ?? 'admin');
    return new AdminClient(client, sc);
  }

  /** Keys of every open session except this client's own. */
  async otherSessions(): Promise<string[]> {
    const [sm] = await retrieveProperties(this.client, this.sc, { props: { SessionManager: ['sessionList', 'currentSession'] }, objects: [this.sc.sessionManager] });
    const own = textAt(sm?.props.get('currentSession'), 'key');
    return childrenNamed(sm?.props.get('sessionList'), 'UserSession')
      .map((s) => textAt(s, 'key') ?? '')
      .filter((k) => k !== '' && k !== own);
  }

  /** User-Agent of every open session except this client's own. */
  async otherUserAgents(): Promise<string[]> {
    const [sm] = await retrieveProperties(this.client, this.sc, { props: { SessionManager: ['sessionList', 'currentSession'] }, objects: [this.sc.sessionManager] });
    const own = textAt(sm?.props.get('currentSession'), 'key');
    return childrenNamed(sm?.props.get('sessionList'), 'UserSession')
      .filter((s) => textAt(s, 'key') !== own)
      .map((s) => textAt(s, 'userAgent') ?? '');
  }

  /** Put a host in maintenance mode or take it out, as an administrator would. */
  async maintenance(hostRef: string, on: boolean): Promise<void> {
    const host = { type: 'HostSystem', value: hostRef };
    if (on) await this.runTask('EnterMaintenanceMode_Task', host, '<timeout>0</timeout>');
    else await this.runTask('ExitMaintenanceMode_Task', host, '<timeout>0</timeout>');
  }

  async terminateSessions(keys: string[]): Promise<void> {
    await this.client.call('TerminateSession', this.sc.sessionManager, keys.map((k) => `<sessionId>${k}</sessionId>`).join(''));
  }

  private async runTask(method: string, self: MoRef, body = ''): Promise<void> {
    const res = await this.client.call(method, self, body);
    const task = child(res, 'returnval');
    for (let i = 0; i < 100; i++) {
      const [t] = await retrieveProperties(this.client, this.sc, { props: { Task: ['info.state'] }, objects: [{ type: 'Task', value: task?.text ?? '' }] });
      const state = t?.props.get('info.state')?.text;
      if (state === 'success') return;
      if (state === 'error') throw new Error(`${method} failed`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${method} did not finish`);
  }

  /** Power a VM off and delete it, as an administrator would in the vSphere client. */
  async destroyVm(ref: string): Promise<void> {
    const vm = { type: 'VirtualMachine', value: ref };
    await this.runTask('PowerOffVM_Task', vm);
    await this.runTask('Destroy_Task', vm);
  }

  async close(): Promise<void> {
    try {
      await logout(this.client, this.sc);
    } catch {
      // The simulator may be stopped already.
    } finally {
      this.client.close();
    }
  }
}
