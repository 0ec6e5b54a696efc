/**
 * The handful of vSphere API calls balloontop needs, typed: version
 * negotiation, service content, login/logout, container views, paged
 * property reads, the performance counter catalogue and one batched QueryPerf.
 */
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

export interface ObjectContent {
  obj: MoRef;
  /** Property path to its `<val>` element. Unset properties are absent. */
  props: Map<string, XmlElement>;
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

function parseObjects(rv: XmlElement | undefined, out: ObjectContent[]): string | null {
  for (const o of childrenNamed(rv, 'objects')) {
    const obj = moRefOf(child(o, 'obj'));
    if (!obj) continue;
    const props = new Map<string, XmlElement>();
    for (const p of childrenNamed(o, 'propSet')) {
      const name = textAt(p, 'name');
      const val = child(p, 'val');
      if (name && val) props.set(name, val);
    }
    out.push({ obj, props });
  }
  return textAt(rv, 'token') ?? null;
}

/** RetrievePropertiesEx, following `token` with ContinueRetrievePropertiesEx until the last page. */
export async function retrieveProperties(client: SoapClient, sc: ServiceContent, q: PropertyQuery, maxObjects?: number): Promise<ObjectContent[]> {
  const out: ObjectContent[] = [];
  const options = maxObjects ? `<options><maxObjects>${maxObjects}</maxObjects></options>` : '<options/>';
  const res = await client.call('RetrievePropertiesEx', sc.propertyCollector, propertySpecXml(q) + options);
  let token = parseObjects(child(res, 'returnval'), out);
  for (let pages = 0; token; pages++) {
    if (pages > 100000) throw new VsphereError('protocol', `${client.url.host}: ContinueRetrievePropertiesEx never ends`);
    const more = await client.call('ContinueRetrievePropertiesEx', sc.propertyCollector, `<token>${escapeXml(token)}</token>`);
    token = parseObjects(child(more, 'returnval'), out);
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

/** Latest value per entity and counter key; null when the server has no data (-1 or no series). */
export type PerfValues = Map<string, Map<number, number | null>>;

/**
 * One QueryPerf for every entity: realtime interval (20 s), one sample, the
 * aggregate instance. Values come newest first on vcsim and oldest first on
 * real servers, so the newest sample is picked by timestamp. vcsim drops zero
 * values from `<value>` lists: a series with sample info and no values is 0.
 */
export async function queryPerf(client: SoapClient, sc: ServiceContent, queries: readonly PerfQuery[]): Promise<PerfValues> {
  const out: PerfValues = new Map();
  if (queries.length === 0) return out;
  let body = '';
  for (const q of queries) {
    body += `<querySpec>${moRefXml('entity', q.entity)}<maxSample>1</maxSample>`;
    for (const k of q.counterKeys) body += `<metricId><counterId>${k}</counterId><instance></instance></metricId>`;
    body += '<intervalId>20</intervalId></querySpec>';
  }
  const res = await client.call('QueryPerf', sc.perfManager, body);
  for (const rv of childrenNamed(res, 'returnval')) {
    const entity = moRefOf(child(rv, 'entity'));
    if (!entity) continue;
    const times = childrenNamed(rv, 'sampleInfo').map((s) => Date.parse(textAt(s, 'timestamp') ?? ''));
    let newest = 0;
    for (let i = 1; i < times.length; i++) if (times[i] > times[newest]) newest = i;
    const values = new Map<number, number | null>();
    for (const series of childrenNamed(rv, 'value')) {
      const key = Number(textAt(series, 'id', 'counterId'));
      const instance = textAt(series, 'id', 'instance') ?? '';
      if (!Number.isInteger(key) || instance !== '') continue;
      const raw = childrenNamed(series, 'value').map((v) => Number(v.text));
      let v: number | null;
      if (raw.length === 0) v = times.length > 0 ? 0 : null;
      else v = raw.length === times.length ? raw[newest] : raw[raw.length - 1];
      if (v === null || !Number.isFinite(v) || v < 0) v = null; // -1: the server has no data
      values.set(key, v);
    }
    out.set(entity.value, values);
  }
  return out;
}

export function numberVal(el: XmlElement | undefined): number | null {
  if (!el) return null;
  const t = el.text.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

