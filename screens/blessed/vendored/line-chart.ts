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
 * 7. The legend stays inside the chart's frame: without its own border when
 *    the chart is too low for one (a 7-row chart at 80x24), and with as many
 *    entries as fit. The original draws it past the frame.
 * 8. Reference lines can carry a label drawn on the plot at their left end
 *    (`marks`): boundaries a few MB apart fall in one text row at 80x24, and
 *    a terminal without colour (`NO_COLOR`) has nothing else to tell them by.
 * 9. Colours may be 'normal' (the terminal's own), for a theme without
 *    colour; the axis colour may be absent for the same reason.
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
  /** xterm-256 palette number, or 'normal' for the terminal's own colour. */
  colour: number | 'normal';
}

/** A label on the plot at the left end of a reference line (change 8). */
export interface LineMark {
  value: number;
  text: string;
  colour: number | 'normal';
}

interface LineChartOptions {
  top: number;
  left: number;
  width: number;
  height: number;
  /** Cells the plot (canvas) spans; the legend takes the rest, to the right. */
  plotCells: number;
  legendWidth: number;
  /** Axis text, axis line and frame colour (palette number); none = the terminal's own. */
  axisColour: number | undefined;
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
  /** Labels of reference lines, drawn on top of the lines (change 8). */
  marks: LineMark[] = [];
  private readonly axisColour: number | 'normal';
  private legend: blessed.Widgets.BoxElement | null = null;

  constructor(opts: LineChartOptions) {
    super({ top: opts.top, left: opts.left, width: opts.width, height: opts.height, border: { type: 'line' }, style: { border: opts.axisColour === undefined ? {} : { fg: opts.axisColour } }, label: opts.label });
    this.plotCells = opts.plotCells;
    this.legendWidth = opts.legendWidth;
    this.maxY = opts.maxY;
    this.axisColour = opts.axisColour ?? 'normal';
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

    this.drawMarks(yPixel, xPadding);

    const longest = labels.reduce((n, l) => Math.max(n, l.length), 0);
    const maxLabels = (size.width - xPadding) / 2 / (longest + 2);
    const nth = Math.max(1, Math.ceil((data[0]?.y.length ?? 0) / maxLabels));
    for (let i = 0; i < labels.length; i += nth) {
      if (xPixel(i) + labels[i].length * 2 <= size.width) c.fillText(labels[i], xPixel(i), size.height - Y_PADDING + Y_LABEL_PADDING);
    }
  }

  /**
   * Change 8: each mark's text at the left end of its line, one text row per
   * canvas row of 4 pixels; marks that fall in the same row share it
   * (`hard/low`), in the colour of the first.
   */
  private drawMarks(yPixel: (v: number) => number, xPadding: number): void {
    const c = this.ctx!;
    const rows = new Map<number, LineMark[]>();
    for (const m of this.marks) {
      if (!(m.value >= 0 && m.value <= this.maxY)) continue;
      const row = Math.floor(yPixel(m.value) / 4);
      const list = rows.get(row) ?? [];
      list.push(m);
      rows.set(row, list);
    }
    for (const [row, list] of rows) {
      c.fillStyle = list[0].colour;
      c.fillText(list.map((m) => m.text).join('/'), xPadding + 2, row * 4);
    }
  }

  /** Changes 4 and 7: the legend to the right of the plot, framed in the axis colour when the chart has room for a frame. */
  private drawLegend(data: LineSeries[]): void {
    if (this.legend) this.remove(this.legend);
    // Inside the chart's frame: rows 1 to height - 2 (the legend's own frame takes two of them).
    const inner = (this.height as number) - 2;
    const framed = data.length + 2 <= inner;
    const shown = data.slice(0, framed ? data.length : inner);
    const maxChars = this.legendWidth - (framed ? 2 : 0);
    const colourTag = (c: number | 'normal', close: boolean) => (c === 'normal' ? '' : `{${close ? '/' : ''}${c}-fg}`);
    this.legend = blessed.box({
      height: shown.length + (framed ? 2 : 0),
      top: 1,
      width: this.legendWidth,
      left: (this.width as number) - this.legendWidth - 3,
      tags: true,
      ...(framed ? { border: { type: 'line' as const }, style: { border: this.axisColour === 'normal' ? {} : { fg: this.axisColour } } } : {}),
      content: shown.map((s) => `${colourTag(s.colour, false)}${blessed.escape(s.title.substring(0, maxChars))}${colourTag(s.colour, true)}`).join('\r\n'),
    });
    this.append(this.legend);
  }
}
