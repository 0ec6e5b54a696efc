/**
 * The handful of vSphere API calls balloontop needs, typed: version
 * negotiation, service content, login/logout, container views, paged
 * property reads, the performance counter catalogue and one batched QueryPerf.
 */
import { PerfAnswerReader, PerfValues } from './perf-reader';
import { PropertyPageReader, type ObjectContent } from './property-reader';
import { moRefOf, moRefXml, type MoRef, type SoapClient } from './soap-client';
import { VsphereError } from './vsphere-error';
import { child, childrenNamed, escapeXml, textAt, type XmlElement } from './xml';

/** Used when the server has no /sdk/vimServiceVersions.xml (very old hosts). */
const FALLBACK_API_VERSION = '6.0';

export interface ServiceContent {
  rootFolder: MoRef;
  propertyCollector: MoRef;
  viewManager: MoRef;
  sessionManager: MoRef;
  perfManager: MoRef;
  /** `HostAgent` for ESXi, `VirtualCenter` for vCenter. */
  apiType: string;
  fullName: string;
  apiVersion: string;
}

const SERVICE_INSTANCE: MoRef = { type: 'ServiceInstance', value: 'ServiceInstance' };

/** The API version the server speaks (from `/sdk/vimServiceVersions.xml`), set as the SOAPAction. */
export async function negotiateVersion(client: SoapClient): Promise<string> {
  const doc = await client.getDocument('vimServiceVersions.xml');
  let version = FALLBACK_API_VERSION;
  if (doc) {
    const ns = childrenNamed(doc, 'namespace').find((n) => textAt(n, 'name')?.trim() === 'urn:vim25');
    const v = textAt(ns, 'version')?.trim();
    if (!v || !/^[0-9][0-9A-Za-z.]*$/.test(v)) throw new VsphereError('protocol', `${client.url.host}: vimServiceVersions.xml names no urn:vim25 version`);
    version = v;
  }
  client.soapAction = `urn:vim25/${version}`;
  return version;
}

function requireRef(el: XmlElement | undefined, what: string, client: SoapClient): MoRef {
  const ref = moRefOf(el);
  if (!ref) throw new VsphereError('protocol', `${client.url.host}: the service content has no ${what}`);
  return ref;
}

export async function retrieveServiceContent(client: SoapClient): Promise<ServiceContent> {
  const res = await client.call('RetrieveServiceContent', SERVICE_INSTANCE);
  const rv = child(res, 'returnval');
  return {
    rootFolder: requireRef(child(rv, 'rootFolder'), 'rootFolder', client),
    propertyCollector: requireRef(child(rv, 'propertyCollector'), 'propertyCollector', client),
    viewManager: requireRef(child(rv, 'viewManager'), 'viewManager', client),
    sessionManager: requireRef(child(rv, 'sessionManager'), 'sessionManager', client),
    perfManager: requireRef(child(rv, 'perfManager'), 'perfManager', client),
    apiType: textAt(rv, 'about', 'apiType') ?? '',
    fullName: textAt(rv, 'about', 'fullName') ?? '',
    apiVersion: textAt(rv, 'about', 'apiVersion') ?? '',
  };
}

export async function login(client: SoapClient, sc: ServiceContent, user: string, password: string): Promise<void> {
  client.forgetSession();
  await client.call('Login', sc.sessionManager, `<userName>${escapeXml(user)}</userName><password>${escapeXml(password)}</password>`);
}

export async function logout(client: SoapClient, sc: ServiceContent, timeoutMs?: number): Promise<void> {
  await client.call('Logout', sc.sessionManager, '', timeoutMs);
  client.forgetSession();
}

export async function createContainerView(client: SoapClient, sc: ServiceContent, container: MoRef, types: string[], recursive: boolean): Promise<MoRef> {
  const res = await client.call(
    'CreateContainerView',
    sc.viewManager,
    `${moRefXml('container', container)}${types.map((t) => `<type>${escapeXml(t)}</type>`).join('')}<recursive>${recursive}</recursive>`,
  );
  const ref = moRefOf(child(res, 'returnval'));
  if (!ref) throw new VsphereError('protocol', `${client.url.host}: CreateContainerView returned no view`);
  return ref;
}

/** What to read: properties per managed object type, from the objects of a view and/or single objects. */
interface PropertyQuery {
  props: Record<string, readonly string[]>;
  /** Objects of a container view (the view itself is skipped). */
  view?: MoRef;
  /** Single objects read directly. */
  objects?: MoRef[];
}

function propertySpecXml(q: PropertyQuery): string {
  let xml = '';
  for (const [type, paths] of Object.entries(q.props)) {
    xml += `<propSet><type>${escapeXml(type)}</type><all>false</all>${paths.map((p) => `<pathSet>${escapeXml(p)}</pathSet>`).join('')}</propSet>`;
  }
  if (q.view) {
    xml +=
      `<objectSet>${moRefXml('obj', q.view)}<skip>true</skip>` +
      '<selectSet xsi:type="TraversalSpec"><name>traverseView</name><type>ContainerView</type><path>view</path><skip>false</skip></selectSet></objectSet>';
  }
  for (const o of q.objects ?? []) xml += `<objectSet>${moRefXml('obj', o)}<skip>false</skip></objectSet>`;
  return `<specSet>${xml}</specSet>`;
}

