/**
 * Inputs for the capture reader's fuzz test: seeds (small synthetic captures
 * in every style a capture comes in, memory-only copies of the real ones,
 * the real ones themselves) and mutations of their bytes (flips, cut lines,
 * injected quotes, separators, CR, NUL, escape sequences, huge cells, floods
 * of empty lines, hostile numbers), optionally gzip-compressed and then
 * damaged (cut, a flipped byte, a bad trailer, garbage, several members).
 * Everything comes from one seeded generator, so an iteration repeats exactly.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Prng } from '../../../src/sources/simulation/model/prng';
import { capture } from '../../support/paths';
import { memoryOnlyCopy, path } from './synthetic';

export interface FuzzInput {
  bytes: Buffer;
  gzip: boolean;
  /** What was done, to repeat a failing iteration by hand. */
  steps: string[];
}

const pick = <T>(prng: Prng, items: readonly T[]): T => items[prng.int(0, items.length - 1)];

function csvText(rows: string[][], prng: Prng): { text: string; style: string } {
  const quoted = prng.next() < 0.7;
  const separator = pick(prng, [',', ',', ',', ';', '\t']);
  const eol = pick(prng, ['\n', '\n', '\r\n', '\r']);
  const cell = (c: string) => (quoted ? `"${c.replace(/"/g, '""')}"` : c);
  const bom = prng.next() < 0.1 ? '\ufeff' : '';
  const text = bom + rows.map((r) => r.map(cell).join(separator)).join(eol) + (prng.next() < 0.9 ? eol : '');
  return { text, style: `quoted ${quoted}, separator ${JSON.stringify(separator)}, eol ${JSON.stringify(eol)}${bom ? ', BOM' : ''}` };
}

const HOST_COUNTERS = ['Free MBytes', 'Kernel State', 'Memctl Current MBytes', 'Kernel MinFree MBytes', 'Swap Used MBytes', 'Some New Counter'];
const GROUP_COUNTERS = ['Memory Size MBytes', 'Memctl MBytes', 'Memctl Max MBytes', 'Swapped MBytes', 'Overhead Max MBytes', 'Memctl?', 'Brand New MBytes'];
const NAMES = ['vm1', 'hostd.11', 'web (prod), "a"', 'x:y:z', '__proto__', 'caf\u00e9', 'tab\tname', 'esc\x1b[1m'];

/** A small capture with a few groups, unwanted columns among the memory ones, and numbers in esxtop's form. */
function syntheticCapture(prng: Prng): { text: string; style: string } {
  const header = ['(PDH-CSV 4.0) (UTC)(0)'];
  for (const c of HOST_COUNTERS) if (prng.next() < 0.7) header.push(path('Memory', null, c));
  const groups = prng.int(0, 4);
  for (let g = 0; g < groups; g++) {
    const gid = prng.next() < 0.9 ? prng.int(0, 2_000_000) : pick(prng, [-1, 1e22, 2 ** 53]);
    const name = pick(prng, NAMES);
    if (prng.next() < 0.5) header.push(path('Vcpu', `${gid}:${name}:${gid + 1}:vmx`, '% Used'));
    header.push(path('Physical Cpu', String(g), '% Util Time'));
    for (const c of GROUP_COUNTERS) if (prng.next() < 0.8) header.push(path('Group Memory', `${gid}:${name}`, c));
  }
  if (header.length === 1) header.push(path('Memory', null, 'Free MBytes'));
  const rows = [header];
  const samples = prng.int(1, 8);
  for (let s = 0; s < samples; s++) {
    const row = [`04/24/2018 10:${String(10 + s).padStart(2, '0')}:${String(prng.int(0, 59)).padStart(2, '0')}`];
    for (let k = 1; k < header.length; k++) row.push(prng.next() < 0.05 ? '' : (prng.next() * 10 ** prng.int(0, 6)).toFixed(pick(prng, [0, 2, 2, 2])));
    rows.push(row);
  }
  return csvText(rows, prng);
}

let memoryOnly: Buffer[] | null = null;

/** Memory-only copies of the real captures (as `-b` writes them), made once. */
function memoryOnlyCopies(): Buffer[] {
  memoryOnly ??= ['esxi65-ballooning-a.csv', 'esxi65-ballooning-b.csv'].map((name) => {
    const rows = memoryOnlyCopy(capture(name));
    return Buffer.from(`${rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n')}\n`, 'latin1');
  });
  return memoryOnly;
}

