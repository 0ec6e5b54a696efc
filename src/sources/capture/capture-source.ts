/**
 * Reads an esxtop batch capture (`esxtop -b` output, plain or gzip) as a
 * stream of `Sample`s. Memory use stays flat whatever the file's length: one
 * chunk and the rows it completed are held at a time.
 */
import { HOST_COUNTER_IDS } from '../../fields/host-counters';
import { COUNTER_IDS } from '../../fields/registry';
import { stateFromNumber } from '../../sample/mem-state';
import type { Group, GroupKind, Sample, Value } from '../../sample/sample';
import { UserError } from '../../errors';
import { InputDataError, openInputFile, type InputFile } from '../file/input-file';
import type { SampleSource, SourceInfo, SourceWarning } from '../source';
import { WarningCounter } from '../warnings';
import { CsvCellTooLong, CsvScanner, LONG_CELL, type CsvRow, type Separator } from './csv-scanner';
import { addHeaderWarnings, headerCellFilter, isHeaderProblem, LayoutBuilder, MAX_COLUMNS, TOO_MANY_COLUMNS, type CaptureLayout } from './capture-layout';
import { kindFromValues } from './group-kinds';
import { columnsFor, recordDecoder, type CellToNumber } from './record-decoder';
import { parseCaptureTime } from './pdh-header';
import { cellTextNumber, isBlankCell, longCellText, MAX_CELL_BYTES, MAX_DATA_CELL_BYTES, NOT_A_NUMBER, notANumberText } from './cell-number';
import { shownCell } from './message-text';
import { badTimestampText, LONG_ROW_TEXT, LONG_TIMESTAMP_TEXT, MAX_ROW_BYTES } from './row-problems';
import { guessSeparator } from './separator';

const decodeHost = recordDecoder(HOST_COUNTER_IDS);
const decodeGroup = recordDecoder(COUNTER_IDS);

/** Where one group's values sit in a row. */
interface GroupColumns {
  gid: number;
  name: string;
  kind: GroupKind | null;
  known: Int32Array;
  extra: { id: string; index: number }[];
}

/** Give up looking for the header line after this many bytes (the 17,427-column header of a real capture is 1.3 MB). */
const MAX_HEADER_BYTES = 64 << 20;

/**
 * The state of a capture right after its header, handed to a reader of its
 * own (the batch projection): the rows are read from `pending`, then `input`.
 */
export interface CaptureAfterHeader {
  label: string;
  layout: CaptureLayout;
  separator: Separator;
  input: InputFile;
  /** The unread rest of the chunk that held the end of the header. */
  pending: Buffer | null;
  /** The header ended with a CR at a chunk's end: an LF that comes next belongs to it. */
  skipLF: boolean;
  /** The line the first data row starts on. */
  line: number;
  /** Where `pending` starts in the (decompressed) input. */
  dataOffset: number;
}

export class CaptureSource implements SampleSource {
  readonly info: SourceInfo;
  private layout: CaptureLayout | null = null;
  /** Made once the separator is known (from the first bytes). */
  private scanner: CsvScanner | null = null;
  private separator: Separator = ',';
  /** The first bytes, kept until they tell the separator. */
  private head: Buffer | null = null;
  /** The rest of the chunk in which the header ended, read next. */
  private pending: Buffer | null = null;
  private handedOver = false;
  private builder: LayoutBuilder | null = new LayoutBuilder();
  private readonly queue: Sample[] = [];
  private readonly warn = new WarningCounter();
  private readonly kinds = new Map<number, GroupKind>();
  private done = false;
  private bytes = 0;
  private samples = 0;
  private lastTime = -Infinity;
  private fatal: UserError | null = null;
  private hostColumns: Int32Array = new Int32Array(0);
  private hostExtra: { id: string; index: number }[] = [];
  private groupColumns: GroupColumns[] = [];
  /** The wanted column indexes, ascending. */
  private wantedAscending: Int32Array = new Int32Array(0);
  private row: CsvRow | null = null;
  private readonly toNumber: CellToNumber = (cell, index, counter) => this.cellNumber(cell, index, counter);

  private constructor(
    private readonly input: InputFile,
    label: string,
  ) {
    this.info = { kind: 'capture', label, realtime: false };
  }

  static async open(path: string): Promise<CaptureSource> {
    const input = await openInputFile(path);
    const src = new CaptureSource(input, path);
    try {
      // Read up to the header so that a file that is not a capture fails now.
      await src.fill(() => src.layout !== null);
      if (!src.layout) throw new UserError(src.bytes === 0 ? `${path}: is empty (once decompressed)` : `${path}: no header line`);
    } catch (err) {
      await src.close();
      throw err;
    }
    return src;
  }

