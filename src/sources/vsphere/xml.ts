/**
 * Reading vSphere SOAP answers as they stream in, within bounds.
 *
 * The XML itself is parsed by saxes, a maintained, strict, streaming parser.
 * Measured on real answers of vcsim with 1,000 VMs (`bench/xml-parsers.ts`:
 * a 2.5 MB QueryPerf and a 1.5 MB RetrievePropertiesEx answer): saxes reads
 * them in about 18 and 9 ms, the hand-written parser it replaced built its
 * tree in about 14-27 and 4 ms, fast-xml-parser takes about 210 and 80 ms, sax
 * about 65 and 30 ms. A few milliseconds a poll are no reason to keep a parser
 * of our own; saxes also streams, so an answer is never held whole and a
 * hostile one is stopped at its first element past a bound.
 *
 * What stays hand-written is what the answers mean: `ElementReader`s that
 * keep only what balloontop reads (`TreeReader` builds small trees; the
 * property and performance readers in `answer-readers.ts` keep values).
 *
 * Elements are named by their local name (prefixes dropped). Attributes keep
 * their local name too, except the schema-instance type, which both real
 * servers (`xsi:type`) and vcsim (`XMLSchema-instance:type`) send: it is
 * stored as `xsi:type` (value without prefix) so that it cannot collide with
 * a managed object reference's own `type` attribute. Namespace declarations
 * are dropped.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface XmlElement {
  name: string;
  attrs: Readonly<Record<string, string>>;
  children: readonly XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

/** Shared by the many leaf elements of an answer (a property value, a counter's value), which have no children. */
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);
const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze({});
/** Attribute records that hold only a schema-instance type (`xsd:long` on every property value), shared by type. */
const TYPE_ONLY = new Map<string, Readonly<Record<string, string>>>();
const MAX_SHARED_TYPES = 1000;

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

/** An answer past one of these is refused (a runaway or hostile server), whatever its byte size. */
export class XmlLimitError extends XmlError {}

export interface XmlLimits {
  /** Deepest nesting of elements. */
  maxDepth: number;
  /** Elements in one document. */
  maxElements: number;
  /** Elements kept as trees (`TreeReader`) in one document: what bounds the memory. */
  maxKept: number;
}

/**
 * Bounds of one answer. The largest real answers balloontop asks for (a
 * QueryPerf of 2,000 entities, a property page of 2,000 objects, a vCenter's
 * counter catalogue) hold a few hundred thousand elements, 20 levels deep,
 * and keep some tens of thousands.
 */
const ANSWER_LIMITS: XmlLimits = { maxDepth: 64, maxElements: 2_000_000, maxKept: 250_000 };

/**
 * Reads one element's content. `open` is called for each child element and
 * returns the reader of that child, or null to skip it (its elements still
 * count against the bounds).
 */
export interface ElementReader {
  open(name: string, tag: StartTag, budget: KeepBudget): ElementReader | null;
  text(text: string): void;
  close(): void;
}

/** The start tag being read: its attributes are parsed only when asked for, and only while `open` runs. */
export interface StartTag {
  attributes(): Record<string, string>;
}

