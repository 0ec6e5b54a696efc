/**
 * The memory columns of a capture as the projection uses them: in file
 * order (timestamp first), which of them follow their neighbour directly,
 * and the order in which the sample reader decodes them (and so reports
 * cells that are not numbers): host counters in registry order, then the
 * host's unknown counters, then each group's counters the same way.
 */
import { HOST_COUNTER_IDS } from '../../../fields/host-counters';
import { COUNTER_IDS as GROUP_COUNTER_IDS } from '../../../fields/registry';
import type { CaptureLayout, CellTarget } from '../capture-layout';
import { columnsFor } from '../record-decoder';

export interface DecodedCell {
  /** Position among the wanted columns. */
  wanted: number;
  /** The counter's name in warnings (a registry id, or the batch name of an unknown counter). */
  counter: string;
}

export interface ProjectionColumns {
  /** Column indexes, ascending; the timestamp (0) first. */
  indexes: number[];
  /** `adjacent[w]` is 1 when column `indexes[w]` comes right after `indexes[w - 1]`. */
  adjacent: Uint8Array;
  /** Position among the wanted columns, by column index. */
  wantedOf: Map<number, number>;
  decodeOrder: DecodedCell[];
}

export function projectionColumns(layout: CaptureLayout): ProjectionColumns {
  const indexes = [...new Set(layout.wanted)].sort((a, b) => a - b);
  const adjacent = new Uint8Array(indexes.length);
  for (let w = 1; w < indexes.length; w++) adjacent[w] = indexes[w] === indexes[w - 1] + 1 ? 1 : 0;
  const wantedOf = new Map(indexes.map((c, w) => [c, w]));
  const decodeOrder: DecodedCell[] = [];
  const add = (ids: readonly string[], cells: CellTarget[]) => {
    const known = columnsFor(ids, cells.filter((c) => c.known));
    known.forEach((index, k) => {
      if (index >= 0) decodeOrder.push({ wanted: wantedOf.get(index) as number, counter: ids[k] });
    });
    for (const c of cells) if (!c.known) decodeOrder.push({ wanted: wantedOf.get(c.index) as number, counter: c.id });
  };
  add(HOST_COUNTER_IDS, layout.host);
  for (const g of layout.groups) add(GROUP_COUNTER_IDS, g.cells);
  return { indexes, adjacent, wantedOf, decodeOrder };
}
