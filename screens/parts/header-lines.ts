/**
 * The header of esxtop's memory page, laid out as a real ESXi 6.x screen
 * prints it: the summary line, then PMEM, VMKMEM (with the state word,
 * coloured, right-aligned in five columns as esxtop prints it: `ursvd,  high
 * state`, `ursvd, clear state`), PSHARE, SWAP, ZIP and MEMCTL from the host
 * counters. A missing counter prints `-`.
 *
 * esxtop pads its numbers to fixed widths, and some lines are longer than 80
 * columns (the summary line, SWAP). On a narrower terminal the padding goes
 * first, the widest pad first, one space at a time, down to one space
 * before each number: the words and their order never change. The summary
 * line drops the spaces between its three averages, then splits after its
 * `;`. Below 80 columns a line still too long goes on over a second line.
 */
import type { HostCounterId } from '../../src/fields/host-counters';
import { MISSING } from '../../src/fields/format';
import type { Sample, Value } from '../../src/sample/sample';
import { formatClock } from '../../src/timeline/time-text';
import { LineBuilder, type Line } from './line';
import { stateStyle, type StyleName } from './theme';

/** A piece of a header line: its text as esxtop prints it, and how many of its leading spaces may go. */
interface Piece {
  text: string;
  slack: number;
  style: StyleName;
}

/** Words, as they are. */
function words(text: string, style: StyleName = 'plain'): Piece {
  return { text, slack: 0, style };
}

/** Text whose leading spaces (beyond `keep`) are padding. */
function padded(text: string, keep = 1, style: StyleName = 'plain'): Piece {
  const lead = text.length - text.trimStart().length;
  return { text, slack: Math.max(0, lead - keep), style };
}

/**
 * A number right-aligned in `width` columns, as esxtop pads it, with `keep`
 * spaces before it at the least (a number wider than its pad is not glued to
 * the word before it, as esxtop's would be).
 */
function num(text: string, width: number, style: StyleName = 'plain', keep = 1): Piece {
  return padded(text.padStart(Math.max(width, text.length + keep)), keep, style);
}

function int(v: Value): string {
  return v === null || v === undefined ? MISSING : String(Math.round(v));
}

function dec(v: Value): string {
  return v === null || v === undefined ? MISSING : v.toFixed(2);
}

/** An alarm on a rate only when the rate shows as more than 0.00. */
function rateStyle(v: Value): StyleName {
  return v !== null && v !== undefined && Math.round(v * 100) > 0 ? 'alarm' : 'plain';
}

const width = (pieces: readonly Piece[]) => pieces.reduce((n, p) => n + p.text.length, 0);

/** Takes padding away, one space at a time from the piece with the most, until the line fits. */
function squeeze(pieces: Piece[], room: number): Piece[] {
  const out = pieces.map((p) => ({ ...p }));
  let excess = width(out) - room;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < out.length; i++) if (out[i].slack > 0 && (widest < 0 || out[i].slack >= out[widest].slack)) widest = i;
    if (widest < 0) break;
    out[widest].text = out[widest].text.slice(1);
    out[widest].slack--;
    excess--;
  }
  return out;
}

/** One line, each piece's leading spaces unstyled (a reversed state word does not reverse its padding). */
function line(pieces: readonly Piece[], room: number): Line {
  const b = new LineBuilder(room);
  for (const p of pieces) {
    const word = p.text.trimStart();
    b.add(p.text.slice(0, p.text.length - word.length)).add(word, p.style);
  }
  return b.build();
}

/** Continuation lines start under the first value (after `VMKMEM/MB:`). */
const INDENT = 10;

/**
 * A header line squeezed to `room`; when even that is too long (below 80
 * columns), it goes on over more lines, split between pieces, never inside
 * one.
 */