function seed(prng: Prng): { bytes: Buffer; what: string } {
  const r = prng.next();
  if (r < 0.7) {
    const { text, style } = syntheticCapture(prng);
    return { bytes: Buffer.from(text, 'utf8'), what: `synthetic (${style})` };
  }
  if (r < 0.88) return { bytes: pick(prng, memoryOnlyCopies()), what: 'memory-only copy of a real capture' };
  if (r < 0.97) return { bytes: readFileSync(capture('excel-resaved.csv')), what: 'excel-resaved.csv' };
  const name = pick(prng, ['esxi65-ballooning-a.csv', 'esxi65-ballooning-b.csv']);
  return { bytes: readFileSync(capture(name)), what: name };
}

/** Bytes to inject: CSV syntax, line breaks, NUL, an escape sequence, C1 CSI and a bidi override (as UTF-8 and as raw bytes), number look-alikes. */
const INTERESTING = [
  ...['"', ',', ';', '\t', '\r', '\n', '\r\n', '\0', '\x1b[31m', '\x9b', '\xff', ' ', '-', '.', '0x1F', '1e3', 'Infinity', '""', '",', ',"'].map((s) => Buffer.from(s, 'latin1')),
  Buffer.from('\u009b\u202e', 'utf8'),
];
const HOSTILE_NUMBERS = ['0x1F', '1e3', 'Infinity', '+5', ' 12 ', 'NaN', '1,302', '9'.repeat(400), '--1', '\u00a01'];

/** The positions of line breaks (each LF, and each CR not before an LF). */
function lineStarts(b: Buffer): number[] {
  const starts = [0];
  for (let i = 0; i < b.length; i++) if (b[i] === 0x0a || (b[i] === 0x0d && b[i + 1] !== 0x0a)) starts.push(i + 1);
  return starts;
}

type Mutation = (b: Buffer, prng: Prng) => { bytes: Buffer; what: string };

const at = (b: Buffer, prng: Prng) => prng.int(0, b.length);
const splice = (b: Buffer, from: number, to: number, insert: Buffer | string) => Buffer.concat([b.subarray(0, from), Buffer.from(insert), b.subarray(to)]);

const MUTATIONS: Mutation[] = [
  (b, prng) => {
    const i = prng.int(0, Math.max(0, b.length - 1));
    const x = prng.int(1, 255);
    const out = Buffer.from(b);
    if (out.length > 0) out[i] ^= x;
    return { bytes: out, what: `flip byte ${i} by ${x}` };
  },
  (b, prng) => {
    const i = at(b, prng);
    const s = Buffer.concat(Array.from({ length: prng.int(1, 4) }, () => pick(prng, INTERESTING)));
    return { bytes: splice(b, i, i, s), what: `insert ${JSON.stringify(s.toString('latin1'))} at ${i}` };
  },
  (b, prng) => {
    const i = at(b, prng);
    const n = prng.int(1, 64);
    return { bytes: splice(b, i, Math.min(b.length, i + n), ''), what: `delete ${n} bytes at ${i}` };
  },
  (b, prng) => {
    const i = at(b, prng);
    const n = prng.int(1, 4096);
    const j = at(b, prng);
    return { bytes: splice(b, j, j, Buffer.from(b.subarray(i, i + n))), what: `copy ${n} bytes from ${i} to ${j}` };
  },
  (b, prng) => {
    const i = at(b, prng);
    return { bytes: b.subarray(0, i), what: `cut at ${i}` };
  },
  (b, prng) => {
    const starts = lineStarts(b);
    const k = prng.int(0, starts.length - 1);
    return { bytes: splice(b, starts[k], starts[k + 1] ?? b.length, ''), what: `remove line ${k + 1}` };
  },
  (b, prng) => {
    const starts = lineStarts(b);
    const k = prng.int(1, starts.length - 1);
    const line = Buffer.from(b.subarray(starts[k - 1], starts[k]));
    return { bytes: splice(b, starts[k - 1], starts[k - 1], line), what: `repeat line ${k}` };
  },
  (b, prng) => {
    // A huge cell where a cell starts.
    const commas: number[] = [];
    for (let i = b.indexOf(0x2c); i >= 0 && commas.length < 5000; i = b.indexOf(0x2c, i + 1)) commas.push(i);
    const i = commas.length > 0 ? pick(prng, commas) + 1 : at(b, prng);
    const size = pick(prng, [1025, 1100, 5000, 70_000, 300_000]);
    const fill = pick(prng, ['7', ' ', 'x', '""', '\n']);
    const cell = `"${fill.repeat(Math.ceil(size / fill.length))}"`;
    return { bytes: splice(b, i, i, `${cell},`), what: `a ${size}-byte cell of ${JSON.stringify(fill)} at ${i}` };
  },
  (b, prng) => {
    const starts = lineStarts(b);
    const i = pick(prng, starts);
    const run = pick(prng, ['\n', '\r', '\r\n', ' \n', ',,,\n', '"",""\n', '\t\r']).repeat(prng.int(1, 20_000));
    return { bytes: splice(b, i, i, run), what: `${run.length} bytes of empty lines at ${i}` };
  },
  (b, prng) => {
    let out = b;
    const n = prng.int(1, 6);
    for (let k = 0; k < n; k++) {
      const i = at(out, prng);
      out = splice(out, i, i, '"');
    }
    return { bytes: out, what: `${n} stray quotes` };
  },
  (b, prng) => {
    const text = b.toString('latin1');
    const cells = [...text.matchAll(/"-?\d+\.\d+"/g)];
    if (cells.length === 0) return { bytes: b, what: 'no number to replace' };
    const m = pick(prng, cells);
    const n = pick(prng, HOSTILE_NUMBERS);
    return { bytes: splice(b, m.index, m.index + m[0].length, `"${n}"`), what: `number at ${m.index} to ${JSON.stringify(n)}` };
  },
];