/** How many more elements may be kept as trees in this document. */
export class KeepBudget {
  private left: number;
  constructor(readonly max: number) {
    this.left = max;
  }
  take(): void {
    if (--this.left < 0) throw new XmlLimitError(`more than ${this.max.toLocaleString('en-US')} elements to keep`);
  }
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** Attributes without namespace declarations, local names, the schema-instance type as `xsi:type`. */
function elementAttrs(raw: Record<string, string>): Readonly<Record<string, string>> {
  let attrs: Record<string, string> | null = null;
  let count = 0;
  for (const qname in raw) {
    if (qname === 'xmlns' || qname.startsWith('xmlns:')) continue;
    attrs ??= {};
    count++;
    const colon = qname.indexOf(':');
    if (colon < 0) attrs[qname] = raw[qname];
    // xsi:type, XMLSchema-instance:type, or any other prefix bound to the schema-instance namespace.
    else if (qname.endsWith(':type')) attrs['xsi:type'] = localName(raw[qname]);
    else attrs[qname.slice(colon + 1)] = raw[qname];
  }
  if (!attrs) return NO_ATTRS;
  const type = attrs['xsi:type'];
  if (count !== 1 || type === undefined) return attrs;
  let shared = TYPE_ONLY.get(type);
  if (!shared && TYPE_ONLY.size < MAX_SHARED_TYPES) TYPE_ONLY.set(type, (shared = Object.freeze(attrs)));
  return shared ?? attrs;
}

/** Builds the element it reads, and its whole subtree, as an `XmlElement`. */
export class TreeReader implements ElementReader {
  readonly element: { name: string; attrs: Readonly<Record<string, string>>; children: readonly XmlElement[]; text: string };
  constructor(name: string, tag: StartTag) {
    this.element = { name, attrs: elementAttrs(tag.attributes()), children: NO_CHILDREN, text: '' };
  }
  open(name: string, tag: StartTag, budget: KeepBudget): ElementReader {
    budget.take();
    const child = new TreeReader(name, tag);
    if (this.element.children === NO_CHILDREN) this.element.children = [child.element];
    else (this.element.children as XmlElement[]).push(child.element);
    return child;
  }
  text(text: string): void {
    this.element.text += text;
  }
  close(): void {
    // The element is complete.
  }
}

/** Collects the text of an element and ignores its children. */
export class TextReader implements ElementReader {
  value = '';
  open(): null {
    return null;
  }
  text(text: string): void {
    this.value += text;
  }
  close(): void {
    // The text is complete.
  }
}

/** The document level: hands its one root element to `root`. */
class DocumentReader implements ElementReader {
  constructor(private readonly root: (name: string, tag: StartTag) => ElementReader | null) {}
  open(name: string, tag: StartTag): ElementReader | null {
    return this.root(name, tag);
  }
  text(): void {
    // Whitespace around the root element (saxes refuses anything else).
  }
  close(): void {
    // Never called: the document level is not an element.
  }
}

/**
 * One XML document written in chunks as it arrives. Every failure (malformed
 * XML, a bound passed) throws an XmlError out of `write` or `end`.
 */
export class XmlStream {
  private readonly parser = new SaxesParser({});
  private readonly stack: (ElementReader | null)[];
  private readonly budget: KeepBudget;
  private elements = 0;
  private started = false;
  private readonly tag = { raw: {} as Record<string, string>, attributes(): Record<string, string> { return this.raw; } };

  constructor(
    root: (name: string, tag: StartTag) => ElementReader | null,
    private readonly limits: XmlLimits = ANSWER_LIMITS,
  ) {
    this.stack = [new DocumentReader(root)];
    this.budget = new KeepBudget(limits.maxKept);
    this.parser.on('opentag', (tag: SaxesTagPlain) => this.open(tag));
    this.parser.on('closetag', () => this.close());
    this.parser.on('text', (t: string) => this.stack[this.stack.length - 1]?.text(t));
    this.parser.on('cdata', (t: string) => this.stack[this.stack.length - 1]?.text(t));
  }

  write(chunk: string): void {
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.run(() => this.parser.write(chunk));
  }

  end(): void {
    this.run(() => this.parser.close());
    if (this.elements === 0) throw new XmlError('no root element');
  }

  private run(f: () => void): void {
    try {
      f();
    } catch (err) {
      if (err instanceof XmlError) throw err;
      throw new XmlError((err as Error).message.replace(/\.$/, ''));
    }
  }

  private open(tag: SaxesTagPlain): void {
    if (++this.elements > this.limits.maxElements) throw new XmlLimitError(`more than ${this.limits.maxElements.toLocaleString('en-US')} elements`);
    if (this.stack.length > this.limits.maxDepth) throw new XmlLimitError(`elements nested more than ${this.limits.maxDepth} deep`);
    const parent = this.stack[this.stack.length - 1];
    this.tag.raw = tag.attributes;
    this.stack.push(parent ? parent.open(localName(tag.name), this.tag, this.budget) : null);
  }

  private close(): void {
    this.stack.pop()?.close();
  }
}

/** A whole document as a tree (small answers, tests). */
export function parseXml(src: string, limits: XmlLimits = ANSWER_LIMITS): XmlElement {
  const doc: { root?: TreeReader } = {};
  const stream = new XmlStream((name, tag) => (doc.root = new TreeReader(name, tag)), limits);
  stream.write(src);
  stream.end();
  if (!doc.root) throw new XmlError('no root element');
  return doc.root.element;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
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
