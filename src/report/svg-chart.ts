/**
 * A line chart as inline SVG text: time across, MB up, downsampled series
 * (each bucket's minimum and maximum), dashed reference lines, shaded bands.
 * Colours come from CSS classes, so the page's light, dark and print styles
 * apply. Everything from the data is escaped.
 */
import type { SeriesView } from './downsampled-series';
import { escapeHtml } from './html-escape';

export interface ChartSeries {
  label: string;
  /** CSS class of the line (its colour). */
  cls: string;
  data: SeriesView;
  dashed?: boolean;
}

export interface ChartBand {
  label: string;
  cls: string;
  from: number;
  to: number;
}

interface ChartSpec {
  title: string;
  /** Bucket start times, and the time of the last sample (the right edge). */
  times: readonly number[];
  end: number;
  series: ChartSeries[];
  bands?: ChartBand[];
  /** Highest value to show at least (e.g. the top of the state bands). */
  minTop?: number;
  timeLabel: (ms: number) => string;
}

const W = 760;
const H = 240;
const LEFT = 64;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 28;

const r1 = (x: number) => Math.round(x * 10) / 10;

/** Round tick steps: 1, 2 or 5 times a power of ten. */
function niceStep(range: number, ticks: number): number {
  const raw = range / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function maxOf(s: SeriesView, n: number): number {
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (s.max[i] > m) m = s.max[i];
  return m;
}

/** The SVG path of a downsampled series: each bucket a vertical stroke from its min to its max, gaps left open. */
function seriesPath(s: SeriesView, n: number, x: (i: number) => number, y: (v: number) => number): string {
  const parts: string[] = [];
  let pen = false;
  let lastY = 0;
  for (let i = 0; i < n; i++) {
    const lo = s.min[i];
    const hi = s.max[i];
    if (Number.isNaN(lo) || Number.isNaN(hi)) {
      pen = false;
      continue;
    }
    const xi = r1(x(i));
    const ylo = r1(y(lo));
    const yhi = r1(y(hi));
    // Go first to whichever end is nearer the previous point, so a flat series stays one line.
    const [a, b] = pen && Math.abs(lastY - yhi) < Math.abs(lastY - ylo) ? [yhi, ylo] : [ylo, yhi];
    parts.push(`${pen ? 'L' : 'M'}${xi} ${a}`);
    if (b !== a || !pen) parts.push(`L${xi} ${b}`);
    pen = true;
    lastY = b;
  }
  return parts.join(' ');
}

export function lineChart(spec: ChartSpec): string {
  const n = spec.times.length;
  const t0 = n > 0 ? spec.times[0] : 0;
  const span = Math.max(spec.end - t0, 1);
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const x = (i: number) => (n <= 1 ? LEFT + plotW / 2 : LEFT + ((spec.times[i] - t0) / span) * plotW);
  let top = spec.minTop ?? 0;
  for (const s of spec.series) top = Math.max(top, maxOf(s.data, n));
  if (!(top > 0)) top = 1;
  const step = niceStep(top, 4);
  top = Math.ceil((top * 1.05) / step) * step;
  const y = (v: number) => TOP + plotH - (Math.max(0, Math.min(v, top)) / top) * plotH;

  const out: string[] = [];
  out.push(`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(spec.title)}">`);
  out.push(`<title>${escapeHtml(spec.title)}</title>`);
  for (const b of spec.bands ?? []) {
    const y1 = y(Math.min(b.to, top));
    const y2 = y(b.from);
    if (y2 - y1 > 0.5) out.push(`<rect class="band ${b.cls}" x="${LEFT}" y="${r1(y1)}" width="${plotW}" height="${r1(y2 - y1)}"><title>${escapeHtml(b.label)}</title></rect>`);
  }
  for (let v = 0; v <= top + step / 2; v += step) {
    const yy = r1(y(v));
    out.push(`<line class="grid" x1="${LEFT}" x2="${W - RIGHT}" y1="${yy}" y2="${yy}"/>`);
    out.push(`<text class="tick" x="${LEFT - 6}" y="${yy + 4}" text-anchor="end">${escapeHtml(formatMB(v))}</text>`);
  }
  const labels = Math.min(5, Math.max(1, n));
  for (let k = 0; k < labels; k++) {
    const tt = labels === 1 ? t0 : t0 + (span * k) / (labels - 1);
    const xx = n <= 1 ? LEFT + plotW / 2 : LEFT + ((tt - t0) / span) * plotW;
    const anchor = labels === 1 ? 'middle' : k === 0 ? 'start' : k === labels - 1 ? 'end' : 'middle';
    out.push(`<text class="tick" x="${r1(xx)}" y="${H - 8}" text-anchor="${anchor}">${escapeHtml(spec.timeLabel(tt))}</text>`);
  }
  out.push(`<rect class="frame" x="${LEFT}" y="${TOP}" width="${plotW}" height="${plotH}"/>`);
  for (const s of spec.series) {
    const d = seriesPath(s.data, n, x, y);
    if (d) out.push(`<path class="line ${s.cls}${s.dashed ? ' dashed' : ''}" d="${d}"><title>${escapeHtml(s.label)}</title></path>`);
  }
  out.push('</svg>');
  return out.join('');
}

function formatMB(v: number): string {
  return v >= 10000 ? `${Math.round(v / 1000)}k` : `${Math.round(v * 100) / 100}`;
}
