/**
 * A line chart for the graph view: blessed-contrib's `line` widget, vendored.
 *
 * Origin: blessed-contrib 4.11.0, `lib/widget/charts/line.js`
 * (https://github.com/yaronn/blessed-contrib), MIT licence,
 * Copyright (c) 2015 Yaron Naveh and blessed-contrib contributors.
 * It still draws on blessed-contrib's own canvas widget
 * (`lib/widget/canvas.js`, braille cells through drawille), loaded directly:
 * the package's index also loads its world-map widget, about 0.1 s of start-up
 * that a chart does not need.
 *
 * Changes from the original, each for a reason the original cannot meet:
 * 1. The canvas spans the plot only (`plotCells`), not the whole widget: the
 *    legend sits to the right of the plot and never hides the newest points.
 * 2. A missing value (null/NaN) lifts the pen: the next point starts a new
 *    stroke. The original joins every point, and a NaN point hangs its line
 *    drawing.
 * 3. `render` collapses the canvas's per-cell colour codes before blessed
 *    parses them (`collapseColourRuns`): about a third less drawing time.
 * 4. The legend's frame takes the axis colour (`style.border.fg`); the
 *    original draws it black, invisible on a dark terminal.
 * 5. The y scale always comes from `maxY` (the caller computes a round top
 *    over all series); the lodash scan of every series is gone.
 * 6. TypeScript, and only the options balloontop uses.
 */
import blessed from 'blessed';

/** blessed-contrib's canvas widget (a blessed Box whose content is a braille canvas). */
 
const Canvas = require('blessed-contrib/lib/widget/canvas') as CanvasConstructor;

interface CanvasContext {
  strokeStyle: string | number;
  fillStyle: string | number;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  _canvas: { frame(): string };
}

interface CanvasInstance extends blessed.Widgets.BoxElement {
  ctx: CanvasContext | undefined;
  canvasSize: { width: number; height: number };
  /** blessed's own drawing of the box (Element.prototype.render). */
  _render(): blessed.Widgets.Coords;
  clearPos(full: boolean): void;
}

type CanvasConstructor = new (options: object) => CanvasInstance;

export interface LineSeries {
  title: string;
  /** One label per point (time of day). */
  x: string[];
  /** One value per point; NaN = missing (a gap). */
  y: number[];
  /** xterm-256 palette number. */
  colour: number;
}

interface LineChartOptions {
  top: number;
  left: number;
  width: number;
  height: number;
  /** Cells the plot (canvas) spans; the legend takes the rest, to the right. */
  plotCells: number;
  legendWidth: number;
  /** Axis text, axis line and frame colour (palette number). */
  axisColour: number;
  /** Top of the y scale. */
  maxY: number;
  label?: string;
}

