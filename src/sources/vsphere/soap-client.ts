/**
 * SOAP over HTTP(S) to a vSphere endpoint (`POST /sdk`), with nothing but
 * node:http and node:https: envelopes, the session cookie, timeouts, TLS
 * options, and turning every failure into a one-line VsphereError.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { rootCertificates } from 'node:tls';
import { StringDecoder } from 'node:string_decoder';
import { projectVersion } from '../../project';
import { VsphereError } from './vsphere-error';
import { at, escapeXml, textAt, TreeReader, XmlError, XmlLimitError, XmlStream, type ElementReader, type KeepBudget, type StartTag, type XmlElement } from './xml';
import { safeExcerpt, safeText } from '../../text/safe-text';
import { stripUserInfo } from './endpoint';

export interface MoRef {
  type: string;
  value: string;
}

export interface TlsOptions {
  /** Do not verify the server certificate (`--insecure`). */
  insecure: boolean;
  /** Extra trusted CA certificates (PEM), added to Node's bundled roots (`--ca FILE`). */
  ca: string[];
}

interface SoapClientOptions {
  /** The SDK endpoint, e.g. https://esxi01/sdk, without credentials. */
  url: URL;
  tls: TlsOptions;
  /** Per-request timeout. */
  timeoutMs: number;
}

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
/** Upper bound for one answer, read as it streams (never held whole); the largest real ones are a few MB. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Characters looked at to tell an XML answer from anything else (an HTML error page, garbage). */
const SNIFF_CHARS = 200;
/** Characters kept of an answer that is not XML, for the message. */
const HEAD_CHARS = 4096;

export function moRefXml(tag: string, ref: MoRef): string {
  return `<${tag} type="${escapeXml(ref.type)}">${escapeXml(ref.value)}</${tag}>`;
}

export function moRefOf(el: XmlElement | undefined): MoRef | null {
  if (!el) return null;
  const type = el.attrs.type ?? el.attrs['xsi:type'];
  if (!type || el.text === '') return null;
  return { type, value: el.text };
}

/** Reads the `<methodResponse>` element's content as it streams in, and gives what it made of it. */
export interface ResponseReader<T> extends ElementReader {
  result(): T;
}

/**
 * The SOAP body of an answer: the `<methodResponse>` goes to the caller's
 * reader, a `Fault` is kept as a tree, anything else is skipped.
 */
class SoapBodyReader implements ElementReader {
  fault: TreeReader | null = null;
  responded = false;

  constructor(
    private readonly responseName: string,
    private readonly response: (tag: StartTag) => ElementReader,
  ) {}

  open(name: string, tag: StartTag, budget: KeepBudget): ElementReader | null {
    if (name === this.responseName) {
      this.responded = true;
      return this.response(tag);
    }
    if (name === 'Fault') {
      budget.take();
      this.fault = new TreeReader(name, tag);
      return this.fault;
    }
    return null;
  }
  text(): void {
    // Whitespace between the body's children.
  }
  close(): void {
    // Complete.
  }
}

/** The envelope: only its Body is read (a Header is skipped). */
function envelopeReader(body: SoapBodyReader): ElementReader {
  return { open: (name) => (name === 'Body' ? body : null), text: () => undefined, close: () => undefined };
}

/** An answer to `method` as a stream: its `<methodResponse>` goes to `response`, a fault is kept (`body.fault`). */
export function answerStream(method: string, response: (tag: StartTag) => ElementReader): { stream: XmlStream; body: SoapBodyReader } {
  const body = new SoapBodyReader(`${method}Response`, response);
  return { stream: new XmlStream((name) => (name === 'Envelope' ? envelopeReader(body) : null)), body };
}

/** An answer's status line and, for a body that is not XML, its first characters. */
interface Answer {
  status: number;
  statusText: string;
  location: string | null;
  /** The body looked like XML and was read as it came. */
  xml: boolean;
  /** The first characters of a body that is not XML (for the message). */
  head: string;
}

/** How a body is consumed: an XML stream when it looks like XML, else only its head is kept. */
type BodySink = (status: number, first: string) => XmlStream | null;

export class SoapClient {
  readonly url: URL;
  /** HTTP requests sent so far (the benchmark and tests count them). */
  requests = 0;
  /** Bytes of answers received so far. */
  bytesReceived = 0;
  /** `urn:vim25/<version>`, set after version negotiation. */
  soapAction = 'urn:vim25';
  private cookie: string | null = null;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  private readonly where: string;
  private readonly userAgent = `balloontop/${projectVersion()}`;

  constructor(opts: SoapClientOptions) {
    this.url = opts.url;
    this.timeoutMs = opts.timeoutMs;
    this.where = opts.url.host;
    if (opts.url.protocol === 'https:') {
      this.agent = new https.Agent({
        keepAlive: true,
        maxSockets: 2,
        rejectUnauthorized: !opts.tls.insecure,
        ca: opts.tls.ca.length > 0 ? [...rootCertificates, ...opts.tls.ca] : undefined,
      });
    } else {
      this.agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    }
  }

