/**
 * `--json` straight from a capture row: the JSON line of `json-lines.ts`
 * (every registry field in registry order, null when missing; unknown
 * counters in `extra`), laid out once as literal pieces between value slots,
 * so a row is a walk over the slots. A cell whose text is already a JSON
 * number (`1302.00`) is copied as it is; any other is decoded.
 */
import { HOST_COUNTER_IDS } from '../../../fields/host-counters';
import type { ByteBuffer } from '../../../output/byte-buffer';
import { stateFromNumber } from '../../../sample/mem-state';
import type { GroupKind } from '../../../sample/sample';
import { GROUP_COUNTER_IDS, type CaptureLayout, type CellTarget } from '../capture-layout';
import { kindFromValues } from '../group-kinds';
import { columnsFor } from '../record-decoder';
import type { ProjectionColumns } from './projection-columns';
import { CELL_PLAIN, CELL_PLAIN_QUOTED, type RowLocator } from './row-locator';

const NULL_SLOT = -1;
const TIME_SLOT = -2;
const STATE_SLOT = -3;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const NULL_BYTES = Buffer.from('null');

/** The value of a wanted cell (by its position among the wanted columns): a number, or null. */
export type WantedValue = (wanted: number) => number | null;

export class CaptureJsonTemplate {
  private readonly parts: Buffer[] = [];
  private readonly slots: number[] = [];
  private readonly stateWanted: number;

  /** `first` reads the first sample's values (group kinds are decided from them where the header cannot tell). */
  constructor(layout: CaptureLayout, columns: ProjectionColumns, first: WantedValue) {
    const wantedOf = (index: number) => (index < 0 ? NULL_SLOT : (columns.wantedOf.get(index) as number));
    let literal = '{"time":"';
    const slot = (s: number) => {
      this.parts.push(Buffer.from(literal, 'utf8'));
      this.slots.push(s);
      literal = '';
    };
    slot(TIME_SLOT);
    literal += `","host":{"hostname":${JSON.stringify(layout.hostname)},"state":`;
    slot(STATE_SLOT);
    literal += ',"values":{';
    const host = columnsFor(HOST_COUNTER_IDS, layout.host.filter((c) => c.known));
    this.stateWanted = wantedOf(host[HOST_COUNTER_IDS.indexOf('state')]);
    HOST_COUNTER_IDS.forEach((id, k) => {
      literal += `${k > 0 ? ',' : ''}${JSON.stringify(id)}:`;
      slot(wantedOf(host[k]));
    });
    literal += '},"extra":{';
    const extra = (cells: CellTarget[]) => {
      const last = new Map<string, number>();
      for (const c of cells) if (!c.known) last.set(c.id, c.index);
      let k = 0;
      for (const [id, index] of last) {
        literal += `${k++ > 0 ? ',' : ''}${JSON.stringify(id)}:`;
        slot(wantedOf(index));
      }
    };
    extra(layout.host);
    literal += '}},"groups":[';
    const kinds = new Map<number, GroupKind>();
    layout.groups.forEach((g, n) => {
      const known = columnsFor(GROUP_COUNTER_IDS, g.cells.filter((c) => c.known));
      let kind = g.kind ?? kinds.get(g.gid);
      if (!kind) {
        const value = (id: string) => {
          const w = wantedOf(known[GROUP_COUNTER_IDS.indexOf(id)]);
          return w < 0 ? null : first(w);
        };
        kind = kindFromValues(g.name, value('OVHDMAX'), value('MCTLMAX'));
        kinds.set(g.gid, kind);
      }
      literal += `${n > 0 ? ',' : ''}{"gid":${g.gid},"name":${JSON.stringify(g.name)},"kind":${JSON.stringify(kind)},"values":{`;
      GROUP_COUNTER_IDS.forEach((id, k) => {
        literal += `${k > 0 ? ',' : ''}${JSON.stringify(id)}:`;
        slot(wantedOf(known[k]));
      });
      literal += '},"extra":{';
      extra(g.cells);
      literal += '}}';
    });
    literal += ']}\n';
    this.parts.push(Buffer.from(literal, 'utf8'));
  }

  /** One sample line. */
  write(out: ByteBuffer, time: number, src: Uint8Array, loc: RowLocator, value: WantedValue): void {
    const { parts, slots } = this;
    const { start, end, kind } = loc;
    // Each value is at most its cell's bytes or a number's 24 characters.
    out.ensure(parts.length * 24 + (loc.rowEnd - start[0]) + this.literalBytes());
    for (let s = 0; s < slots.length; s++) {
      const part = parts[s];
      out.copy(part, 0, part.length);
      const w = slots[s];
      if (w >= 0) {
        const k = kind[w];
        if (k === CELL_PLAIN_QUOTED && isJsonNumber(src, start[w] + 1, end[w] - 1)) out.copy(src, start[w] + 1, end[w] - 1);
        else if (k === CELL_PLAIN && isJsonNumber(src, start[w], end[w])) out.copy(src, start[w], end[w]);
        else number(out, value(w));
      } else if (w === NULL_SLOT) {
        out.copy(NULL_BYTES, 0, 4);
      } else if (w === TIME_SLOT) {
        out.text(new Date(time).toISOString());
      } else {
        const state = this.stateWanted < 0 ? null : stateFromNumber(value(this.stateWanted));
        out.text(state === null ? 'null' : JSON.stringify(state));
      }
    }
    const last = parts[parts.length - 1];
    out.copy(last, 0, last.length);
  }

  private literals = -1;
  private literalBytes(): number {
    if (this.literals < 0) this.literals = this.parts.reduce((a, p) => a + p.length, 0);
    return this.literals;
  }
}

function number(out: ByteBuffer, v: number | null): void {
  // As JSON.stringify writes it (-0 as 0).
  if (v === null) out.copy(NULL_BYTES, 0, 4);
  else out.text(v === 0 ? '0' : String(v));
}

/**
 * `src[a, b)` is a JSON number that reads as the same value the sample
 * reader has: `-?(0|[1-9][0-9]*)(.[0-9]+)?`, and not a negative zero (which
 * the sample reader's JSON writes as 0). The cell is already known to be an
 * optional minus, digits and at most one point.
 */
function isJsonNumber(src: Uint8Array, a: number, b: number): boolean {
  let i = a;
  if (src[i] === MINUS) i++;
  if (i >= b || src[i] === DOT || src[b - 1] === DOT) return false;
  if (src[i] === ZERO && i + 1 < b && src[i + 1] >= ZERO && src[i + 1] <= NINE) return false;
  if (i > a) {
    for (let j = i; j < b; j++) if (src[j] !== ZERO && src[j] !== DOT) return true;
    return false;
  }
  return true;
}