  /** The host name in the capture's counter paths. */
  get hostname(): string | null {
    return this.layout?.hostname ?? null;
  }

  /** Per-group counters and host counters the registry did not know, by batch name. */
  get unknownCounters(): { host: string[]; group: string[] } {
    const l = this.layout;
    if (!l) return { host: [], group: [] };
    const group = new Set<string>();
    for (const g of l.groups) for (const c of g.cells) if (!c.known) group.add(c.id);
    return { host: l.host.filter((c) => !c.known).map((c) => c.id), group: [...group] };
  }

  /**
   * Hands the reading of the rows over (after `open`, before any `next`):
   * this source then yields nothing more, and its `close` leaves the input to the new reader.
   */
  takeAfterHeader(): CaptureAfterHeader {
    if (!this.layout || this.handedOver || this.samples > 0 || this.queue.length > 0) throw new Error('takeAfterHeader: only right after open()');
    this.handedOver = true;
    this.done = true;
    const { skipLF } = (this.scanner as CsvScanner).takeRest();
    const after: CaptureAfterHeader = {
      label: this.info.label,
      layout: this.layout,
      separator: this.separator,
      input: this.input,
      pending: this.pending,
      skipLF,
      line: (this.scanner as CsvScanner).currentLine,
      dataOffset: this.bytes - (this.pending?.length ?? 0),
    };
    this.pending = null;
    return after;
  }

  async next(): Promise<Sample | null> {
    if (this.handedOver) return null;
    if (this.queue.length === 0 && !this.done) await this.fill(() => this.queue.length > 0);
    const s = this.queue.shift() ?? null;
    if (s === null && this.samples === 0 && this.fatal === null) {
      const skipped = this.warn.list();
      const why = skipped.length === 0 ? '' : ` (${skipped.reduce((a, w) => a + w.count, 0)} rows skipped; the first: ${skipped[0].message})`;
      this.fatal = new UserError(`${this.info.label}: has a header but no samples${why}`);
    }
    if (s === null && this.fatal) throw this.fatal;
    return s;
  }

  warnings(): SourceWarning[] {
    return this.warn.list();
  }

  async close(): Promise<void> {
    if (!this.handedOver) this.input.close();
  }

  private async fill(enough: () => boolean): Promise<void> {
    try {
      await this.fillChunks(enough);
    } catch (caught) {
      this.done = true;
      let err = caught;
      if (err instanceof CsvCellTooLong) {
        err = new UserError(`${this.info.label}:${err.line}: cell ${err.index + 1} is longer than ${err.limit >> 10} KB, not an esxtop batch capture`);
      }
      // A header that makes no sense in a gzip that is damaged: the damage is the cause (its garbage came first).
      if (err instanceof UserError && !(err instanceof InputDataError) && this.layout === null && this.input.gzip) err = (await this.gzipDamage()) ?? err;
      if (err instanceof InputDataError && this.bytes > 0 && this.scanner) {
        // The rows before the damage were delivered; the line named is the first one that was not.
        throw new UserError(`${this.info.label}:${this.scanner.rowStartLine}: ${err.problem}`);
      }
      throw err;
    }
  }

  /** The failure of the gzip data within the next MAX_HEADER_BYTES of text, if it fails there. */
  private async gzipDamage(): Promise<InputDataError | null> {
    try {
      for (let read = 0; read < MAX_HEADER_BYTES; ) {
        const r = await this.input.chunks.next();
        if (r.done) return null;
        read += r.value.length;
      }
    } catch (err) {
      if (err instanceof InputDataError) return err;
    }
    return null;
  }

