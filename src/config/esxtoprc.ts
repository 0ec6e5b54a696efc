/**
 * esxtop configuration files (`~/.esxtop50rc`, `~/.esxtop60rc`, `-c FILE`).
 *
 * One line per panel, each a string of field letters in display order (upper
 * case = shown): cpu, memory, disk adapter, disk device, disk VM, network,
 * interrupt, power, and vsan on newer versions. The last line is
 * `<delay seconds><start panel key>` (`5c`, `9d`). balloontop reads the memory
 * line, the delay and the start panel, and keeps every other line as it was, so
 * a file it writes is one esxtop itself accepts.
 */
import { UserError } from '../errors';
import { formatFieldLine, parseFieldLine, type FieldLayout } from './field-layout';

const MEMORY_LINE = 1;
export const MIN_DELAY_SECONDS = 2;
/** A day: a longer pause between two samples is no monitoring (and a timer cannot hold much more than 24 days). */
export const MAX_DELAY_SECONDS = 86_400;

export interface EsxtopRc {
  /** The panel lines, as read (the memory line is rewritten from `fields` on output). */
  panelLines: string[];
  fields: FieldLayout;
  delaySeconds: number;
  /** The start panel key (`m` memory, `c` cpu, ...). */
  startPanel: string;
}

/** Panel lines of esxtop 6.x's defaults, for writing a file when none was read. */
const ESXTOP6_DEFAULT_LINES = ['ABcDEFghij', 'aBcDefgHijKLmnOpq', 'ABCdEfGhijkl', 'ABcdeFGhIjklmnop', 'aBCDEFGH', 'AbcDEFGHIJKLMNopq', 'ABCDeF', 'ABCDe', 'ABCd'];

export function parseEsxtopRc(text: string, file: string): EsxtopRc {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length < 3) throw new UserError(`${file}: not an esxtop config file (expected a line per panel and a last line like "5m", found ${lines.length} line${lines.length === 1 ? '' : 's'})`);
  for (let i = 0; i < lines.length - 1; i++) {
    if (!/^[A-Za-z]+$/.test(lines[i].trim())) throw new UserError(`${file}:${i + 1}: expected field letters, found ${JSON.stringify(lines[i].slice(0, 30))}`);
  }
  const last = lines[lines.length - 1].trim();
  const m = /^(\d+(?:\.\d+)?)([A-Za-z])$/.exec(last);
  if (!m) throw new UserError(`${file}:${lines.length}: expected the delay and start panel (like "5m"), found ${JSON.stringify(last.slice(0, 30))}`);
  const delay = Number(m[1]);
  if (delay < MIN_DELAY_SECONDS) throw new UserError(`${file}:${lines.length}: delay ${m[1]} s is below esxtop's minimum of ${MIN_DELAY_SECONDS} s`);
  if (delay > MAX_DELAY_SECONDS) throw new UserError(`${file}:${lines.length}: delay ${m[1].slice(0, 20)} s is above the longest, ${MAX_DELAY_SECONDS} s`);
  const fields = parseFieldLine(lines[MEMORY_LINE].trim());
  if ('problem' in fields) throw new UserError(`${file}:${MEMORY_LINE + 1}: ${fields.problem}`);
  return { panelLines: lines.slice(0, -1).map((l) => l.trim()), fields, delaySeconds: delay, startPanel: m[2] };
}

export function formatEsxtopRc(rc: EsxtopRc): string {
  const lines = rc.panelLines.length > MEMORY_LINE ? [...rc.panelLines] : [...ESXTOP6_DEFAULT_LINES];
  lines[MEMORY_LINE] = formatFieldLine(rc.fields);
  const delay = Number.isInteger(rc.delaySeconds) ? String(rc.delaySeconds) : rc.delaySeconds.toFixed(1);
  return `${lines.join('\n')}\n${delay}${rc.startPanel}\n`;
}

export function defaultEsxtopRc(fields: FieldLayout, delaySeconds = 5): EsxtopRc {
  return { panelLines: [...ESXTOP6_DEFAULT_LINES], fields, delaySeconds, startPanel: 'm' };
}
