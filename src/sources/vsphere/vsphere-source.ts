/**
 * A live ESXi host or vCenter as a SampleSource.
 *
 * Setup (once): API version, service content, login, the performance counter
 * catalogue (keys by name), the target (host or cluster) and a container view.
 * One poll: RetrievePropertiesEx over the view (plus ContinueRetrievePropertiesEx
 * pages) and ONE QueryPerf for every powered-on VM and the host(s): two
 * requests whatever the number of VMs, when the server does not page.
 *
 * Failure policy (see "Live hosts" in README.md):
 *  - an expired session (NotAuthenticated) logs in again once and retries;
 *    a VM deleted mid-poll (ManagedObjectNotFound) re-reads the inventory once;
 *  - 'keep-alive' (the dashboard): a failed poll returns the last good sample
 *    again (same object, same time), status() says 'reconnecting' (or 'failed'
 *    for errors that need the user, e.g. a changed password), and the next
 *    attempt waits for an exponential backoff (1 s doubling to 30 s);
 *  - 'fail' (batch -b/--json, -n): retries with backoff a few times, then
 *    next() rejects with a one-line UserError.
 * The first connection is never retried: wrong credentials, TLS problems or
 * an unreachable host at start are one clear error.
 */
import { errorText } from '../../errors';
import type { Sample } from '../../sample/sample';
import { Reconnect, retryPolicy, type FailurePolicy, type RetryPolicy } from '../reconnect';
import type { SampleSource, SourceInfo, SourceStatus, SourceWarning } from '../source';
import { WarningCounter } from '../warnings';
import { OvercommitAverages } from './overcommit';
import { COUNTER_NAMES, HOST_PROPERTIES, LiveMapping, VM_PROPERTIES } from './registry-mapping';
import { SoapClient, type MoRef, type TlsOptions } from './soap-client';
import type { ObjectContent } from './property-reader';
import { EXTRA_CONFIG, VmConfigs } from './vm-config';
import { resolveTarget, type Target, type TargetChoice } from './target';
import {
  createContainerView,
  login,
  logout,
  negotiateVersion,
  PerfRequests,
  queryPerf,
  readPerfCounters,
  retrieveProperties,
  retrieveServiceContent,
  type PerfQuery,
  type ServiceContent,
} from './vim-api';
import { isVsphereError, VsphereError } from './vsphere-error';


/** Quitting must not hang on a slow server: Logout gets at most this long. */
const LOGOUT_TIMEOUT_MS = 3000;
/** Objects per property page: keeps each answer a few MB however large the inventory. */
const PAGE_SIZE = 2000;
/** VMs per page of extraConfig reads (dozens of options each). */
const CONFIG_PAGE_SIZE = 250;

export interface VsphereSourceOptions {
  /** The SDK endpoint without credentials (https://host/sdk). */
  url: URL;
  user: string;
  password: string;
  tls: TlsOptions;
  timeoutMs: number;
  target: TargetChoice;
  onFailure: FailurePolicy;
  retry?: RetryPolicy;
  /** RetrievePropertiesEx `maxObjects` (page size); 2,000 when unset. */
  pageSize?: number;
}

