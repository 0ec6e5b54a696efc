/**
 * Which charts the graph view shows and where, pure: the host view (free
 * memory with the state boundaries, reclamation sizes in MB, swap rates in
 * MB/s) or one group's balloon and swap sizes (MB) and swap rates (MB/s),
 * stacked in the rows between the header lines and the bottom lines.
 *
 * Sizes and rates never share an axis. When the rows do not hold every
 * chart, the first ones stay and the last place shows one of the others in
 * turn (`Tab`, counted in `ViewState.graphChart`); its title says so. At
 * 80x24 that is free memory plus sizes or rates for the host, and sizes plus
 * rates for a group.
 */
import {
  groupRateSpecs,
  groupSizeSpecs,
  hostFreeSpecs,
  hostRateSpecs,
  hostTotalSpecs,
  type SeriesSpec,
} from './series';
import { safeText } from '../../src/text/safe-text';

const MIN_GRAPH_WIDTH = 60;
/** Rows of one chart at the least (border, axis labels, a few rows of plot). */
export const MIN_CHART_HEIGHT = 7;

export type GraphKind = 'host' | 'group';

interface ChartSpec {
  /** Stable id: the widget that draws it is reused. */
  id: string;
  title: string;
  /** The title for a narrow terminal. */
  compact: string;
  /** A few words for "Tab: ..." in another chart's title. */
  short: string;
  unit: 'MB' | 'MB/s';
  specs: SeriesSpec[];
  /** The free-memory chart: its boundaries are drawn as reference lines. */
  boundaries: boolean;
  /** When not every chart fits: what Tab shows in this place next. */
  next?: string;
}

export interface PlacedChart extends ChartSpec {
  top: number;
  height: number;
  width: number;
}

export type GraphLayout = { charts: PlacedChart[] } | { tooSmall: string };

function chartSpecs(kind: GraphKind, group: { gid: number; name: string } | null): ChartSpec[] {
  if (kind === 'group' && group) {
    const name = safeText(group.name);
    return [
      { id: 'group', title: `${name} (GID ${group.gid}): balloon and swap, MB`, compact: `${name}: balloon, swap, MB`, short: 'sizes', unit: 'MB', specs: groupSizeSpecs(group.gid), boundaries: false },
      { id: 'group-rates', title: `${name} (GID ${group.gid}): swap-in/out, MB/s`, compact: `${name}: swap-in/out, MB/s`, short: 'swap rates', unit: 'MB/s', specs: groupRateSpecs(group.gid), boundaries: false },
    ];
  }
  return [
    { id: 'free', title: 'host free memory, MB, against the state boundaries', compact: 'free memory, MB', short: 'free memory', unit: 'MB', specs: hostFreeSpecs(), boundaries: true },
    { id: 'totals', title: 'host reclamation: balloon, swap, compression, MB', compact: 'reclamation, MB', short: 'reclamation', unit: 'MB', specs: hostTotalSpecs(), boundaries: false },
    { id: 'rates', title: 'host swap-in/out, MB/s', compact: 'swap-in/out, MB/s', short: 'swap rates', unit: 'MB/s', specs: hostRateSpecs(), boundaries: false },
  ];
}

/** The charts shown when only `fit` places exist: the first `fit - 1`, then one of the rest by `turn`. */
function pick(specs: ChartSpec[], fit: number, turn: number): ChartSpec[] {
  if (fit >= specs.length) return specs;
  const fixed = specs.slice(0, fit - 1);
  const rest = specs.slice(fit - 1);
  const i = ((turn % rest.length) + rest.length) % rest.length;
  const next = rest[(i + 1) % rest.length];
  return [...fixed, { ...rest[i], next: next.short }];
}

/** One chart from 7 rows, two from 14 (80x24), three only from 27, where each still has room to read. */
export function chartsThatFit(rows: number): number {
  if (rows >= 3 * MIN_CHART_HEIGHT + 6) return 3;
  return rows >= 2 * MIN_CHART_HEIGHT ? 2 : 1;
}

/**
 * Charts placed in `rows` rows starting at `top`, `width` wide; or why they
 * do not fit. `turn` picks the chart of the last place when not all fit.
 */
export function layoutGraph(kind: GraphKind, group: { gid: number; name: string } | null, top: number, rows: number, width: number, turn = 0): GraphLayout {
  if (kind === 'group' && !group) return { tooSmall: 'no group is highlighted: g shows the host graph' };
  if (width < MIN_GRAPH_WIDTH || rows < MIN_CHART_HEIGHT) {
    return { tooSmall: `terminal too small for the graph: needs ${MIN_GRAPH_WIDTH} columns and ${MIN_CHART_HEIGHT} rows below the header (g returns to the table)` };
  }
  const all = chartSpecs(kind, group);
  const specs = pick(all, chartsThatFit(rows), turn);
  // Rate charts are smaller: sizes first.
  const weights = specs.map((s) => (s.unit === 'MB/s' ? 2 : 3));
  const total = weights.reduce((a, b) => a + b, 0);
  const charts: PlacedChart[] = [];
  let y = top;
  specs.forEach((s, i) => {
    const last = i === specs.length - 1;
    const left = top + rows - y;
    const h = last ? left : Math.min(left - MIN_CHART_HEIGHT * (specs.length - 1 - i), Math.max(MIN_CHART_HEIGHT, Math.floor((rows * weights[i]) / total)));
    charts.push({ ...s, top: y, height: h, width });
    y += h;
  });
  return { charts };
}