/** RetrievePropertiesEx, following `token` with ContinueRetrievePropertiesEx until the last page. */
export async function retrieveProperties(client: SoapClient, sc: ServiceContent, q: PropertyQuery, maxObjects?: number): Promise<ObjectContent[]> {
  const options = maxObjects ? `<options><maxObjects>${maxObjects}</maxObjects></options>` : '<options/>';
  let page = await client.read('RetrievePropertiesEx', sc.propertyCollector, propertySpecXml(q) + options, new PropertyPageReader());
  const out = page.objects;
  for (let pages = 0; page.token; pages++) {
    if (pages > 100000) throw new VsphereError('protocol', `${client.url.host}: ContinueRetrievePropertiesEx never ends`);
    page = await client.read('ContinueRetrievePropertiesEx', sc.propertyCollector, `<token>${escapeXml(page.token)}</token>`, new PropertyPageReader());
    for (const o of page.objects) out.push(o);
  }
  return out;
}

/**
 * Performance counter keys by name (`mem.vmmemctl.average`), from the
 * PerformanceManager's `perfCounter` property (QueryPerfCounter crashes vcsim,
 * and the property gives the whole catalogue in one call).
 */
export async function readPerfCounters(client: SoapClient, sc: ServiceContent): Promise<Map<string, number>> {
  const [content] = await retrieveProperties(client, sc, { props: { PerformanceManager: ['perfCounter'] }, objects: [sc.perfManager] });
  const keys = new Map<string, number>();
  for (const info of content?.props.get('perfCounter')?.children ?? []) {
    const key = Number(textAt(info, 'key'));
    const group = textAt(info, 'groupInfo', 'key');
    const name = textAt(info, 'nameInfo', 'key');
    const rollup = textAt(info, 'rollupType');
    if (Number.isInteger(key) && group && name && rollup) keys.set(`${group}.${name}.${rollup}`, key);
  }
  if (keys.size === 0) throw new VsphereError('protocol', `${client.url.host}: the performance manager lists no counters`);
  return keys;
}

export interface PerfQuery {
  entity: MoRef;
  counterKeys: readonly number[];
}

/** Entities per QueryPerf call: keeps each answer a few MB (2,000 entities x 30 counters is about 6 MB). */
const PERF_ENTITIES_PER_CALL = 2000;

/**
 * The bodies of the QueryPerf calls of a poll (realtime interval, 20 s; one
 * sample; the aggregate instance), kept while the entities and their counters
 * stay the same: a poll of 1,000 VMs sends about 1.3 MB, the same every time.
 */
export class PerfRequests {
  private key = '';
  private bodies: string[] = [];
  private slots = new Map<number, number>();

  prepare(queries: readonly PerfQuery[]): { bodies: readonly string[]; slots: ReadonlyMap<number, number> } {
    const lists = new Map<readonly number[], number>();
    let key = '';
    for (const q of queries) {
      let list = lists.get(q.counterKeys);
      if (list === undefined) lists.set(q.counterKeys, (list = lists.size));
      key += `${q.entity.type}:${q.entity.value}:${list},`;
    }
    if (key !== this.key) {
      this.key = key;
      this.slots = new Map();
      const metrics = new Map<readonly number[], string>();
      for (const keys of lists.keys()) {
        for (const k of keys) if (!this.slots.has(k)) this.slots.set(k, this.slots.size);
        metrics.set(keys, keys.map((k) => `<metricId><counterId>${k}</counterId><instance></instance></metricId>`).join(''));
      }
      this.bodies = [];
      for (let start = 0; start < queries.length; start += PERF_ENTITIES_PER_CALL) {
        const parts = queries
          .slice(start, start + PERF_ENTITIES_PER_CALL)
          .map((q) => `<querySpec>${moRefXml('entity', q.entity)}<maxSample>1</maxSample>${metrics.get(q.counterKeys) ?? ''}<intervalId>20</intervalId></querySpec>`);
        this.bodies.push(parts.join(''));
      }
    }
    return { bodies: this.bodies, slots: this.slots };
  }
}

/** The latest value of each counter of each entity: one QueryPerf per 2,000 entities, each answer read as it streams. */
export async function queryPerf(client: SoapClient, sc: ServiceContent, queries: readonly PerfQuery[], requests = new PerfRequests()): Promise<PerfValues> {
  const { bodies, slots } = requests.prepare(queries);
  const out = new PerfValues(slots);
  for (const body of bodies) await client.read('QueryPerf', sc.perfManager, body, new PerfAnswerReader(out));
  return out;
}
