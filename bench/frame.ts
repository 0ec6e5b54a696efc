/**
 * Dashboard performance, as ratios against baselines measured in the same run:
 *   1. frame time (state -> lines -> blessed screen) for 1,000 groups at 200x60,
 *      against the bare cost of a blessed render of the same text;
 *   2. CPU of an idle dashboard on a realtime source at a 2 s delay, against an
 *      idle Node process with the same 2 s timer (20 s each; BENCH_IDLE_SECONDS);
 *   3. memory of a 1,000-sample history of the real capture's host, against the
 *      heap before it.
 * Run: npx tsc -p . && node dist/bench/frame.js
 */
import { PassThrough } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import { CaptureSource } from '../src/sources/capture/capture-source';
import type { Group, Sample } from '../src/sample/sample';
import type { SampleSource, SourceInfo, SourceStatus } from '../src/sources/source';
import { defaultFieldLayout, toggleField } from '../src/config/field-layout';
import { defaultEsxtopRc } from '../src/config/esxtoprc';
import { Timeline } from '../src/timeline/timeline';
import { renderFrame } from '../screens/frame';
import { visibleRows } from '../screens/rows';
import type { FrameInput } from '../screens/screen';
import { frameToTags } from './tags';
import { paint } from '../screens/blessed/painter';
import { themeFor } from '../screens/parts/theme';
import type { Line } from '../screens/parts/line';
import { initialView } from '../screens/view-state';
import { openScreen } from '../screens/blessed/terminal';
import { DashboardApp } from '../screens/blessed/app';
import { resolve } from 'node:path';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CAPTURE = resolve(__dirname, '..', '..', '..', 'shared', 'captures', 'esxi65-ballooning-a.csv');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

function fakeStreams(columns: number, rows: number) {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode() {} });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns, rows });
  let bytes = 0;
  output.on('data', (d: Buffer) => (bytes += d.length));
  return { input, output, bytes: () => bytes };
}

/** `n` groups made from the real capture's groups, values jittered by `seed` so each frame differs. */
function scaleGroups(base: Group[], n: number, seed: number): Group[] {
  const out: Group[] = [];
  for (let i = 0; i < n; i++) {
    const g = base[i % base.length];
    const values = { ...g.values };
    for (const [k, v] of Object.entries(g.values) as [keyof typeof values, number | null][]) values[k] = v === null ? null : Math.round(v * (1 + (((i * 7 + seed * 13) % 17) - 8) / 100) * 100) / 100;
    out.push({ gid: 100000 + i, name: `${g.name}-${i}`, kind: g.kind, values, extra: {} });
  }
  return out;
}

async function firstSamples(): Promise<Sample[]> {
  const src = await CaptureSource.open(CAPTURE);
  const out: Sample[] = [];
  for (let s; (s = await src.next()); ) out.push(s);
  await src.close();
  return out;
}

function frameInputFor(sample: Sample, width: number, height: number): FrameInput {
  const view = initialView(toggleField(defaultFieldLayout(), 'J'), 2);
  return {
    view,
    sample,
    rows: visibleRows(sample, view),
    notes: [],
    width,
    height,
    status: {
      info: { kind: 'capture', label: 'bench', realtime: false },
      time: sample.time,
      position: { index: 1, total: 1000, dropped: 0, complete: true },
      paused: false,
      atLast: false,
      speed: 1,
      delaySeconds: 2,
      status: null,
      warnings: 0,
      recording: null,
      now: Date.now(),
    },
  };
}

async function benchFrame(samples: Sample[]): Promise<void> {
  const W = 200;
  const H = 60;
  const frames = Array.from({ length: 8 }, (_, k) => ({ ...samples[k % samples.length], time: samples[0].time + k * 5000, groups: scaleGroups(samples[0].groups, 1000, k) }));
  // Baseline screen: one blessed box holding the tagged text. Our screen: no widgets, the frame painted into the cells.
  const streams = fakeStreams(W, H);
  const screen = openScreen({ terminal: 'xterm-256color', input: streams.input, output: streams.output });
  const blessed = require('blessed');
  const box = blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: '100%', tags: true, wrap: false });
  const ours = fakeStreams(W, H);
  const dash = openScreen({ terminal: 'xterm-256color', input: ours.input, output: ours.output });
  let current: Line[] = [];
  dash.on('prerender', () => paint(dash, current, themeFor('dark')));
  const N = 400;
  // Baseline: the same texts, already tagged, handed to blessed (setContent + render).
  const texts = frames.map((s) => frameToTags(renderFrame(frameInputFor(s, W, H)).lines));
  const base: number[] = [];
  const full: number[] = [];
  const pure: number[] = [];
  for (let i = 0; i < 50; i++) {
    box.setContent(texts[i % texts.length]);
    screen.render();
  }
  for (let i = 0; i < N; i++) {
    // Interleave the two measurements so that machine noise hits both alike.
    let t0 = process.hrtime.bigint();
    box.setContent(texts[i % texts.length]);
    screen.render();
    base.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const input = frameInputFor(frames[(i + 3) % frames.length], W, H);
    t0 = process.hrtime.bigint();
    current = renderFrame(input).lines;
    const t1 = process.hrtime.bigint();
    dash.render();
    const t2 = process.hrtime.bigint();
    pure.push(Number(t1 - t0) / 1e6);
    full.push(Number(t2 - t0) / 1e6);
  }
  screen.destroy();
  dash.destroy();
  const mb = median(base);
  const mf = median(full);
  console.log(`frame, 1,000 groups at ${W}x${H} (${N} frames, each a different sample: sort + format + draw):`);
  console.log(`  baseline  blessed box setContent+render of the same text:     median ${mb.toFixed(3)} ms, p95 ${pct(base, 0.95).toFixed(3)} ms`);
  console.log(`  balloontop state -> lines:                                   median ${median(pure).toFixed(3)} ms`);
  console.log(`  balloontop state -> lines -> cells -> screen:              median ${mf.toFixed(3)} ms, p95 ${pct(full, 0.95).toFixed(3)} ms`);
  console.log(`  ratio full/baseline: ${(mf / mb).toFixed(2)}x   target median < 5 ms: ${mf < 5 ? 'met' : 'NOT met'}`);
}

