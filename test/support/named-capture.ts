/** A small esxtop capture whose VM names are the test's (hard names for terminals), three samples 5 s apart. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `names.csv` in `dir`: one group per name (GID 1000 + index), MEMSZ from `memsz(index)`. */
export function writeCaptureWithNames(dir: string, names: readonly string[], memsz: (index: number) => number): string {
  const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
  const header = ['(PDH-CSV 4.0) (UTC)(0)', '\\\\esx\\Memory\\Free MBytes'];
  names.forEach((n, i) => {
    for (const c of ['Memory Size MBytes', 'Memctl MBytes', 'Swapped MBytes', 'Overhead Max MBytes']) header.push(`\\\\esx\\Group Memory(${1000 + i}:${n})\\${c}`);
  });
  const rows = [0, 1, 2].map((t) => [`04/24/2018 10:49:${String(12 + 5 * t).padStart(2, '0')}`, '590', ...names.flatMap((_, i) => [String(memsz(i)), '10.50', '0.00', '30.00'])]);
  const file = join(dir, 'names.csv');
  writeFileSync(file, [header, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n');
  return file;
}
