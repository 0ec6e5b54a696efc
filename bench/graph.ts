/**
 * The graph view's cost, as ratios against a baseline measured in the same run:
 * a 5,000-sample history of the simulated overcommit lesson (packed in a
 * Timeline), at 200x60 on a blessed screen with fake streams. Each frame is
 * built and drawn as the dashboard does it (frame lines -> paint -> charts ->
 * screen.render), the cursor moving by one sample each time so every frame
 * differs. Baseline: the table frame for the same sample (staying in the table). Also the series
 * preparation alone (history -> points that fit).
 * Run: npx tsc -p . && node dist/bench/graph.js   (BENCH_FRAMES: frames per case, default 60)
 */
import { PassThrough } from 'node:stream';
import { defaultFieldLayout } from '../src/config/field-layout';
import { resolveScenario } from '../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../src/sources/simulation/simulation-source';
import { Timeline } from '../src/timeline/timeline';
import { buildSeries } from '../screens/graph/series';
import { renderFrame } from '../screens/frame';
import { ChartView, plotWidth, pointsFor } from '../screens/blessed/chart-view';
import { visibleRows } from '../screens/rows';
import type { FrameInput } from '../screens/screen';
import { paint } from '../screens/blessed/painter';
import { themeFor } from '../screens/parts/theme';
import { openScreen } from '../screens/blessed/terminal';
import { initialView, type ScreenId } from '../screens/view-state';

const WIDTH = 200;
const HEIGHT = 60;
const HISTORY = 5000;
const FRAMES = Number(process.env.BENCH_FRAMES ?? 60);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

function main(): void {
  const t0 = performance.now();
  const sim = new SimulationSource(resolveScenario('overcommit'), { seed: 1, stepSeconds: 5 });
  const timeline = new Timeline({ maxHistory: HISTORY });
  for (let i = 0; i < HISTORY; i++) timeline.push(sim.nextSample());
  timeline.last();
  const simMs = performance.now() - t0;

  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode() {} });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: WIDTH, rows: HEIGHT });
  output.on('data', () => {});
  const screen = openScreen({ terminal: 'xterm-256color', input, output });
  const theme = themeFor('dark');
  const graph = new ChartView(screen, theme);

  const frameInput = (screenId: ScreenId): FrameInput => {
    const sample = timeline.current!;
    const view = { ...initialView(defaultFieldLayout(), 5), vmsOnly: true, screen: screenId };
    return {
      view,
      sample,
      rows: visibleRows(sample, view),
      notes: [],
      width: WIDTH,
      height: HEIGHT,
      status: { info: sim.info, time: sample.time, position: timeline.position(), paused: true, atLast: timeline.atLast, speed: 1, delaySeconds: 5, status: null, warnings: 0, recording: null, now: Date.now() },
    };
  };

  const table = (): void => {
    const lines = renderFrame(frameInput('table')).lines;
    graph.hide();
    screen.once('prerender', () => paint(screen, lines, theme));
    screen.render();
  };
  const hostGraph = (screenId: ScreenId): void => {
    const sample = timeline.current!;
    const frame = renderFrame(frameInput(screenId));
    if (!frame.charts || !('charts' in frame.charts)) throw new Error('no charts at 200x60');
    graph.update({ charts: frame.charts.charts, history: timeline, minFree: sample.host.values.minFree, state: sample.host.state, zoom: false });
    screen.once('prerender', () => paint(screen, frame.lines, theme));
    screen.render();
  };
  const seriesOnly = (): void => {
    const frame = renderFrame(frameInput('hostGraph'));
    if (frame.charts && 'charts' in frame.charts) for (const c of frame.charts.charts) buildSeries(timeline, c.specs, pointsFor(plotWidth(c)));
  };

  const cases: [string, () => void][] = [
    ['table frame (baseline)', table],
    ['host graph frame', () => hostGraph('hostGraph')],
    ['group graph frame', () => hostGraph('groupGraph')],
    ['host series only', seriesOnly],
  ];
  const times = new Map<string, number[]>(cases.map(([n]) => [n, []]));
  // Blocks of BLOCK frames per case, the blocks interleaved (machine noise hits the cases alike). The first
  // frame of a block switches the screen between table and graph and is not counted: a user staying in a view
  // pays frame-to-frame costs. The cursor moves by one sample per frame.
  const BLOCK = 10;
  for (let round = 0; round < Math.ceil(FRAMES / BLOCK); round++) {
    for (const [name, f] of cases) {
      f();
      for (let i = 0; i < BLOCK; i++) {
        timeline.step(i % 2 === 0 ? -1 : 1);
        const s = performance.now();
        f();
        times.get(name)!.push(performance.now() - s);
      }
    }
  }
  screen.destroy();

  const base = times.get('table frame (baseline)')!;
  const bm = median(base);
  const bp = p95(base);
  console.log(`graph bench: ${HISTORY} samples of the overcommit lesson (simulated in ${simMs.toFixed(0)} ms), ${WIDTH}x${HEIGHT}, ${FRAMES} frames per case`);
  console.log('case                      median ms   p95 ms   median / baseline   p95 / baseline');
  for (const [name] of cases) {
    const xs = times.get(name)!;
    console.log(`${name.padEnd(24)}  ${median(xs).toFixed(2).padStart(9)}  ${p95(xs).toFixed(2).padStart(7)}   ${(median(xs) / bm).toFixed(1).padStart(16)}x  ${(p95(xs) / bp).toFixed(1).padStart(14)}x`);
  }
}

main();