/** The label a user sees and a recording stores: the URL without user or password. */
function sourceLabel(url: URL): string {
  const u = new URL(url.href);
  u.username = '';
  u.password = '';
  return u.href;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class VsphereSource implements SampleSource {
  readonly info: SourceInfo;
  private readonly client: SoapClient;
  private readonly warn = new WarningCounter();
  private readonly reconnect: Reconnect;
  private sc: ServiceContent | null = null;
  private keys: Map<string, number> = new Map();
  private mapping: LiveMapping | null = null;
  private readonly perfRequests = new PerfRequests();
  private readonly vmConfigs = new VmConfigs();
  private readonly overcommit = new OvercommitAverages();
  private target: Target | null = null;
  private view: MoRef | null = null;
  private loggedIn = false;
  private closed = false;
  private first: Sample | null = null;
  private lastGood: Sample | null = null;
  private nextAttemptAt = 0;

  private constructor(private readonly opts: VsphereSourceOptions) {
    this.info = { kind: 'live', label: sourceLabel(opts.url), realtime: true };
    // Never send or show user info that came with the URL.
    this.client = new SoapClient({ url: new URL(this.info.label), tls: opts.tls, timeoutMs: opts.timeoutMs });
    this.reconnect = new Reconnect(retryPolicy(opts.onFailure, opts.retry), `connecting to ${opts.url.host}`, opts.tls.insecure, opts.url.host);
  }

  /** Connect, log in, pick the target and take the first sample; throws a one-line UserError. */
  static async open(opts: VsphereSourceOptions): Promise<VsphereSource> {
    const source = new VsphereSource(opts);
    try {
      source.first = await source.poll();
    } catch (err) {
      await source.close();
      throw err;
    }
    return source;
  }

  /** HTTP requests sent so far (for the benchmark and tests). */
  get requestCount(): number {
    return this.client.requests;
  }

  /** Bytes of answers received so far (for the benchmark). */
  get bytesReceived(): number {
    return this.client.bytesReceived;
  }

  /** What the server is, once connected (`VMware ESXi 6.5.0 build-...`). */
  get serverName(): string | null {
    return this.sc?.fullName ?? null;
  }

  async next(): Promise<Sample | null> {
    if (this.closed) return null;
    if (this.first) {
      const s = this.first;
      this.first = null;
      return s;
    }
    return this.opts.onFailure === 'fail' ? this.nextOrFail() : this.nextOrLastGood();
  }

  private async nextOrFail(): Promise<Sample> {
    for (;;) {
      try {
        return await this.poll();
      } catch (err) {
        if (!isVsphereError(err) || !err.transient) {
          this.reconnect.fatal(errorText(err));
          throw err;
        }
        const delay = this.reconnect.failed(err.message);
        // The poll that failed first, then every retry.
        if (delay === null) throw new VsphereError(err.kind, `${err.message} (gave up after ${this.reconnect.policy.attempts + 1} attempts)`, err.fault);
        await sleep(delay);
      }
    }
  }

  private async nextOrLastGood(): Promise<Sample | null> {
    if (Date.now() < this.nextAttemptAt && this.lastGood) return this.lastGood;
    try {
      const s = await this.poll();
      this.nextAttemptAt = 0;
      return s;
    } catch (err) {
      if (!isVsphereError(err) || !this.lastGood) throw err;
      const delay = this.reconnect.failed(err.message, { needsUser: !err.transient }) ?? this.reconnect.policy.maxDelayMs;
      this.nextAttemptAt = Date.now() + delay;
      return this.lastGood;
    }
  }

  warnings(): SourceWarning[] {
    return this.warn.list();
  }

  status(): SourceStatus {
    return this.reconnect.status();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.loggedIn && this.sc) {
      try {
        await logout(this.client, this.sc, Math.min(this.opts.timeoutMs, LOGOUT_TIMEOUT_MS));
      } catch {
        // The server may be gone; the session then expires on its own.
      }
      this.loggedIn = false;
    }
    this.client.close();
  }

  /** One sample, logging in again once on NotAuthenticated and re-reading once on a vanished VM. */
  private async poll(): Promise<Sample> {
    try {
      let relogged = false;
      let reread = false;
      for (;;) {
        try {
          if (!this.loggedIn) await this.startSession();
          const sample = await this.collect();
          this.lastGood = sample.sample;
          const notes = sample.notes.length > 0 ? `; ${sample.notes.join(', ')}` : '';
          this.reconnect.succeeded(`connected to ${this.opts.url.host}${this.target?.name ? ` (${this.target.name})` : ''}${notes}`, sample.sample.time, sample.notes.join(', '));
          return sample.sample;
        } catch (err) {
          // vcsim answers a request of a terminated session as an anonymous one: our
          // container view is then "not found". A real server says NotAuthenticated.
          const viewGone = isVsphereError(err, 'not-found') && this.view !== null && err.object === `${this.view.type}:${this.view.value}`;
          if ((isVsphereError(err, 'session') || viewGone) && !relogged) {
            relogged = true;
            this.loggedIn = false;
            continue;
          }
          if (isVsphereError(err, 'not-found') && !reread) {
            reread = true;
            continue;
          }
          throw err;
        }
      }
    } catch (err) {
      if (isVsphereError(err) && err.kind === 'session') this.loggedIn = false;
      throw err;
    }
  }

  private async startSession(): Promise<void> {
    this.reconnect.attempting();
    if (!this.sc) {
      await negotiateVersion(this.client);
      this.sc = await retrieveServiceContent(this.client);
    }
    await login(this.client, this.sc, this.opts.user, this.opts.password);
    this.loggedIn = true;
    if (this.keys.size === 0) {
      this.keys = await readPerfCounters(this.client, this.sc);
      this.mapping = new LiveMapping(this.keys);
      for (const name of COUNTER_NAMES) {
        if (!this.keys.has(name)) this.warn.add(`counter:${name}`, `${this.opts.url.host} has no performance counter ${name}: what comes from it shows '-'`);
      }
    }
    if (!this.target) this.target = await resolveTarget(this.client, this.sc, this.opts.target);
    this.view = await createContainerView(this.client, this.sc, this.target.container, this.target.viewTypes, this.target.recursive);
  }

  private async collect(): Promise<{ sample: Sample; notes: string[] }> {
    const sc = this.sc as ServiceContent;
    const target = this.target as Target;
    const mapping = this.mapping as LiveMapping;
    const objects = await retrieveProperties(
      this.client,
      sc,
      { props: { VirtualMachine: VM_PROPERTIES, HostSystem: HOST_PROPERTIES }, view: this.view as MoRef, objects: target.hosts },
      this.opts.pageSize ?? PAGE_SIZE,
    );
    const hosts: ObjectContent[] = [];
    const onHosts: ObjectContent[] = [];
    for (const o of objects) {
      if (o.obj.type === 'HostSystem') hosts.push(o);
      else if (o.obj.type === 'VirtualMachine' && o.props.get('runtime.powerState')?.text === 'poweredOn') onHosts.push(o);
    }
    // A host vCenter cannot reach has no counters (QueryPerf would fail for all): its VMs and it are left out of the query.
    const unreachable = new Set(hosts.filter((h) => connectionOf(h) !== 'connected').map((h) => h.obj.value));
    const reachable = (vm: ObjectContent) => !unreachable.has(vm.props.get('runtime.host')?.text ?? '');
    const vms = onHosts;
    await this.readConfigs(vms);
    const queries: PerfQuery[] = [
      ...vms.filter(reachable).map((v) => ({ entity: v.obj, counterKeys: mapping.vmCounterKeys })),
      ...hosts.filter((h) => !unreachable.has(h.obj.value)).map((h) => ({ entity: h.obj, counterKeys: mapping.hostCounterKeys })),
    ];
    const perf = await queryPerf(this.client, sc, queries, this.perfRequests);
    const groups = vms.map((v) => mapping.vmGroup(v, perf, (ref) => this.vmConfigs.maxMemctl(ref)));
    groups.sort((a, b) => a.name.localeCompare(b.name) || a.gid - b.gid);
    const time = Date.now();
    const host = mapping.hostHeader(hosts, vms, groups, perf, target.name, this.overcommit, time);
    return { sample: { time, host, groups }, notes: hostNotes(hosts) };
  }

  /** Reads `config.extraConfig` of the VMs that are new or were reconfigured since it was last read. */
  private async readConfigs(vms: readonly ObjectContent[]): Promise<void> {
    this.vmConfigs.keepOnly(vms);
    const stale = this.vmConfigs.stale(vms);
    if (stale.length === 0) return;
    const read = await retrieveProperties(this.client, this.sc as ServiceContent, { props: { VirtualMachine: ['config.changeVersion', EXTRA_CONFIG] }, objects: stale }, CONFIG_PAGE_SIZE);
    this.vmConfigs.learn(read);
  }
}

function connectionOf(host: ObjectContent): string {
  return host.props.get('runtime.connectionState')?.text.trim() || 'connected';
}

/** What the status line says about the watched hosts beyond being connected: maintenance mode, a host vCenter lost. */
function hostNotes(hosts: readonly ObjectContent[]): string[] {
  const notes: string[] = [];
  for (const h of hosts) {
    const name = h.props.get('name')?.text ?? h.obj.value;
    const connection = connectionOf(h);
    if (connection !== 'connected') notes.push(`${name} ${connection === 'notResponding' ? 'not responding' : connection}`);
    if (h.props.get('runtime.inMaintenanceMode')?.text.trim() === 'true') notes.push(`${name} in maintenance mode`);
  }
  return notes;
}
