/**
 * Guest samples as an esxtop-style batch CSV (`balloontop guest -b`), for a
 * spreadsheet or perfmon: `"(PDH-CSV 4.0) (UTC)(0)"`, then
 * `\\<guest>\Guest Memory\<counter>` for the texts and every guest field of
 * the registry, and `OOM Kills In Log` (the number of kills in the kernel log;
 * the kills themselves are in `--json`). Missing values are empty cells.
 */
import { GUEST_FIELDS, GUEST_TEXT_FIELDS } from '../fields/guest-fields';
import type { Sample } from '../sample/sample';
import { formatCaptureTime, formatNumber, PDH_FIRST_CELL, UNKNOWN_HOST, type CsvLateArrivals } from './batch-csv';

const OBJECT = 'Guest Memory';
const OOM_COUNTER = 'OOM Kills In Log';

function quote(cell: string): string {
  return `"${cell.replace(/"/g, '""')}"`;
}

export class GuestCsvWriter {
  header(first: Sample): string {
    const prefix = `\\\\${first.host.hostname ?? UNKNOWN_HOST}\\${OBJECT}\\`;
    const names = [...GUEST_TEXT_FIELDS.map((f) => f.batchCounter), ...GUEST_FIELDS.map((f) => f.batchCounter), OOM_COUNTER];
    return `${[PDH_FIRST_CELL, ...names.map((n) => `${prefix}${n}`)].map(quote).join(',')}\n`;
  }

  /** A sample without a guest section (none in a guest run) gives empty cells. */
  row(s: Sample, _late?: CsvLateArrivals): string {
    const g = s.guest;
    const cells = [formatCaptureTime(s.time)];
    for (const f of GUEST_TEXT_FIELDS) cells.push(g?.[f.id] ?? '');
    // As esxtop writes its own counters: MB and percentages with two decimals, pages and counts as integers.
    for (const f of GUEST_FIELDS) cells.push(formatNumber(g?.values[f.id], f.unit === 'MB' || f.unit === '%' ? 'fixed2' : 'int'));
    cells.push(g?.oomKills ? String(g.oomKills.length) : '');
    return `${cells.map(quote).join(',')}\n`;
  }
}