function build(pieces: readonly Piece[], room: number): Line[] {
  const squeezed = squeeze([...pieces], room);
  if (width(squeezed) <= room) return [line(squeezed, room)];
  const lines: Line[] = [];
  let current: Piece[] = [];
  for (const p of squeezed) {
    const next = current.length === 0 && lines.length > 0 ? { ...p, text: ' '.repeat(INDENT) + p.text.trimStart() } : p;
    if (current.length > 0 && width(current) + next.text.length > room) {
      lines.push(line(current, room));
      current = [{ ...p, text: ' '.repeat(INDENT) + p.text.trimStart() }];
    } else current.push(next);
  }
  if (current.length > 0) lines.push(line(current, room));
  return lines;
}

/** Worlds and vCPUs as esxtop counts them (the CPU object of an `esxtop -b -a` capture), or `-`. */
function summaryLines(sample: Sample, room: number): Line[] {
  const h = sample.host.values;
  let vms = 0;
  for (const g of sample.groups) if (g.kind === 'vm') vms++;
  const cpu = sample.host.cpu;
  const counts = `${formatClock(sample.time)} up ${MISSING}, ${cpu ? cpu.worlds : MISSING} worlds, ${vms} VMs, ${cpu ? cpu.vcpus : MISSING} vCPUs;`;
  const averages = [dec(h.overcommit1), dec(h.overcommit5), dec(h.overcommit15)];
  // esxtop's form; then without the spaces between the three averages; then split after the `;`.
  for (const separator of [', ', ',']) {
    const text = `${counts} MEM overcommit avg: ${averages.join(separator)}`;
    if (text.length <= room) return [line([words(text)], room)];
  }
  return [...build([words(counts)], room), ...build([words(`MEM overcommit avg: ${averages.join(', ')}`)], room)];
}

/**
 * The header lines. `brief` keeps the summary, PMEM and VMKMEM lines only
 * (the time, free memory and the state), for a graph whose charts show the
 * other lines' values and need their rows.
 */
export function headerLines(sample: Sample, room: number, brief = false): Line[] {
  const h = sample.host.values;
  const v = (id: HostCounterId): Value => h[id] ?? null;
  const state = sample.host.state;
  const lines = [
    ...summaryLines(sample, room),
    ...build([words('PMEM  /MB:'), num(int(v('machine')), 6), padded('   total:'), num(int(v('kernel')), 5), padded('     vmk,'), num(int(v('nonKernel')), 5, 'plain', 0), words(' other,'), num(int(v('free')), 5), words(' free')], room),
    ...build(
      [
        words('VMKMEM/MB:'), num(int(v('managed')), 6), words(' managed:'), num(int(v('minFree')), 6), words(' minfree,'),
        num(int(v('reserved')), 6), words(' rsvd,'), num(int(v('unreserved')), 7), words(' ursvd,'),
        num(state ?? MISSING, 6, stateStyle(state)), words(' state'),
      ],
      room,
    ),
  ];
  if (brief) return lines;
  return [
    ...lines,
    ...build([words('PSHARE/MB:'), num(int(v('pshareShared')), 8), padded('  shared,'), num(int(v('pshareCommon')), 8), padded('  (common:'), num(int(v('pshareSavings')), 8), words(' saving)')], room),
    ...build(
      [
        words('SWAP  /MB:'), num(int(v('swapUsed')), 8), padded('    curr,'), num(int(v('swapTarget')), 8), words(' rclmtgt:'),
        num(dec(v('swapReadRate')), 21, rateStyle(v('swapReadRate'))), words(' r/s,'), num(dec(v('swapWriteRate')), 7, rateStyle(v('swapWriteRate'))), words(' w/s'),
      ],
      room,
    ),
    ...build([words('ZIP   /MB:'), num(int(v('zipped')), 8), padded('  zipped,'), num(int(v('zipSaved')), 8), padded('   saved')], room),
    ...build(
      [
        words('MEMCTL/MB:'), num(int(v('memctlCurrent')), 8, Math.round(v('memctlCurrent') ?? 0) > 0 ? 'notice' : 'plain'),
        padded('    curr,'), num(int(v('memctlTarget')), 8), padded('  target,'), num(int(v('memctlMax')), 8), words(' max'),
      ],
      room,
    ),
  ];
}