  get hasSession(): boolean {
    return this.cookie !== null;
  }

  forgetSession(): void {
    this.cookie = null;
  }

  close(): void {
    this.agent.destroy();
  }

  /** GET a document under the endpoint (`vimServiceVersions.xml`); null on HTTP 404. */
  async getDocument(path: string): Promise<XmlElement | null> {
    const u = new URL(path, this.url.href.endsWith('/') ? this.url.href : this.url.href + '/');
    const doc: { root?: TreeReader } = {};
    const res = await this.send('GET', u, null, {}, this.timeoutMs, u.pathname, (status) =>
      status === 200 ? new XmlStream((name, tag) => (doc.root = new TreeReader(name, tag))) : null,
    );
    if (res.status === 404) return null;
    if (res.status !== 200) throw new VsphereError('http', `${this.where}: HTTP ${res.status} for ${u.pathname}`);
    if (!res.xml || !doc.root) throw new VsphereError('protocol', `${this.where}: malformed XML in the answer to ${u.pathname}: no root element`);
    return doc.root.element;
  }

  /**
   * Call a method: `<method><_this>...</_this>{body}</method>`. Returns the
   * `<methodResponse>` element; throws VsphereError for faults and failures.
   */
  async call(method: string, self: MoRef, body = '', timeoutMs = this.timeoutMs): Promise<XmlElement> {
    const response: { tree?: TreeReader } = {};
    await this.exchange(method, self, body, timeoutMs, (tag) => (response.tree = new TreeReader(`${method}Response`, tag)));
    return (response.tree as TreeReader).element;
  }

  /**
   * Call a method and read its `<methodResponse>` with `reader` as it streams
   * in (the large answers: property pages, QueryPerf).
   */
  async read<T>(method: string, self: MoRef, body: string, reader: ResponseReader<T>, timeoutMs = this.timeoutMs): Promise<T> {
    await this.exchange(method, self, body, timeoutMs, () => reader);
    return reader.result();
  }

