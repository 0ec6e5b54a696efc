/**
 * A small, tolerant XML reader for vSphere SOAP answers.
 *
 * Elements are named by their local name (prefixes dropped). Attributes keep
 * their local name too, except the schema-instance type, which both real
 * servers (`xsi:type`) and vcsim (`XMLSchema-instance:type`) send: it is
 * stored as `xsi:type` (value without prefix) so that it cannot collide with
 * a managed object reference's own `type` attribute. Namespace declarations
 * are dropped. Entities (named and numeric), CDATA, comments, processing
 * instructions and a DOCTYPE are handled. Anything malformed throws XmlError.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlError';
  }
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** Whitespace, '/', '>' or '=' end a name (char codes: faster than a regex per character). */
function isNameEnd(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 47 || c === 62 || c === 61;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

export function parseXml(src: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const qnames: string[] = [];
  let i = 0;
  const n = src.length;
  if (src.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const text = src.slice(i, textEnd);
      if (stack.length === 1) {
        if (text.trim() !== '') throw new XmlError('text outside the root element', i);
      } else stack[stack.length - 1].text += decodeEntities(text);
    }
    if (lt < 0) break;
    i = lt;
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i + 4);
      if (end < 0) throw new XmlError('unterminated comment', i);
      i = end + 3;
    } else if (src.startsWith('<![CDATA[', i)) {
      const end = src.indexOf(']]>', i + 9);
      if (end < 0) throw new XmlError('unterminated CDATA section', i);
      if (stack.length === 1) throw new XmlError('CDATA outside the root element', i);
      stack[stack.length - 1].text += src.slice(i + 9, end);
      i = end + 3;
    } else if (src.startsWith('<?', i)) {
      const end = src.indexOf('?>', i + 2);
      if (end < 0) throw new XmlError('unterminated processing instruction', i);
      i = end + 2;
    } else if (src.startsWith('<!', i)) {
      const end = src.indexOf('>', i + 2);
      if (end < 0) throw new XmlError('unterminated declaration', i);
      i = end + 1;
    } else if (src[i + 1] === '/') {
      const end = src.indexOf('>', i + 2);
      if (end < 0) throw new XmlError('unterminated end tag', i);
      const qname = src.slice(i + 2, end).trim();
      const open = qnames.pop();
      if (open === undefined) throw new XmlError(`end tag </${qname}> without a start tag`, i);
      if (open !== qname) throw new XmlError(`end tag </${qname}> does not match <${open}>`, i);
      stack.pop();
      i = end + 1;
    } else {
      i = parseStartTag(src, i, stack, qnames);
    }
  }
  if (qnames.length > 0) throw new XmlError(`element <${qnames[qnames.length - 1]}> is not closed`, n);
  const [doc, ...more] = root.children;
  if (!doc) throw new XmlError('no root element', 0);
  if (more.length > 0) throw new XmlError('more than one root element', n);
  return doc;
}

function parseStartTag(src: string, start: number, stack: XmlElement[], qnames: string[]): number {
  let i = start + 1;
  const n = src.length;
  while (i < n && !isNameEnd(src.charCodeAt(i))) i++;
  const qname = src.slice(start + 1, i);
  if (qname === '') throw new XmlError('empty tag name', start);
  const el: XmlElement = { name: localName(qname), attrs: {}, children: [], text: '' };
  for (;;) {
    while (i < n && isSpace(src.charCodeAt(i))) i++;
    if (i >= n) throw new XmlError(`unterminated start tag <${qname}>`, start);
    if (src[i] === '>') {
      i++;
      break;
    }
    if (src[i] === '/' && src[i + 1] === '>') {
      i += 2;
      if (stack.length === 1 && stack[0].children.length > 0) throw new XmlError('more than one root element', start);
      stack[stack.length - 1].children.push(el);
      return i;
    }
    const nameStart = i;
    while (i < n && !isNameEnd(src.charCodeAt(i))) i++;
    const attr = src.slice(nameStart, i);
    if (attr === '') throw new XmlError(`bad attribute in <${qname}>`, i);
    while (i < n && isSpace(src.charCodeAt(i))) i++;
    if (src[i] !== '=') throw new XmlError(`attribute ${attr} of <${qname}> has no value`, i);
    i++;
    while (i < n && isSpace(src.charCodeAt(i))) i++;
    const quote = src[i];
    if (quote !== '"' && quote !== "'") throw new XmlError(`attribute ${attr} of <${qname}> is not quoted`, i);
    const end = src.indexOf(quote, i + 1);
    if (end < 0) throw new XmlError(`unterminated attribute ${attr} of <${qname}>`, i);
    setAttr(el, attr, decodeEntities(src.slice(i + 1, end)));
    i = end + 1;
  }
  if (stack.length === 1 && stack[0].children.length > 0) throw new XmlError('more than one root element', start);
  stack[stack.length - 1].children.push(el);
  stack.push(el);
  qnames.push(qname);
  return i;
}

function setAttr(el: XmlElement, qname: string, value: string): void {
  if (qname === 'xmlns' || qname.startsWith('xmlns:')) return;
  const colon = qname.indexOf(':');
  if (colon < 0) {
    el.attrs[qname] = value;
    return;
  }
  const local = qname.slice(colon + 1);
  // xsi:type, XMLSchema-instance:type, or any other prefix bound to the schema-instance namespace.
  if (local === 'type') el.attrs['xsi:type'] = localName(value);
  else el.attrs[local] = value;
}

// ---- reading helpers -------------------------------------------------------

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** The element at a path of child names (`['Body', 'Fault']`), or undefined. */
export function at(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let cur = el;
  for (const p of path) cur = child(cur, p);
  return cur;
}

export function textAt(el: XmlElement | undefined, ...path: string[]): string | undefined {
  return at(el, ...path)?.text;
}