/** Gzip damage: the stream cut, a byte flipped, a bad trailer, garbage after it, or several members (one with a bad trailer). */
const GZIP_DAMAGE: ((text: Buffer, prng: Prng) => { bytes: Buffer; what: string })[] = [
  (t) => ({ bytes: gzipSync(t), what: 'gzip' }),
  (t, prng) => {
    const z = gzipSync(t);
    const i = prng.int(0, z.length);
    return { bytes: z.subarray(0, i), what: `gzip cut at ${i} of ${z.length}` };
  },
  (t, prng) => {
    const z = Buffer.from(gzipSync(t));
    const i = prng.int(10, Math.max(10, z.length - 1));
    z[i] ^= prng.int(1, 255);
    return { bytes: z, what: `gzip byte ${i} flipped` };
  },
  (t, prng) => {
    const z = Buffer.from(gzipSync(t));
    z[z.length - prng.int(1, 8)] ^= 0x5a;
    return { bytes: z, what: 'gzip trailer damaged' };
  },
  (t, prng) => ({ bytes: Buffer.concat([gzipSync(t), Buffer.from(pick(prng, ['garbage', '\x1f\x8b\x08\x00', '\0\0\0']))]), what: 'gzip with bytes after it' }),
  (t, prng) => {
    const starts = lineStarts(t);
    const k = starts[prng.int(0, starts.length - 1)];
    const members = [gzipSync(t.subarray(0, k)), gzipSync(t.subarray(k))];
    const bad = prng.int(-1, 1);
    if (bad >= 0) {
      members[bad] = Buffer.from(members[bad]);
      members[bad][members[bad].length - 6] ^= 0x5a;
    }
    return { bytes: Buffer.concat(members), what: `two gzip members split at ${k}${bad >= 0 ? `, member ${bad + 1} with a bad CRC` : ''}` };
  },
];

/** Iteration `k` of the fuzz run seeded `seedValue`: the same input every time. */
export function fuzzInput(seedValue: number, k: number): FuzzInput {
  const prng = new Prng(seedValue, k);
  const s = seed(prng);
  let bytes = s.bytes;
  const steps = [s.what];
  const count = prng.int(1, 3);
  for (let m = 0; m < count; m++) {
    const r = pick(prng, MUTATIONS)(bytes, prng);
    bytes = r.bytes;
    steps.push(r.what);
  }
  if (prng.next() < 0.25) {
    const z = pick(prng, GZIP_DAMAGE)(bytes, prng);
    steps.push(z.what);
    return { bytes: z.bytes, gzip: true, steps };
  }
  return { bytes, gzip: false, steps };
}
