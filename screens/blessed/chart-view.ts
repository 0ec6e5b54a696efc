/**
 * The graph view's line charts (the vendored blessed-contrib line widget,
 * `vendored/line-chart.ts`). Each chart is a widget made once and reused; an
 * update draws only the points that fit its width (`graph/series.ts`). The
 * canvas is sized when the widget is attached, so a new size emits `attach`
 * again before the data is set again.
 */
import type { Value } from '../../src/sample/sample';
import { STATE_THRESHOLDS, type MemState } from '../../src/sample/mem-state';
import { buildSeries, seriesMax, stateBoundaries, type History, type SeriesSet } from '../graph/series';
import type { ScreenWithLines } from './blessed-types';
import type { Theme } from '../parts/theme';
import type { PlacedChart } from '../graph/graph-layout';
import { timeLabels } from '../graph/time-labels';
import { displayWidth, truncate } from '../parts/text-width';
import { LineChart, type LineMark, type LineSeries } from './vendored/line-chart';

/** Canvas columns a plot of `width` cells has for points (blessed-contrib: 2 per cell, less the y labels). */
export function pointsFor(width: number): number {
  return Math.max(2, 2 * width - 40);
}

/** The legend's width for a chart: its longest label (boundary labels get room for their MB), within a third of the chart. */
export function legendWidth(chart: PlacedChart): number {
  const longest = Math.max(...chart.specs.map((s) => s.label.length + (chart.boundaries && s.id.startsWith('boundary-') ? 6 : 0)));
  return Math.min(Math.max(12, longest + 4), Math.floor(chart.width / 3));
}

/** Cells of the plot: the chart less the legend, which sits to its right so it never hides the latest points. */
export function plotWidth(chart: PlacedChart): number {
  return chart.width - legendWidth(chart) - 1;
}

