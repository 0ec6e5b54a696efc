/**
 * The header of a capture and its memory columns (the host `Memory` object
 * and every `Group Memory(...)` instance), picked the way every peer of the
 * batch benchmark picks them, so that all of them select the same columns.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parseCsv } from '../../src/sources/capture/csv-scanner';
import { parseCounterPath } from '../../src/sources/capture/pdh-header';

export function captureHeader(file: string): { cells: string[]; memory: number[] } {
  const fd = openSync(file, 'r');
  let text: Buffer;
  try {
    const buf = Buffer.alloc(16 << 20);
    const n = readSync(fd, buf, 0, buf.length, 0);
    text = buf.subarray(0, buf.indexOf(0x0a) < 0 ? n : buf.indexOf(0x0a));
  } finally {
    closeSync(fd);
  }
  const cells = parseCsv(text)[0].cells as string[];
  const memory: number[] = [];
  cells.forEach((cell, i) => {
    const p = parseCounterPath(cell);
    if (p && ((p.object === 'Memory' && p.instance === null) || (p.object === 'Group Memory' && p.instance !== null))) memory.push(i);
  });
  return { cells, memory };
}
