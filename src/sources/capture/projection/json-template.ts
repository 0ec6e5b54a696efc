/**
 * `--json` straight from a capture row: the JSON line of `json-lines.ts`
 * (every registry field in registry order, null when missing; unknown
 * counters in `extra`), laid out once as literal pieces between value slots,
 * so a row is a walk over the slots. A cell whose text is already a JSON
 * number (`1302.00`) is copied as it is; any other is decoded. A group whose
 * kind the header cannot tell gets it as the sample reader does: from the
 * first row in which it has values, until then from each row's.
 */
import type { CounterId } from '../../../fields/group-fields';
import { HOST_COUNTER_IDS } from '../../../fields/host-counters';
import type { ByteBuffer } from '../../../output/byte-buffer';
import { stateFromNumber } from '../../../sample/mem-state';
import type { GroupKind } from '../../../sample/sample';
import { COUNTER_IDS as GROUP_COUNTER_IDS } from '../../../fields/registry';
import type { CaptureLayout, CellTarget } from '../capture-layout';
import { kindFromValues } from '../group-kinds';
import { columnsFor } from '../record-decoder';
import type { ProjectionColumns } from './projection-columns';
import { CELL_PLAIN, CELL_PLAIN_QUOTED, type RowLocator } from './row-locator';
import { Byte } from '../csv-bytes';

const NULL_SLOT = -1;
const TIME_SLOT = -2;
const STATE_SLOT = -3;
/** The kind of group `n` (undecided by the header) is slot KIND_SLOT - n. */
const KIND_SLOT = -16;
const NULL_BYTES = Buffer.from('null');

/** The value of a wanted cell (by its position among the wanted columns): a number, or null. */
type WantedValue = (wanted: number) => number | null;

/** A group whose kind only its values tell: where they are (-1: the capture lacks the column). */
interface UndecidedGroup {
  gid: number;
  name: string;
  overheadMax: number;
  memctlMax: number;
}

export class CaptureJsonTemplate {
  private readonly parts: Buffer[] = [];
  private readonly slots: number[] = [];
  private readonly stateWanted: number;
  private readonly undecided: UndecidedGroup[] = [];
  /** Kinds decided from values, by GID (as the sample reader keeps them). */
  private readonly kinds = new Map<number, GroupKind>();

  constructor(layout: CaptureLayout, columns: ProjectionColumns) {
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
    layout.groups.forEach((g, n) => {
      const known = columnsFor(GROUP_COUNTER_IDS, g.cells.filter((c) => c.known));
      literal += `${n > 0 ? ',' : ''}{"gid":${g.gid},"name":${JSON.stringify(g.name)},"kind":`;
      if (g.kind) {
        literal += JSON.stringify(g.kind);
      } else {
        const at = (id: CounterId) => wantedOf(known[GROUP_COUNTER_IDS.indexOf(id)]);
        slot(KIND_SLOT - this.undecided.length);
        this.undecided.push({ gid: g.gid, name: g.name, overheadMax: at('OVHDMAX'), memctlMax: at('MCTLMAX') });
      }
      literal += ',"values":{';
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
    out.ensure(this.bytesPerRow + 2 * (loc.rowEnd - start[0]));
    for (let s = 0; s < slots.length; s++) {
      const part = parts[s];
      out.copy(part, 0, part.length);
      const w = slots[s];
      if (w >= 0) {
        const k = kind[w];
        const copied = k === CELL_PLAIN_QUOTED ? copyNumber(out, src, start[w] + 1, end[w] - 1) : k === CELL_PLAIN && copyNumber(out, src, start[w], end[w]);
        if (!copied) number(out, value(w));
      } else if (w === NULL_SLOT) {
        out.copy(NULL_BYTES, 0, 4);
      } else if (w === TIME_SLOT) {
        out.text(new Date(time).toISOString());
      } else if (w === STATE_SLOT) {
        const state = this.stateWanted < 0 ? null : stateFromNumber(value(this.stateWanted));
        out.text(state === null ? 'null' : JSON.stringify(state));
      } else {
        out.text(JSON.stringify(this.kindOf(this.undecided[KIND_SLOT - w], value)));
      }
    }
    const last = parts[parts.length - 1];
    out.copy(last, 0, last.length);
  }

  /** The group's kind in this row: the one decided for its GID, or from this row's values (decided once they are there). */
  private kindOf(g: UndecidedGroup, value: WantedValue): GroupKind {
    let kind = this.kinds.get(g.gid);
    if (kind) return kind;
    const overheadMax = g.overheadMax < 0 ? null : value(g.overheadMax);
    const memctlMax = g.memctlMax < 0 ? null : value(g.memctlMax);
    kind = kindFromValues(g.name, overheadMax, memctlMax);
    if (overheadMax !== null || memctlMax !== null) this.kinds.set(g.gid, kind);
    return kind;
  }

  /** What a row adds besides its cells' bytes: the literal pieces, and up to 24 characters per value (a number, a time, a state). */
  get bytesPerRow(): number {
    if (this.literals < 0) this.literals = this.parts.reduce((a, p) => a + p.length, 0) + 24 * this.slots.length;
    return this.literals;
  }

  private literals = -1;
}

function number(out: ByteBuffer, v: number | null): void {
  // As JSON.stringify writes it (-0 as 0).
  if (v === null) out.copy(NULL_BYTES, 0, 4);
  else out.text(v === 0 ? '0' : String(v));
}

/**
 * Writes the decimal `src[a, b)` (an optional minus, digits, at most one
 * point) as JSON.stringify writes its value, straight from its digits:
 * trailing zeros of the fraction dropped (`1302.00` is 1302, `31.80` 31.8), a
 * zero without its sign. The shortest form that reads back as the double is
 * these digits whenever there are at most 15 significant ones and the value
 * lies where JavaScript writes no exponent; otherwise returns false (and the
 * value is formatted the usual way).
 */
function copyNumber(out: ByteBuffer, src: Uint8Array, a: number, b: number): boolean {
  let i = a;
  const negative = src[i] === Byte.MINUS;
  if (negative) i++;
  let dot = i;
  while (dot < b && src[dot] !== Byte.DOT) dot++;
  const intDigits = dot - i;
  if (intDigits === 0 || intDigits > 21 || (src[i] === Byte.ZERO && intDigits > 1)) return false;
  let end = b;
  if (dot < b) {
    while (end > dot + 1 && src[end - 1] === Byte.ZERO) end--;
    if (end === dot + 1) end = dot;
  }
  // Significant digits, from the first non-zero one.
  let first = i;
  while (first < end && (src[first] === Byte.ZERO || src[first] === Byte.DOT)) first++;
  if (first === end) {
    out.byte(Byte.ZERO); // 0, -0.00 and the like
    return true;
  }
  if (intDigits === 1 && src[i] === Byte.ZERO && first - (dot + 1) >= 6) return false; // below 1e-6: JavaScript writes 1e-7
  const significant = end - first - (first < dot && dot < end ? 1 : 0);
  if (significant > 15) return false;
  if (negative) out.byte(Byte.MINUS);
  out.copy(src, i, end);
  return true;
}
