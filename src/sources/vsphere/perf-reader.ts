/**
 * Reads a QueryPerf answer as it streams in, straight into numbers: for each
 * entity, the newest value of each counter of the aggregate instance (`""`).
 * No tree is built (a 1,000-VM answer is a few hundred thousand elements),
 * and the readers of one entity are reused from series to series.
 *
 * Values come newest first on vcsim and oldest first on real servers, so the
 * newest sample is picked by timestamp. vcsim drops zero values from
 * `<value>` lists: a series with sample info and no values is 0. A negative
 * value (-1) is the server saying it has no data: missing.
 */
import { moRefOf, type ResponseReader } from './soap-client';
import { TextReader, TreeReader, type ElementReader, type KeepBudget, type StartTag } from './xml';

/** The latest value of each asked-for counter of each entity; null when the server has no data. */
export class PerfValues {
  private readonly rows = new Map<string, Float64Array>();

  /** `slots`: each counter key asked for, to its place in an entity's row. */
  constructor(readonly slots: ReadonlyMap<number, number>) {}

  /** The value of a counter (by key) of an entity (by managed object id). */
  get(entity: string, key: number): number | null {
    const slot = this.slots.get(key);
    const row = this.rows.get(entity);
    if (slot === undefined || !row) return null;
    const v = row[slot];
    return Number.isNaN(v) ? null : v;
  }

  /** The entity answered (its row exists, even when every value is missing). */
  has(entity: string): boolean {
    return this.rows.has(entity);
  }

  setRow(entity: string, row: Float64Array): void {
    this.rows.set(entity, row);
  }
}

const SKIP_TEXT = (): void => undefined;
const DONE = (): void => undefined;

/**
 * The `<value>` elements of a series: keeps only the value the entity needs,
 * the one at the newest sample's place (or the last one when the counts of
 * values and samples differ), without collecting the list.
 */
class SampleValuesReader implements ElementReader {
  count = 0;
  atNewest = NaN;
  last = NaN;
  newest = 0;
  private current = '';
  open(): null {
    return null;
  }
  text(text: string): void {
    this.current += text;
  }
  close(): void {
    const v = Number(this.current);
    if (this.count === this.newest) this.atNewest = v;
    this.last = v;
    this.count++;
    this.current = '';
  }
}

class SeriesIdReader implements ElementReader {
  readonly counterId = new TextReader();
  readonly instance = new TextReader();
  open(name: string): ElementReader | null {
    if (name === 'counterId') return this.counterId;
    return name === 'instance' ? this.instance : null;
  }
  text = SKIP_TEXT;
  close = DONE;
  reset(): void {
    this.counterId.value = '';
    this.instance.value = '';
  }
}

/** One `<value>` series of an entity (reused for each): its id, then its sample values. */
class SeriesReader implements ElementReader {
  private readonly id = new SeriesIdReader();
  private readonly samples = new SampleValuesReader();
  constructor(private readonly entity: EntityReader) {}
  begin(newest: number): this {
    this.id.reset();
    this.samples.count = 0;
    this.samples.newest = newest;
    this.samples.atNewest = NaN;
    this.samples.last = NaN;
    return this;
  }
  open(name: string): ElementReader | null {
    if (name === 'id') return this.id;
    return name === 'value' ? this.samples : null;
  }
  text = SKIP_TEXT;
  close(): void {
    if (this.id.instance.value.trim() !== '') return;
    const key = Number(this.id.counterId.value);
    if (Number.isInteger(key)) this.entity.series(key, this.samples);
  }
}

/** The `<sampleInfo>` elements of an entity: which one is the newest. */
class SampleInfoReader implements ElementReader {
  count = 0;
  newest = 0;
  private newestTime = -Infinity;
  private readonly timestamp = new TextReader();
  open(name: string): ElementReader | null {
    if (name !== 'timestamp') return null;
    this.timestamp.value = '';
    return this.timestamp;
  }
  text = SKIP_TEXT;
  close(): void {
    const t = Date.parse(this.timestamp.value);
    if (t > this.newestTime) {
      this.newestTime = t;
      this.newest = this.count;
    }
    this.count++;
  }
}

/**
 * One `<returnval>`: a PerfEntityMetric. Its `sampleInfo` elements come
 * before its series (as the schema orders them), so each series' value is
 * picked as soon as the series ends.
 */
class EntityReader implements ElementReader {
  private entity: TreeReader | null = null;
  private readonly infos = new SampleInfoReader();
  private readonly seriesReader = new SeriesReader(this);
  private readonly row: Float64Array;
  constructor(private readonly out: PerfValues) {
    this.row = new Float64Array(out.slots.size).fill(NaN);
  }
  open(name: string, tag: StartTag, budget: KeepBudget): ElementReader | null {
    if (name === 'value') return this.seriesReader.begin(this.infos.newest);
    if (name === 'sampleInfo') return this.infos;
    if (name !== 'entity') return null;
    budget.take();
    this.entity = new TreeReader(name, tag);
    return this.entity;
  }
  series(key: number, samples: SampleValuesReader): void {
    const slot = this.out.slots.get(key);
    if (slot === undefined) return;
    let v: number;
    if (samples.count === 0) v = this.infos.count > 0 ? 0 : NaN;
    else v = samples.count === this.infos.count ? samples.atNewest : samples.last;
    this.row[slot] = Number.isFinite(v) && v >= 0 ? v : NaN;
  }
  text = SKIP_TEXT;
  close(): void {
    const entity = moRefOf(this.entity?.element);
    if (entity) this.out.setRow(entity.value, this.row);
  }
}

/** The `<QueryPerfResponse>` element: one `returnval` per entity. */
export class PerfAnswerReader implements ResponseReader<PerfValues> {
  constructor(private readonly out: PerfValues) {}
  open(name: string): ElementReader | null {
    return name === 'returnval' ? new EntityReader(this.out) : null;
  }
  text = SKIP_TEXT;
  close = DONE;
  result(): PerfValues {
    return this.out;
  }
}