  private async fillChunks(enough: () => boolean): Promise<void> {
    const onRow = (row: CsvRow) => this.onRow(row);
    while (!enough() && !this.done) {
      let chunk: Buffer;
      if (this.pending) {
        chunk = this.pending;
        this.pending = null;
      } else {
        const r = await this.input.chunks.next();
        if (r.done) {
          if (this.head) {
            // A file shorter than its first cell.
            this.startScanner(',');
            (this.scanner)?.push(this.head, onRow);
            this.head = null;
          }
          this.scanner?.end(onRow);
          this.done = true;
          break;
        }
        chunk = r.value;
        if (this.bytes === 0 && looksBinary(chunk)) throw new UserError(`${this.info.label}: binary data, not an esxtop batch capture`);
        this.bytes += chunk.length;
      }
      if (!this.scanner) {
        // The separator comes right after the first header cell.
        const head = this.head ? Buffer.concat([this.head, chunk]) : chunk;
        const guess = guessSeparator(withoutBom(head));
        if (guess.kind === 'more') {
          if (head.length > MAX_CELL_BYTES + 3) throw new UserError(`${this.info.label}:1: cell 1 is longer than ${MAX_CELL_BYTES >> 10} KB, not an esxtop batch capture`);
          this.head = head;
          continue;
        }
        if (guess.kind === 'other') {
          throw new UserError(`${this.info.label}:1: cells separated by neither "," nor ";" (the first header cell is followed by ${shownCell(guess.after, 1)}), not an esxtop batch capture`);
        }
        this.head = null;
        chunk = head;
        this.startScanner(guess.kind === 'found' ? guess.separator : ',');
      }
      const scanner = this.scanner as CsvScanner;
      scanner.push(chunk, onRow);
      if (this.layout !== null && this.pending === null) this.pending = scanner.takeRest().rest;
      if (this.layout === null && this.bytes > MAX_HEADER_BYTES) {
        throw new UserError(`${this.info.label}: no complete header line in the first ${MAX_HEADER_BYTES >> 20} MB, not an esxtop batch capture`);
      }
      if (this.layout === null && scanner.cellsInRow > MAX_COLUMNS) throw new UserError(`${this.info.label}:${scanner.rowStartLine}: ${TOO_MANY_COLUMNS.problem}`);
    }
  }

  private startScanner(separator: Separator): void {
    this.separator = separator;
    this.scanner = new CsvScanner({ maxCellBytes: MAX_CELL_BYTES, separator });
    this.scanner.setCellSink((index, value) => this.onHeaderCell(index, value), headerCellFilter());
  }

  private onHeaderCell(index: number, value: string | number): void {
    const problem = (this.builder as LayoutBuilder).add(index, String(value));
    if (problem) throw new UserError(`${this.info.label}:${(this.scanner as CsvScanner).currentLine}: ${problem.problem}`);
  }

  private onRow(row: CsvRow): void {
    if (this.layout === null) {
      const layout = (this.builder as LayoutBuilder).finish(row.fieldCount, row.line);
      if (isHeaderProblem(layout)) throw new UserError(`${this.info.label}:${row.line}: ${layout.problem}`);
      this.layout = layout;
      this.builder = null;
      addHeaderWarnings((kind, message, count) => this.warn.add(kind, message, count), this.info.label, layout);
      this.wantedAscending = Int32Array.from(layout.wanted).sort();
      this.hostColumns = columnsFor(HOST_COUNTER_IDS, layout.host.filter((c) => c.known));
      this.hostExtra = layout.host.filter((c) => !c.known);
      this.groupColumns = layout.groups.map((g) => ({
        gid: g.gid,
        name: g.name,
        kind: g.kind,
        known: columnsFor(COUNTER_IDS, g.cells.filter((c) => c.known)),
        extra: g.cells.filter((c) => !c.known),
      }));
      const scanner = this.scanner as CsvScanner;
      scanner.setCellSink(null);
      scanner.want(layout.wanted, { numeric: true, maxCellBytes: MAX_DATA_CELL_BYTES, maxRowBytes: MAX_ROW_BYTES });
      // The rows after the header are read by this source or by whoever takes it over.
      scanner.stopAfterRow();
      return;
    }
    const sample = this.toSample(row, this.layout);
    if (sample) {
      this.samples++;
      this.queue.push(sample);
    }
  }