const SGR_FG = /\x1b\[(39|38;5;\d+)m/g;

/**
 * The canvas frame wraps every braille cell in its own colour codes, and
 * blessed parses each one (most of a chart's drawing time): a reset followed
 * at once by the colour already in force is dropped.
 */
export function collapseColourRuns(frame: string): string {
  let current: string | null = null;
  let skipOpen = false;
  return frame.replace(SGR_FG, (match: string, code: string, offset: number, whole: string) => {
    if (code === '39') {
      if (current !== null && whole.startsWith(`\x1b[${current}m`, offset + match.length)) {
        skipOpen = true;
        return '';
      }
      current = null;
      return match;
    }
    if (skipOpen) {
      skipOpen = false;
      return '';
    }
    current = code;
    return match;
  });
}

const X_LABEL_PADDING = 3;
const X_PADDING = 5;
const Y_LABEL_PADDING = 3;
const Y_PADDING = 11;
const Y_LABELS = 5;

export class LineChart extends Canvas {
  plotCells: number;
  legendWidth: number;
  maxY: number;
  private readonly axisColour: number;
  private legend: blessed.Widgets.BoxElement | null = null;

  constructor(opts: LineChartOptions) {
    super({ top: opts.top, left: opts.left, width: opts.width, height: opts.height, border: { type: 'line' }, style: { border: { fg: opts.axisColour } }, label: opts.label });
    this.plotCells = opts.plotCells;
    this.legendWidth = opts.legendWidth;
    this.maxY = opts.maxY;
    this.axisColour = opts.axisColour;
  }

  /** Change 1: the canvas covers the plot cells only. */
  calcSize(): void {
    this.canvasSize = { width: this.plotCells * 2 - 12, height: (this.height as number) * 4 - 8 };
  }

  /** Change 3. */
  override render(): blessed.Widgets.Coords {
    this.clearPos(true);
    this.setContent(collapseColourRuns(this.ctx!._canvas.frame()));
    return this._render();
  }

  setData(data: LineSeries[]): void {
    const c = this.ctx;
    if (!c) throw new Error('LineChart.setData before the chart is appended to the screen');
    const size = this.canvasSize;
    const labels = data[0]?.x ?? [];
    const maxY = this.maxY;
    const minY = 0;
    let xLabelPadding = X_LABEL_PADDING;
    const formatY = (value: number) => value.toFixed((maxY - minY) / Y_LABELS < 1 && value !== 0 ? 2 : 0);
    xLabelPadding = Math.max(xLabelPadding, formatY(maxY).length * 2);
    const xPadding = Math.max(X_PADDING, xLabelPadding);
    const xPixel = (i: number) => ((size.width - xPadding) / labels.length) * i + xPadding + 2;
    // -2: the baseline and the lowest data line fall in different cells, so both keep their colours.
    const yPixel = (v: number) => size.height - Y_PADDING - ((size.height - Y_PADDING) / (maxY - minY)) * (v - minY) - 2;

    this.drawLegend(data);
    c.fillStyle = this.axisColour;
    c.clearRect(0, 0, size.width, size.height);
    const step = (maxY - minY) / Y_LABELS || 1;
    for (let v = minY; v < maxY; v += step) c.fillText(formatY(v), xPadding - xLabelPadding, yPixel(v));

    // Change 2: a missing value lifts the pen.
    for (const series of data) {
      c.strokeStyle = series.colour;
      c.beginPath();
      let penDown = false;
      series.y.forEach((v, i) => {
        if (!Number.isFinite(v)) {
          penDown = false;
          return;
        }
        if (penDown) c.lineTo(xPixel(i), yPixel(v));
        else c.moveTo(xPixel(i), yPixel(v));
        penDown = true;
      });
      c.stroke();
    }

    c.strokeStyle = this.axisColour;
    c.beginPath();
    c.moveTo(xPadding, 0);
    c.lineTo(xPadding, size.height - Y_PADDING);
    c.lineTo(size.width, size.height - Y_PADDING);
    c.stroke();

    const longest = labels.reduce((n, l) => Math.max(n, l.length), 0);
    const maxLabels = (size.width - xPadding) / 2 / (longest + 2);
    const nth = Math.max(1, Math.ceil((data[0]?.y.length ?? 0) / maxLabels));
    for (let i = 0; i < labels.length; i += nth) {
      if (xPixel(i) + labels[i].length * 2 <= size.width) c.fillText(labels[i], xPixel(i), size.height - Y_PADDING + Y_LABEL_PADDING);
    }
  }

  /** Change 4: the legend to the right of the plot, framed in the axis colour. */
  private drawLegend(data: LineSeries[]): void {
    if (this.legend) this.remove(this.legend);
    const maxChars = this.legendWidth - 2;
    this.legend = blessed.box({
      height: data.length + 2,
      top: 1,
      width: this.legendWidth,
      left: (this.width as number) - this.legendWidth - 3,
      tags: true,
      border: { type: 'line' },
      style: { border: { fg: this.axisColour } },
      content: data.map((s) => `{${s.colour}-fg}${blessed.escape(s.title.substring(0, maxChars))}{/${s.colour}-fg}`).join('\r\n'),
    });
    this.append(this.legend);
  }
}
