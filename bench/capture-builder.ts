/**
 * Large captures for the benchmarks, built from the real layout of
 * esxi65-ballooning-a.csv: its 17,427-column header verbatim, and its rows
 * with every number varied per sample (the junk last column kept unquoted, as
 * esxtop writes it), cycled with new timestamps 5 s apart.
 */
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCsv } from '../src/sources/capture/csv-scanner';

export const REAL_CAPTURE = resolve(__dirname, '..', '..', '..', 'shared', 'captures', 'esxi65-ballooning-a.csv');

export interface CaptureLayoutText {
  header: string;
  bodies: string[];
  start: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
function stamp(ms: number): string {
  const d = new Date(ms);
  return `"${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}"`;
}

/** The real header line, and `count` row bodies (everything after the timestamp) with every number varied. */
export function realLayout(count: number): CaptureLayoutText {
  const text = readFileSync(REAL_CAPTURE);
  const headerEnd = text.indexOf(0x0a);
  const header = text.toString('utf8', 0, headerEnd);
  const rows = parseCsv(text.subarray(headerEnd + 1)).map((r) => r.cells as string[]);
  const width = rows[0].length;
  const bodies: string[] = [];
  for (let s = 0; s < count; s++) {
    const base = rows[s % rows.length];
    const parts: string[] = new Array(width - 1);
    for (let c = 1; c < width; c++) {
      const cell = base[c];
      if (c === width - 1) {
        parts[c - 1] = cell; // the junk last column, unquoted
        continue;
      }
      const v = Number(cell);
      if (cell === '' || !Number.isFinite(v)) {
        parts[c - 1] = `"${cell}"`;
        continue;
      }
      const factor = 1 + 0.05 * Math.sin(s * 0.7 + c * 0.13);
      parts[c - 1] = `"${(v * factor).toFixed(2)}"`;
    }
    bodies.push(`,${parts.join(',')}\n`);
  }
  const m = /^"(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)"/.exec(text.toString('utf8', headerEnd + 1, headerEnd + 40));
  const start = m ? Date.UTC(+m[3], +m[1] - 1, +m[2], +m[4], +m[5], +m[6]) : Date.UTC(2018, 3, 24, 10, 49, 12);
  return { header: `${header}\n`, bodies, start };
}

/** Write a capture of `samples` rows (bodies cycled) or until `bytes`; returns its size. With `from`, append to it. */
export function writeCapture(
  path: string,
  layout: CaptureLayoutText,
  samples: number,
  bytes = 0,
  from: { size: number; samples: number } | null = null,
): { size: number; samples: number } {
  const fd = openSync(path, from ? 'a' : 'w');
  let size = from?.size ?? 0;
  let n = from?.samples ?? 0;
  try {
    if (!from) size += writeSync(fd, layout.header);
    let batch = '';
    while (bytes > 0 ? size < bytes : n < samples) {
      const row = stamp(layout.start + n * 5000) + layout.bodies[n % layout.bodies.length];
      batch += row;
      size += Buffer.byteLength(row);
      n++;
      if (batch.length > 8 << 20) {
        writeSync(fd, batch);
        batch = '';
      }
    }
    if (batch) writeSync(fd, batch);
  } finally {
    closeSync(fd);
  }
  return { size: statSync(path).size, samples: n };
}