  private async exchange(method: string, self: MoRef, body: string, timeoutMs: number, response: (tag: StartTag) => ElementReader): Promise<void> {
    const envelope =
      '<?xml version="1.0" encoding="UTF-8"?>' +
      `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      `<soapenv:Body><${method} xmlns="urn:vim25">${moRefXml('_this', self)}${body}</${method}></soapenv:Body></soapenv:Envelope>`;
    const headers: Record<string, string> = {
      'Content-Type': 'text/xml; charset="utf-8"',
      SOAPAction: `"${this.soapAction}"`,
    };
    if (this.cookie) headers.Cookie = this.cookie;
    const answer = answerStream(method, response);
    const soap = answer.body;
    const res = await this.send('POST', this.url, envelope, headers, timeoutMs, method, (_status, first) => (/^\s*(<\?xml|<[A-Za-z_:]+Envelope)/.test(first) ? answer.stream : null));
    if (!res.xml) {
      if (res.status >= 300 && res.status < 400 && res.location) {
        throw new VsphereError('http', `${this.where}: HTTP ${res.status} redirect to ${safeExcerpt(stripUserInfo(res.location), 200)}: use that URL`);
      }
      if (res.status !== 200) throw new VsphereError('http', `${this.where}: HTTP ${res.status}${res.statusText ? ' ' + safeExcerpt(res.statusText, 100) : ''} from ${this.url.pathname} (${method})`);
      throw new VsphereError('protocol', `${this.where}: the answer to ${method} is not the vSphere API (${describeBody(res.head)})`);
    }
    if (soap.fault) throw faultError(this.where, method, soap.fault.element);
    if (res.status !== 200) throw new VsphereError('http', `${this.where}: HTTP ${res.status} from ${this.url.pathname} (${method})`);
    if (!soap.responded) throw new VsphereError('protocol', `${this.where}: the answer to ${method} has no ${method}Response`);
  }

  private send(method: string, u: URL, body: string | null, headers: Record<string, string>, timeoutMs: number, what: string, bodySink: BodySink): Promise<Answer> {
    this.requests++;
    const lib = u.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      let settled = false;
      // A whole-request deadline: the socket timeout alone lets a trickling server hold a poll forever.
      const deadline = setTimeout(() => {
        fail(new VsphereError('timeout', `${this.where}: no answer in ${formatSeconds(timeoutMs)}`));
        req.destroy();
      }, timeoutMs);
      const fail = (err: VsphereError) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        reject(err);
      };
      const allHeaders: Record<string, string> = { 'User-Agent': this.userAgent, ...headers };
      if (body !== null) allHeaders['Content-Length'] = String(Buffer.byteLength(body));
      const req = lib.request(u, { method, agent: this.agent, headers: allHeaders }, (res) => {
        const status = res.statusCode ?? 0;
        const decoder = new StringDecoder('utf8');
        let size = 0;
        let first = '';
        let xml: XmlStream | null = null;
        let decided = false;
        let head = '';
        const feed = (text: string, last: boolean) => {
          if (!decided) {
            first += text;
            if (first.length < SNIFF_CHARS && !last) return;
            decided = true;
            xml = bodySink(status, first);
            text = first;
          }
          if (xml) xml.write(text);
          else if (head.length < HEAD_CHARS) head += text.slice(0, HEAD_CHARS - head.length);
        };
        const stop = (err: unknown) => {
          req.destroy();
          fail(xmlFailure(this.where, what, err));
        };
        res.on('data', (d: Buffer) => {
          if (settled) return;
          size += d.length;
          if (size > MAX_RESPONSE_BYTES) {
            stop(new XmlLimitError(`larger than ${MAX_RESPONSE_BYTES >> 20} MB`));
            return;
          }
          try {
            feed(decoder.write(d), false);
          } catch (err) {
            stop(err);
          }
        });
        res.on('error', (err) => fail(transportError(this.where, err, timeoutMs)));
        res.on('end', () => {
          if (settled) return;
          try {
            feed(decoder.end(), true);
            (xml)?.end();
          } catch (err) {
            stop(err);
            return;
          }
          this.takeCookie(res.headers['set-cookie']);
          this.bytesReceived += size;
          settled = true;
          clearTimeout(deadline);
          const location = res.headers.location ?? null;
          resolve({ status, statusText: res.statusMessage ?? '', location, xml: xml !== null, head });
        });
      });
      req.on('error', (err) => fail(transportError(this.where, err, timeoutMs)));
      req.end(body ?? undefined);
    });
  }

  /** Keep `vmware_soap_session` exactly as sent (quotes included), from any answer. */
  private takeCookie(setCookie: string[] | undefined): void {
    for (const c of setCookie ?? []) {
      const pair = c.split(';', 1)[0].trim();
      if (pair.startsWith('vmware_soap_session=')) this.cookie = pair;
    }
  }
}

/** What reading an answer's XML ran into, as one line naming the host and the method. */
function xmlFailure(where: string, what: string, err: unknown): VsphereError {
  if (err instanceof XmlLimitError) return new VsphereError('protocol', `${where}: the answer to ${what} is too large (${safeExcerpt(err.message, 200)}): refused`);
  if (err instanceof XmlError) return new VsphereError('protocol', `${where}: malformed XML in the answer to ${what}: ${safeExcerpt(err.message, 200)}`);
  if (err instanceof VsphereError) return err;
  throw err;
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function describeBody(body: string): string {
  const t = safeText(body.slice(0, 400).replace(/[\x00-\x1f\x7f]+/g, ' ')).trim();
  if (t === '') return 'an empty answer';
  return `starts with ${JSON.stringify(t.slice(0, 40))}`;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function transportError(where: string, err: Error, timeoutMs: number): VsphereError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (TLS_CODES.has(code)) {
    return new VsphereError('tls', `${where}: TLS certificate not trusted (${code}): give the host's CA with --ca FILE, or --insecure to skip verification`);
  }
  if (code === 'EPROTO' || /ssl|tls/i.test(code) || /wrong version number|ssl3_get_record|packet length too long/i.test(err.message)) {
    return new VsphereError('tls', `${where}: TLS handshake failed (${code || err.message}): is this an https endpoint?`);
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new VsphereError('network', `${where}: connection refused (is the host up and the port right?)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new VsphereError('network', `${where}: host name not found`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new VsphereError('network', `${where}: host unreachable`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new VsphereError('network', `${where}: connection closed by the server`);
    case 'ETIMEDOUT':
      return new VsphereError('timeout', `${where}: no answer in ${formatSeconds(timeoutMs)}`);
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_VERSION':
    case 'HPE_INVALID_HEADER_TOKEN':
      return new VsphereError('protocol', `${where}: the server does not speak HTTP (${code})`);
  }
  return new VsphereError('network', `${where}: ${code ? code + ': ' : ''}${err.message}`);
}

function faultError(where: string, method: string, fault: XmlElement): VsphereError {
  const detail = at(fault, 'detail');
  const first = detail?.children[0];
  // The server's words go into a message the terminal shows: a type is a name or nothing, a fault string is made safe and short.
  const rawType = first ? (first.attrs['xsi:type'] ?? first.name.replace(/Fault$/, '')) : null;
  const type = rawType !== null && /^[A-Za-z_][\w.:-]{0,99}$/.test(rawType) ? rawType : rawType === null ? null : 'fault';
  const text = safeExcerpt((textAt(fault, 'faultstring') ?? '').replace(/\s+/g, ' ').trim(), 300);
  const what = `${where}: ${method} failed: ${type ?? 'fault'}${text ? ` (${text})` : ''}`;
  switch (type) {
    case 'InvalidLogin':
      return new VsphereError('auth', `${where}: login refused: wrong user name or password (InvalidLogin)`, type);
    case 'NotAuthenticated':
      return new VsphereError('session', `${where}: the session has expired or was closed (NotAuthenticated)`, type);
    case 'ManagedObjectNotFound': {
      const obj = moRefOf(at(first, 'obj'));
      return new VsphereError('not-found', what, type, obj ? `${obj.type}:${obj.value}` : null);
    }
    default:
      return new VsphereError('fault', what, type);
  }
}