  private toSample(row: CsvRow, layout: CaptureLayout): Sample | null {
    const label = this.info.label;
    if (row.tooLong) {
      this.warn.add('long-row', `${label}:${row.line}: ${LONG_ROW_TEXT}`);
      return null;
    }
    if (this.isNullRow(row)) return null;
    if (row.unterminated && (row.fieldCount < layout.fieldCount || row.cutInCell)) {
      // The file stops inside this row: esxtop was killed, or the copy was cut.
      const where = row.fieldCount < layout.fieldCount ? `${row.fieldCount} of ${layout.fieldCount} cells` : 'it ends inside a cell';
      this.warn.add('truncated', `${label}:${row.line}: the last line is truncated (${where}); skipped`);
      return null;
    }
    if (row.fieldCount !== layout.fieldCount) {
      this.warn.add('width', `${label}:${row.line}: ${row.fieldCount} cells where the header has ${layout.fieldCount}; row skipped`);
      return null;
    }
    const stamp = row.cells[0];
    if (stamp === LONG_CELL) {
      this.warn.add('time', `${label}:${row.line}: ${LONG_TIMESTAMP_TEXT}`);
      return null;
    }
    const stampText = String(stamp ?? '');
    const time = parseCaptureTime(stampText, layout.biasMinutes);
    if (time === null) {
      this.warn.add('time', `${label}:${row.line}: ${badTimestampText(stampText)}`);
      return null;
    }
    if (time < this.lastTime) {
      this.warn.add('order', `${label}:${row.line}: timestamp goes back in time; kept`);
    }
    this.lastTime = time;
    this.row = row;
    const cells = row.cells;
    const hostValues = decodeHost(cells, this.hostColumns, this.toNumber);
    const hostExtra = this.extra(cells, this.hostExtra);
    const groups: Group[] = [];
    for (const g of this.groupColumns) {
      const values = decodeGroup(cells, g.known, this.toNumber);
      const extra = this.extra(cells, g.extra);
      groups.push({ gid: g.gid, name: g.name, kind: this.kindOf(g.gid, g.name, g.kind, values), values, extra });
    }
    return {
      time,
      host: { hostname: layout.hostname, values: hostValues, state: stateFromNumber(hostValues.state), extra: hostExtra, ...(layout.cpu ? { cpu: layout.cpu } : {}) },
      groups,
    };
  }

  private kindOf(gid: number, name: string, fromHeader: GroupKind | null, values: Record<string, Value>): GroupKind {
    if (fromHeader) return fromHeader;
    let k = this.kinds.get(gid);
    if (k) return k;
    k = kindFromValues(name, values.OVHDMAX, values.MCTLMAX);
    // A group with no values yet (its cells empty until it appears) is decided when it has some.
    if ((values.OVHDMAX ?? null) !== null || (values.MCTLMAX ?? null) !== null) this.kinds.set(gid, k);
    return k;
  }

  /**
   * A row with a blank timestamp and no value in any memory cell (esxtop's
   * null last row, a line of separators or spaces): passed over. Only the
   * cells the row reached are looked at, so a short line costs little however
   * wide the header is.
   */
  private isNullRow(row: CsvRow): boolean {
    const cells = row.cells;
    const wanted = this.wantedAscending;
    for (let k = 0; k < wanted.length && wanted[k] < row.fieldCount; k++) {
      const c = cells[wanted[k]];
      if (c !== undefined && (typeof c !== 'string' || !isBlankCell(c))) return false;
    }
    return true;
  }

  /** Counters the registry does not know, by batch name (any name, `__proto__` too, is a key of its own). */
  private extra(cells: CsvRow['cells'], columns: { id: string; index: number }[]): Record<string, Value> {
    const out: Record<string, Value> = {};
    for (const c of columns) setOwn(out, c.id, this.cellNumber(cells[c.index], c.index, c.id));
    return out;
  }

  private cellNumber(cell: CsvRow['cells'][number], index: number, counter: string): Value {
    const row = this.row as CsvRow;
    if (cell === undefined) return null;
    if (typeof cell === 'number') return cell;
    if (cell === LONG_CELL) {
      this.warn.add('number', `${this.info.label}:${row.line}: ${longCellText(index, counter)}`);
      return null;
    }
    const v = cellTextNumber(cell);
    if (v === NOT_A_NUMBER) {
      this.warn.add('number', `${this.info.label}:${row.line}: ${notANumberText(index, counter, cell)}`);
      return null;
    }
    return v;
  }
}


/** `out[key] = value` as an own property whatever the key (`__proto__` would otherwise set the prototype). */
function setOwn(out: Record<string, Value>, key: string, value: Value): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function withoutBom(b: Buffer): Buffer {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

const PDH_START = Buffer.from('(PDH-CSV', 'latin1');

/**
 * NUL bytes or many control characters in the first chunk: not a text
 * capture. A chunk that starts as a capture (`"(PDH-CSV`) is judged on its
 * header line alone: a NUL in a row of a small capture is that row's
 * problem, reported with its line, and the other rows are read.
 */
function looksBinary(chunk: Buffer): boolean {
  let n = Math.min(chunk.length, 4096);
  const text = withoutBom(chunk);
  const start = text[0] === 0x22 ? 1 : 0;
  if (text.subarray(start, start + PDH_START.length).equals(PDH_START)) {
    const eol = chunk.indexOf(0x0a);
    if (eol >= 0 && eol < n) n = eol;
  }
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = chunk[i];
    if (c === 0) return true;
    if (c < 0x09 || (c > 0x0d && c < 0x20)) control++;
  }
  return control > n / 20;
}
