/**
 * The graph screens over the memory page: `g` the host's history, `G`/Enter
 * the highlighted group's. The header lines stay on top (only the summary,
 * PMEM and VMKMEM lines when the whole header would leave room for a single
 * chart); the rows below them are left blank for the charts (graph-layout.ts says which and where), which
 * the blessed layer draws. The timeline keys work here too: the charts end at
 * the current sample.
 */
import { headerLines } from '../parts/header-lines';
import { textLine, type Line } from '../parts/line';
import { info, result, type KeyBinding, type KeyEnv } from '../keys/binding';
import { PAGE } from '../keys/page-keys';
import { selectedIndex } from '../rows';
import type { FrameInput, Screen, ScreenBody } from '../screen';
import type { ViewState } from '../view-state';
import { chartsThatFit, layoutGraph, type GraphKind } from './graph-layout';

/** The highlighted group, which the group graph shows. */
export function graphedGroup(input: Pick<FrameInput, 'view' | 'rows'>): { gid: number; name: string } | null {
  const g = input.rows[selectedIndex(input.view, input.rows)];
  return g ? { gid: g.gid, name: g.name } : null;
}

function graphBody(kind: GraphKind, input: FrameInput, room: number): ScreenBody {
  const { sample, width } = input;
  if (!sample) return { lines: [textLine('waiting for the first sample...', width)] };
  let lines: Line[] = headerLines(sample, width);
  // Too low for two charts under the whole header (80x24 with a caption): keep the time, free memory and
  // the state; the charts show the other lines' values.
  const brief = headerLines(sample, width, true);
  if (chartsThatFit(room - lines.length) < 2 && chartsThatFit(room - brief.length) >= 2) lines = brief;
  const top = lines.length;
  const rows = Math.max(0, room - top);
  const charts = layoutGraph(kind, kind === 'group' ? graphedGroup(input) : null, top, rows, width, input.view.graphChart);
  for (let i = 0; i < rows; i++) lines.push([]);
  if ('tooSmall' in charts) lines[top + Math.floor(rows / 2)] = textLine(charts.tooSmall, width, 'alarm');
  return { lines, charts };
}

function groupGraph(view: ViewState, env: KeyEnv): ViewState {
  if (env.rowCount === 0) return { ...view, message: { text: 'no group to graph yet', level: 'error' } };
  const name = env.selectedName ? ` ${env.selectedName}` : ' the highlighted group';
  return info({ ...view, screen: 'groupGraph' }, `graph of${name} (Up/Down: another group; g or Esc: the table)`);
}

const G = 'graphs' as const;

const keys: readonly KeyBinding[] = [
  {
    keys: ['g'], on: PAGE, section: G, help: 'graph of the host: free memory against the state boundaries, balloon, swap, compression, swap rates (g again or Esc: the table)',
    run: (v) => result(v.screen !== 'table' ? { ...v, screen: 'table' } : info({ ...v, screen: 'hostGraph' }, 'host graph up to the current sample (G: highlighted group; g or Esc: table)')),
  },
  {
    keys: ['G', 'enter'], on: PAGE, section: G, help: 'graph of the highlighted group: MCTLSZ, MCTLTGT, MCTLMAX, SWCUR, SWR/s, SWW/s (Up/Down: another group; G again or Esc: the table)',
    run: (v, e, k) => result(v.screen === 'groupGraph' && k.ch === 'G' ? { ...v, screen: 'table' } : groupGraph(v, e)),
  },
  {
    keys: ['z'], on: ['hostGraph'], section: G, help: 'host graph: zoom the free-memory chart to the state boundaries (up to 400% of minFree) / the whole range',
    run: (v) => result(info({ ...v, graphZoom: !v.graphZoom }, v.graphZoom ? 'free memory: the whole range' : 'free memory: zoomed to the state boundaries (up to the high line, 400% of minFree; more is drawn on the top edge)')),
  },
  {
    keys: ['tab'], on: ['hostGraph', 'groupGraph'], section: G, help: 'when the terminal has no room for every chart: the last chart shows the next one (sizes in MB and rates in MB/s never share a chart)',
    run: (v) => result({ ...v, graphChart: v.graphChart + 1 }),
  },
  { keys: ['escape'], on: ['hostGraph', 'groupGraph'], section: G, help: 'back to the table', run: (v) => result({ ...v, screen: 'table' }) },
];

export const hostGraphScreen: Screen = { id: 'hostGraph', body: (input, room) => graphBody('host', input, room), keys };
export const groupGraphScreen: Screen = { id: 'groupGraph', body: (input, room) => graphBody('group', input, room), keys: [] };