/** A realtime source answering every poll with the next capture sample (cycled), as a live host would. */
class CyclingSource implements SampleSource {
  readonly info: SourceInfo = { kind: 'live', label: 'bench', realtime: true };
  private i = 0;
  constructor(private readonly samples: Sample[]) {}
  async next(): Promise<Sample> {
    const s = this.samples[this.i % this.samples.length];
    return { ...s, time: s.time + this.i++ * 2000 };
  }
  warnings() {
    return [];
  }
  /** Like a live source: the dashboard checks the connection state every second. */
  status(): SourceStatus {
    return { state: 'connected', message: 'bench', lastGoodSample: Date.now(), insecure: false };
  }
  async close() {}
}

async function cpuOver(seconds: number, body: () => Promise<void>): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await body();
  const c1 = process.cpuUsage(c0);
  const wall = Number(process.hrtime.bigint() - t0) / 1e3; // microseconds
  void seconds;
  return ((c1.user + c1.system) / wall) * 100;
}

async function benchIdle(samples: Sample[]): Promise<void> {
  const seconds = Number(process.env.BENCH_IDLE_SECONDS ?? 20);
  const baseline = await cpuOver(seconds, async () => {
    const timer = setInterval(() => {}, 2000);
    await sleep(seconds * 1000);
    clearInterval(timer);
  });
  const streams = fakeStreams(200, 60);
  const app = new DashboardApp({
    source: new CyclingSource(samples),
    config: { rc: defaultEsxtopRc(defaultFieldLayout(), 2), readFrom: null, writePath: '/dev/null', warning: null },
    delaySeconds: 2,
    speed: 1,
    terminal: 'xterm-256color',
    input: streams.input,
    output: streams.output,
  });
  void app.start();
  const dash = await cpuOver(seconds, () => sleep(seconds * 1000));
  const polls = app.timeline.position().total;
  app.quit();
  console.log(`idle dashboard, realtime source, 2 s delay, ${seconds} s${seconds < 60 ? ' (shortened from a minute; BENCH_IDLE_SECONDS=60 for the full minute)' : ''}:`);
  console.log(`  baseline  idle node with a 2 s timer: ${baseline.toFixed(3)} % of a core`);
  console.log(`  dashboard (${polls} polls, ${(streams.bytes() / 1024).toFixed(0)} KiB drawn): ${dash.toFixed(3)} % of a core`);
  console.log(`  ratio: ${(dash / Math.max(baseline, 0.001)).toFixed(1)}x   target < 2 %: ${dash < 2 ? 'met' : 'NOT met'}`);
}

async function benchMemory(samples: Sample[]): Promise<void> {
  gc();
  const before = process.memoryUsage().heapUsed;
  const timeline = new Timeline({ maxHistory: 1000 });
  // 1,000 distinct samples (fresh objects, as a source produces them) of the real host.
  for (let i = 0; i < 1000; i++) {
    const s = samples[i % samples.length];
    timeline.push({ ...s, time: s.time + i * 5000, groups: scaleGroups(s.groups, s.groups.length, i) });
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  const mb = (after - before) / 1048576;
  console.log(`memory, 1,000-sample history of esxi65-ballooning-a.csv (${samples[0].groups.length} groups, ${Object.keys(samples[0].groups[0].values).length} counters each):`);
  console.log(`  baseline heap before: ${(before / 1048576).toFixed(1)} MB; history adds ${mb.toFixed(1)} MB (${((after / before)).toFixed(2)}x the baseline heap); rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
  console.log(`  target < 100 MB: ${mb < 100 ? 'met' : 'NOT met'}`);
  if (timeline.length !== 1000) throw new Error('history not kept');
}

async function main(): Promise<void> {
  const samples = await firstSamples();
  await benchFrame(samples);
  await benchMemory(samples);
  await benchIdle(samples);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
