/**
 * Which charts the graph view shows and where, pure: the host view (free
 * memory with the state boundaries, reclamation totals, swap rates) or one
 * group's balloon and swap, stacked in the rows between the header lines and
 * the bottom lines. Rates get their own chart only when there is room.
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
  unit: 'MB' | 'MB/s';
  specs: SeriesSpec[];
  /** The free-memory chart: its boundaries are drawn as reference lines. */
  boundaries: boolean;
}

export interface PlacedChart extends ChartSpec {
  top: number;
  height: number;
  width: number;
}

export type GraphLayout = { charts: PlacedChart[] } | { tooSmall: string };

function chartSpecs(kind: GraphKind, group: { gid: number; name: string } | null, roomy: boolean): ChartSpec[] {
  if (kind === 'group' && group) {
    const name = safeText(group.name);
    const sizes = groupSizeSpecs(group.gid);
    const rates = groupRateSpecs(group.gid);
    if (!roomy) return [{ id: 'group', title: `${name} (GID ${group.gid}): balloon and swap, MB; SWR/s SWW/s MB/s`, unit: 'MB', specs: [...sizes, ...rates], boundaries: false }];
    return [
      { id: 'group', title: `${name} (GID ${group.gid}): balloon and swap, MB`, unit: 'MB', specs: sizes, boundaries: false },
      { id: 'group-rates', title: `${name}: swap-in/out, MB/s`, unit: 'MB/s', specs: rates, boundaries: false },
    ];
  }
  const free: ChartSpec = { id: 'free', title: 'host free memory, MB, against the state boundaries', unit: 'MB', specs: hostFreeSpecs(), boundaries: true };
  if (!roomy) return [free, { id: 'totals', title: 'host reclamation, MB; SWAP r/s w/s MB/s', unit: 'MB', specs: [...hostTotalSpecs(), ...hostRateSpecs()], boundaries: false }];
  return [
    free,
    { id: 'totals', title: 'host reclamation: balloon, swap, compression, MB', unit: 'MB', specs: hostTotalSpecs(), boundaries: false },
    { id: 'rates', title: 'host swap-in/out, MB/s', unit: 'MB/s', specs: hostRateSpecs(), boundaries: false },
  ];
}

/** Charts placed in `rows` rows starting at `top`, `width` wide; or why they do not fit. */
export function layoutGraph(kind: GraphKind, group: { gid: number; name: string } | null, top: number, rows: number, width: number): GraphLayout {
  if (kind === 'group' && !group) return { tooSmall: 'no group is highlighted: g shows the host graph' };
  const wanted = kind === 'group' ? 1 : 2;
  if (width < MIN_GRAPH_WIDTH || rows < wanted * MIN_CHART_HEIGHT) {
    return { tooSmall: `terminal too small for the graph: needs ${MIN_GRAPH_WIDTH} columns and ${wanted * MIN_CHART_HEIGHT} rows below the header (g returns to the table)` };
  }
  const roomyCount = kind === 'group' ? 2 : 3;
  const roomy = rows >= roomyCount * MIN_CHART_HEIGHT + (kind === 'group' ? 4 : 6);
  const specs = chartSpecs(kind, group, roomy);
  // Rate charts are smaller: sizes first.
  const weights = specs.map((s) => (s.unit === 'MB/s' ? 2 : 3));
  const total = weights.reduce((a, b) => a + b, 0);
  const charts: PlacedChart[] = [];
  let y = top;
  specs.forEach((s, i) => {
    const last = i === specs.length - 1;
    const h = last ? top + rows - y : Math.max(MIN_CHART_HEIGHT, Math.floor((rows * weights[i]) / total));
    charts.push({ ...s, top: y, height: h, width });
    y += h;
  });
  return { charts };
}