/** A y-axis top a little above the data, so the highest line is not on the frame. */
function niceMax(max: number | null): number {
  if (max === null || max <= 0) return 1;
  const raw = max * 1.1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

export interface GraphUpdate {
  charts: PlacedChart[];
  history: History;
  /** Current sample's minFree (boundary labels) and state word. */
  minFree: Value;
  state: MemState | null;
  /** The boundaries chart's scale ends just above the high boundary (values above it are drawn on the top edge). */
  zoom: boolean;
}

export class ChartView {
  private readonly widgets = new Map<string, { widget: LineChart; geometry: string }>();
  /** The last series drawn, by chart id (tests and the bench read them). */
  readonly drawn = new Map<string, SeriesSet>();

  constructor(
    private readonly screen: ScreenWithLines,
    private readonly theme: Theme,
  ) {}

  hide(): void {
    for (const { widget } of this.widgets.values()) if (!widget.hidden) widget.hide();
  }

  update(u: GraphUpdate): void {
    const shown = new Set(u.charts.map((c) => c.id));
    for (const [id, { widget }] of this.widgets) if (!shown.has(id) && !widget.hidden) widget.hide();
    for (const chart of u.charts) this.draw(chart, u);
  }

  private widgetFor(chart: PlacedChart): LineChart {
    let entry = this.widgets.get(chart.id);
    if (!entry) {
      const widget = new LineChart({ top: chart.top, left: 0, width: chart.width, height: chart.height, plotCells: plotWidth(chart), legendWidth: legendWidth(chart), axisColour: this.theme.axisColour, maxY: 1 });
      // Appending emits `attach`, which makes the canvas for this size.
      this.screen.append(widget);
      entry = { widget, geometry: geometry(chart) };
      this.widgets.set(chart.id, entry);
    }
    const { widget } = entry;
    if (widget.hidden) widget.show();
    const g = geometry(chart);
    if (g !== entry.geometry) {
      widget.top = chart.top;
      widget.left = 0;
      widget.width = chart.width;
      widget.height = chart.height;
      widget.plotCells = plotWidth(chart);
      widget.emit('attach'); // a new canvas for the new size (the canvas is sized only on attach)
      entry.geometry = g;
    }
    return widget;
  }

  private draw(chart: PlacedChart, u: GraphUpdate): void {
    const widget = this.widgetFor(chart);
    const set = buildSeries(u.history, chart.specs, pointsFor(plotWidth(chart)));
    this.drawn.set(chart.id, set);
    const bounds = chart.boundaries ? stateBoundaries(u.minFree) : [];
    // One sample is one point, which a line does not show: draw it as a short flat stroke.
    const one = set.times.length === 1;
    const labels = set.times.length > 0 ? timeLabels(one ? [set.times[0], set.times[0]] : set.times) : [''];
    const data: LineSeries[] = set.series.map((s) => {
      const b = bounds.find((x) => `boundary-${x.state}` === s.id);
      const title = b && b.mb !== null ? `${s.label} ${Math.round(b.mb)}` : s.label;
      const y = s.points.length === 0 ? [NaN] : one ? [gap(s.points[0]), gap(s.points[0])] : s.points.map(gap);
      return { title, x: labels, y, colour: this.theme.seriesColour(s.id) };
    });
    let maxY = niceMax(seriesMax(set));
    let zoomed = '';
    if (chart.boundaries && u.zoom && u.minFree !== null && u.minFree > 0) {
      const top = niceMax(u.minFree * STATE_THRESHOLDS.high);
      if (top < maxY) {
        maxY = top;
        // The highest point blessed-contrib draws inside the canvas is a few pixels under maxY.
        const edge = top * (1 - 3 / Math.max(4, 4 * chart.height - 19));
        for (const d of data) d.y = d.y.map((v) => (v > edge ? edge : v));
        zoomed = `, zoomed to ${top} MB (z: all)`;
      }
    }
    widget.maxY = maxY;
    widget.legendWidth = legendWidth(chart);
    widget.marks = bounds.flatMap((b): LineMark[] => (b.mb === null ? [] : [{ value: b.mb, text: b.state, colour: this.theme.seriesColour(`boundary-${b.state}`) }]));
    const state = chart.boundaries ? `  state: ${u.state ?? '-'}` : '';
    const count = set.bucketSize > 1 ? `${set.samples} samples, min and max of every ${set.bucketSize.toFixed(1)}` : `${set.samples} sample${set.samples === 1 ? '' : 's'}`;
    const empty = seriesMax(set) === null && set.samples > 0;
    widget.setLabel(chartLabel(chart, { state, span: `, ${count}`, empty, zoomed, tab: chart.next ? `  Tab: ${chart.next}` : '' }));
    widget.setData(data);
  }

  destroy(): void {
    for (const { widget } of this.widgets.values()) widget.destroy();
    this.widgets.clear();
  }
}

/**
 * The chart's label on its top border: the title, the state word, the
 * samples, whether the source has these counters at all, the zoom and the
 * Tab hint. When the border is too short: fewer words for "no values", the
 * compact title, then no sample count; what is left is cut (a label longer
 * than the border would wrap into the chart).
 */
export function chartLabel(chart: PlacedChart, p: { state: string; span: string; empty: boolean; zoomed: string; tab: string }): string {
  const room = chart.width - 4;
  const noValues = p.empty ? ', no values: the source does not have these counters' : '';
  const fewer = p.empty ? ', no values' : '';
  const tries = [
    ` ${chart.title}${p.state}${p.span}${noValues}${p.zoomed}${p.tab} `,
    ` ${chart.title}${p.state}${p.span}${fewer}${p.zoomed}${p.tab} `,
    ` ${chart.compact}${p.state}${p.span}${fewer}${p.zoomed}${p.tab} `,
    ` ${chart.compact}${p.state}${fewer}${p.zoomed}${p.tab} `,
  ];
  // By display width: a name with wide characters must not push the label into the chart.
  const label = tries.find((t) => displayWidth(t) <= room) ?? tries[tries.length - 1];
  return displayWidth(label) > room ? `${truncate(label, room - 1, '…')} ` : label;
}

function gap(v: Value): number {
  return v === null ? NaN : v;
}

function geometry(c: PlacedChart): string {
  return `${c.top},${c.width},${c.height},${plotWidth(c)}`;
}
