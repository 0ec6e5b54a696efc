/**
 * Reads a page of RetrievePropertiesEx / ContinueRetrievePropertiesEx as it
 * streams in: each object's reference and its property values (each `<val>`
 * kept as a small tree), and the token of the next page. Anything else
 * (`missingSet`, unknown elements) is skipped.
 */
import { moRefOf, type MoRef, type ResponseReader } from './soap-client';
import { TextReader, TreeReader, type ElementReader, type KeepBudget, type StartTag, type XmlElement } from './xml';

export interface ObjectContent {
  obj: MoRef;
  /** Property path to its `<val>` element. Unset properties are absent. */
  props: Map<string, XmlElement>;
}

interface PropertyPage {
  objects: ObjectContent[];
  /** Token of the next page, or null on the last one. */
  token: string | null;
}

const SKIP_TEXT = (): void => undefined;

class PropSetReader implements ElementReader {
  private readonly name = new TextReader();
  private val: TreeReader | null = null;
  constructor(private readonly props: Map<string, XmlElement>) {}
  open(name: string, tag: StartTag, budget: KeepBudget): ElementReader | null {
    if (name === 'name') return this.name;
    if (name !== 'val') return null;
    budget.take();
    this.val = new TreeReader(name, tag);
    return this.val;
  }
  text = SKIP_TEXT;
  close(): void {
    if (this.name.value !== '' && this.val) this.props.set(this.name.value, this.val.element);
  }
}

class ObjectReader implements ElementReader {
  private obj: TreeReader | null = null;
  private readonly props = new Map<string, XmlElement>();
  constructor(private readonly out: ObjectContent[]) {}
  open(name: string, tag: StartTag, budget: KeepBudget): ElementReader | null {
    if (name === 'propSet') return new PropSetReader(this.props);
    if (name !== 'obj') return null;
    budget.take();
    this.obj = new TreeReader(name, tag);
    return this.obj;
  }
  text = SKIP_TEXT;
  close(): void {
    const obj = moRefOf(this.obj?.element);
    if (obj) this.out.push({ obj, props: this.props });
  }
}

class ReturnvalReader implements ElementReader {
  readonly objects: ObjectContent[] = [];
  readonly token = new TextReader();
  open(name: string): ElementReader | null {
    if (name === 'objects') return new ObjectReader(this.objects);
    return name === 'token' ? this.token : null;
  }
  text = SKIP_TEXT;
  close(): void {
    // Complete.
  }
}

/** The `<...RetrievePropertiesExResponse>` element: one `returnval` (absent when nothing matched). */
export class PropertyPageReader implements ResponseReader<PropertyPage> {
  private readonly returnval = new ReturnvalReader();
  open(name: string): ElementReader | null {
    return name === 'returnval' ? this.returnval : null;
  }
  text = SKIP_TEXT;
  close(): void {
    // Complete.
  }
  result(): PropertyPage {
    const token = this.returnval.token.value.trim();
    return { objects: this.returnval.objects, token: token === '' ? null : token };
  }
}
