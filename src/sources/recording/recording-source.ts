/**
 * Reads a balloontop recording (plain or gzip JSON lines) as a `SampleSource`.
 * A torn last line (a crash while writing) and any other bad line are
 * reported as warnings naming the file and line, and skipped.
 */
import { UserError } from '../../errors';
import type { Sample } from '../../sample/sample';
import type { PlannedGroup, SampleSource, SourceInfo, SourceWarning } from '../source';
import { WarningCounter } from '../warnings';
import { decodeHeader, decodeSample, fieldMap, headerPlannedGroups, isProblem, type FieldMap, type RecordingHeader } from './format';
import { LineReader } from './line-reader';

/** Longest stretch of skipped lines without giving the event loop a turn. */
const YIELD_EVERY_MS = 20;

export class RecordingSource implements SampleSource {
  readonly info: SourceInfo;
  private readonly warn = new WarningCounter();
  private samples = 0;
  private tornAt: number | null = null;
  private corruptReported = false;
  private closed = false;
  private readonly map: FieldMap;

  private constructor(
    private readonly reader: LineReader,
    readonly header: RecordingHeader,
    path: string,
    private readonly allowEmpty: boolean,
  ) {
    this.info = { kind: 'recording', label: path, realtime: false };
    this.map = fieldMap(header.fields);
  }

  /** `allowEmpty`: a header without samples is not an error (checking a file before appending to it). */
  static async open(path: string, opts: { allowEmpty?: boolean } = {}): Promise<RecordingSource> {
    const reader = await LineReader.open(path);
    try {
      let first = await reader.next();
      while (first && first.text.trim() === '') first = await reader.next();
      if (!first && reader.corrupt !== null) throw new UserError(`${path}: corrupt gzip data (${reader.corrupt})`);
      if (!first && reader.cut) throw new UserError(`${path}: truncated gzip data (the compressed stream ends early)`);
      if (!first) throw new UserError(`${path}: is empty`);
      const header = decodeHeader(first.text);
      if (isProblem(header)) throw new UserError(`${path}:${first.line}: ${header.problem}`);
      return new RecordingSource(reader, header, path, opts.allowEmpty ?? false);
    } catch (err) {
      reader.close();
      throw err;
    }
  }

  /** Line number of a torn last line met so far, or null. */
  get tornLine(): number | null {
    return this.tornAt;
  }

  /** Whether the gzip magic was found. */
  get gzip(): boolean {
    return this.reader.gzip;
  }

  async next(): Promise<Sample | null> {
    let lastTurn = Date.now();
    for (;;) {
      if (this.closed) return null;
      if (Date.now() - lastTurn > YIELD_EVERY_MS) {
        // A long run of blank or bad lines: let keys, timers and signals have a turn.
        await new Promise((resolve) => setImmediate(resolve));
        lastTurn = Date.now();
        continue;
      }
      const l = await this.reader.next();
      if (!l) {
        if (this.reader.cut && this.tornAt === null) {
          this.tornAt = this.reader.lineCount + 1;
          this.warn.add('torn', `${this.info.label}:${this.tornAt}: the recording ends inside a gzip member (cut off while writing); a last sample after line ${this.reader.lineCount} may be lost`);
        }
        if (this.reader.corrupt !== null && !this.corruptReported) {
          this.corruptReported = true;
          this.warn.add('corrupt', `${this.info.label}:${this.reader.lineCount + 1}: corrupt gzip data after line ${this.reader.lineCount} (${this.reader.corrupt}); the samples before it are kept, the rest of the file is skipped`);
        }
        if (this.samples === 0 && !this.allowEmpty) throw new UserError(`${this.info.label}: has a header but no samples${this.skippedText()}`);
        return null;
      }
      if (l.text.trim() === '') continue;
      const s = decodeSample(l.text, this.header, this.map);
      if (!isProblem(s)) {
        this.samples++;
        return s;
      }
      // A last line cut by corrupt gzip data is not a tear: the corruption is reported once the end is reached.
      if (!l.terminated && this.reader.corrupt !== null) continue;
      if (!l.terminated) this.tornAt = l.line;
      if (!l.terminated) this.warn.add('torn', `${this.info.label}:${l.line}: the last line is torn (the recording was cut off while writing); skipped`);
      else this.warn.add('bad', `${this.info.label}:${l.line}: not a sample (${s.problem}); skipped`);
    }
  }

  /** What was skipped, for a recording with no sample: how many lines, and the first reason. */
  private skippedText(): string {
    const skipped = this.warn.list();
    if (skipped.length === 0) return '';
    const count = skipped.reduce((a, w) => a + w.count, 0);
    return ` (${count} ${count === 1 ? 'line' : 'lines'} skipped; the first: ${skipped[0].message})`;
  }

  /** The groups the recorded source announced before they appear. */
  plannedGroups(): PlannedGroup[] {
    return headerPlannedGroups(this.header);
  }

  warnings(): SourceWarning[] {
    return this.warn.list();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reader.close();
  }
}
