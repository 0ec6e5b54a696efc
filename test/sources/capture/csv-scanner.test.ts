/**
 * Randomized tests of the CSV tokenizer against a small reference parser
 * written here: random tables (commas, quotes, parentheses, CR/LF, unicode
 * with astral characters) encoded as CSV, fed in random chunk sizes down to
 * one byte; selective and numeric modes against full mode; the SIMD skip
 * against the plain loop, on well-formed and on malformed input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvScanner, plainDecimal, type CellValue, type CsvRow } from '../../../src/sources/capture/csv-scanner';

/** Deterministic PRNG (mulberry32) so that a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'Z', '0', '7', '.', '-', ' ', ',', '"', '""', '(', ')', ':', '\\', '\r', '\n', '\r\n', 'é', '日本', '😀', '𝄞', '\t'];

function randomCell(r: () => number): string {
  const kind = r();
  if (kind < 0.15) return '';
  if (kind < 0.35) return (r() < 0.3 ? '-' : '') + String(Math.floor(r() * 1e6)) + (r() < 0.6 ? `.${String(Math.floor(r() * 100)).padStart(2, '0')}` : '');
  const len = 1 + Math.floor(r() * 12);
  let s = '';
  for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

function encodeCell(cell: string, r: () => number): string {
  const must = /[",\r\n]/.test(cell);
  if (must || r() < 0.5) return `"${cell.replace(/"/g, '""')}"`;
  return cell;
}

interface Table {
  rows: string[][];
  text: string;
}

function randomTable(r: () => number, maxRows: number, maxCols: number): Table {
  const rows: string[][] = [];
  const nRows = 1 + Math.floor(r() * maxRows);
  const nCols = 1 + Math.floor(r() * maxCols);
  let text = r() < 0.2 ? '\ufeff' : '';
  for (let i = 0; i < nRows; i++) {
    const row: string[] = [];
    for (let j = 0; j < nCols; j++) row.push(randomCell(r));
    rows.push(row);
    const enc = row.map((c) => encodeCell(c, r));
    if (nCols === 1 && row[0] === '') enc[0] = '""'; // an unquoted empty single cell is a blank line
    text += enc.join(',');
    if (i < nRows - 1 || r() < 0.7) text += r() < 0.5 ? '\n' : '\r\n';
  }
  return { rows, text };
}

/** The reference: RFC 4180 on a JS string, one character at a time. Rows with their starting line. */
function referenceParse(input: string): { cells: string[]; line: number }[] {
  const text = input.startsWith('\ufeff') ? input.slice(1) : input;
  const out: { cells: string[]; line: number }[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const rowLine = line;
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) break;
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          cell += ch;
          i++;
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') cell += text[i++];
      }
      cells.push(cell);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    out.push({ cells, line: rowLine });
  }
  return out;
}

interface ScanOptions {
  want?: number[] | null;
  numeric?: boolean;
  simd?: boolean;
  chunk: (r: () => number) => number;
}

/** Scan `buf` in random chunks; cells copied out of the (reused) row arrays. */
function scan(buf: Buffer, r: () => number, o: ScanOptions): { cells: (CellValue | undefined)[]; fieldCount: number; line: number; unterminated: boolean }[] {
  const s = new CsvScanner({ simd: o.simd ?? true, maxCellBytes: 1 << 30 });
  if (o.want !== undefined) s.want(o.want, { numeric: o.numeric });
  const rows: { cells: (CellValue | undefined)[]; fieldCount: number; line: number; unterminated: boolean }[] = [];
  const onRow = (row: CsvRow) => rows.push({ cells: Array.from({ length: row.fieldCount }, (_, k) => row.cells[k]), fieldCount: row.fieldCount, line: row.line, unterminated: row.unterminated });
  let i = 0;
  while (i < buf.length) {
    const n = Math.max(1, o.chunk(r));
    s.push(buf.subarray(i, i + n), onRow);
    i += n;
  }
  s.end(onRow);
  return rows;
}

const chunkers: [string, (r: () => number) => number][] = [
  ['1 byte', () => 1],
  ['1-7 bytes', (r) => 1 + Math.floor(r() * 7)],
  ['random up to 300', (r) => 1 + Math.floor(r() * 300)],
  ['whole', () => 1 << 30],
];

test('tokenizer: random tables in random chunk sizes equal the reference parser', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed);
    const t = randomTable(r, 8, 8);
    const expected = referenceParse(t.text);
    assert.deepEqual(
      expected.map((x) => x.cells),
      t.rows,
      `seed ${seed}: the reference parser itself must round-trip the table`,
    );
    const buf = Buffer.from(t.text, 'utf8');
    for (const [name, chunk] of chunkers) {
      const got = scan(buf, r, { chunk });
      assert.deepEqual(
        got.map((x) => x.cells),
        t.rows,
        `seed ${seed}, chunks ${name}: ${JSON.stringify(t.text)}`,
      );
      assert.deepEqual(
        got.map((x) => x.line),
        expected.map((x) => x.line),
        `seed ${seed}, chunks ${name}: line numbers`,
      );
      assert.equal(got[got.length - 1].unterminated, !/[\r\n]$/.test(t.text), `seed ${seed}: unterminated flag`);
    }
  }
});

test('tokenizer: selective and numeric modes agree with full mode, with and without SIMD', () => {
  for (let seed = 1000; seed < 1150; seed++) {
    const r = rng(seed);
    const t = randomTable(r, 12, 120); // wide rows, so that the SIMD skip has blocks to work on
    const buf = Buffer.from(t.text, 'utf8');
    const width = t.rows[0].length;
    const want = [...new Set(Array.from({ length: Math.floor(r() * 6) }, () => Math.floor(r() * (width + 2))))];
    for (const simd of [true, false]) {
      for (const [name, chunk] of chunkers) {
        const got = scan(buf, r, { want, simd, chunk });
        assert.equal(got.length, t.rows.length, `seed ${seed}`);
        got.forEach((row, k) => {
          assert.equal(row.fieldCount, width, `seed ${seed} row ${k}: field count (simd ${simd}, ${name})`);
          for (let c = 0; c < width; c++) {
            assert.equal(row.cells[c], want.includes(c) ? t.rows[k][c] : undefined, `seed ${seed} row ${k} col ${c} (simd ${simd}, ${name})`);
          }
        });
        const num = scan(buf, r, { want, numeric: true, simd, chunk });
        num.forEach((row, k) => {
          for (const c of want) {
            if (c >= width) continue;
            const text = t.rows[k][c];
            const v = row.cells[c];
            if (typeof v === 'number') {
              assert.match(text, /^-?\d*\.?\d*$/, `seed ${seed}: only plain decimals become numbers (${JSON.stringify(text)})`);
              assert.ok(Object.is(v, Number(text)), `seed ${seed}: ${JSON.stringify(text)} decoded as ${v}`);
            } else {
              assert.equal(v, text, `seed ${seed} row ${k} col ${c}: numeric mode keeps other text as text`);
            }
          }
        });
      }
    }
  }
});

test('tokenizer: malformed quoting is read the same by every mode (SIMD or not, selective or not)', () => {
  const bytes = ['a', '1', ',', '"', '"', '\n', '\r', ' ', 'é'];
  for (let seed = 5000; seed < 5200; seed++) {
    const r = rng(seed);
    let text = '';
    const len = 50 + Math.floor(r() * 1500);
    for (let i = 0; i < len; i++) text += r() < 0.6 ? ',' + (r() < 0.5 ? '"1.5"' : '7') : bytes[Math.floor(r() * bytes.length)];
    const buf = Buffer.from(text, 'utf8');
    const full = scan(buf, r, { simd: false, chunk: () => 1 << 30 });
    const maxWidth = Math.max(...full.map((x) => x.fieldCount));
    const want = [...new Set(Array.from({ length: 4 }, () => Math.floor(r() * maxWidth)))];
    for (const simd of [true, false]) {
      for (const [name, chunk] of chunkers) {
        const got = scan(buf, r, { want, simd, chunk });
        assert.deepEqual(
          got.map((x) => [x.fieldCount, x.line]),
          full.map((x) => [x.fieldCount, x.line]),
          `seed ${seed} (simd ${simd}, ${name}): row shapes ${JSON.stringify(text)}`,
        );
        got.forEach((row, k) => {
          for (const c of want) assert.equal(row.cells[c], full[k].cells[c], `seed ${seed} row ${k} col ${c} (simd ${simd}, ${name})`);
        });
      }
    }
  }
});

test('tokenizer: chunk boundaries inside the BOM, between CR and LF, and between the two quotes of ""', () => {
  const text = '\ufeff"a""b",c\r\n"x\r\ny",2\r\nlast,"q"""';
  const buf = Buffer.from(text, 'utf8');
  const expected = [['a"b', 'c'], ['x\r\ny', '2'], ['last', 'q"']];
  for (let cut = 1; cut < buf.length; cut++) {
    for (let cut2 = cut; cut2 < buf.length; cut2 += 3) {
      const s = new CsvScanner();
      const rows: string[][] = [];
      const on = (r: CsvRow) => rows.push(r.cells.slice(0, r.fieldCount) as string[]);
      s.push(buf.subarray(0, cut), on);
      s.push(buf.subarray(cut, cut2), on);
      s.push(buf.subarray(cut2), on);
      s.end(on);
      assert.deepEqual(rows, expected, `cuts at ${cut}, ${cut2}`);
    }
  }
  // A file that is only part of a BOM is data, not a BOM.
  const s = new CsvScanner();
  const rows: CsvRow[] = [];
  s.push(Buffer.from([0xef, 0xbb]), (r) => rows.push(r));
  s.end((r) => rows.push(r));
  assert.equal(rows.length, 1);
  assert.equal(rows[0].cells[0], '\ufffd');
});

test('tokenizer: a lone CR ends a row; blank lines are skipped; line numbers count quoted line breaks', () => {
  const rows: CsvRow[] = [];
  const s = new CsvScanner();
  s.push(Buffer.from('a,b\rc,d\n\n"multi\nline",e\nf,g'), (r) => rows.push(r));
  s.end((r) => rows.push(r));
  assert.deepEqual(
    rows.map((r) => [r.cells.slice(0, r.fieldCount), r.line, r.unterminated]),
    [
      [['a', 'b'], 1, false],
      [['c', 'd'], 2, false],
      [['multi\nline', 'e'], 4, false],
      [['f', 'g'], 6, true],
    ],
  );
});

test('plainDecimal gives exactly Number(text) for plain decimals and refuses everything else', () => {
  const r = rng(42);
  for (let k = 0; k < 20000; k++) {
    const intDigits = Math.floor(r() * 11);
    const fracDigits = Math.floor(r() * 8);
    let text = r() < 0.3 ? '-' : '';
    for (let i = 0; i < intDigits; i++) text += String(Math.floor(r() * 10));
    if (fracDigits > 0 || r() < 0.1) text += '.';
    for (let i = 0; i < fracDigits; i++) text += String(Math.floor(r() * 10));
    const v = plainDecimal(Buffer.from(text), 0, text.length);
    if (intDigits + fracDigits === 0 || intDigits + fracDigits > 15) assert.equal(v, null, JSON.stringify(text)); // > 15 digits: left to Number()
    else assert.ok(Object.is(v, Number(text)), `${text}: ${v} vs ${Number(text)}`);
  }
  for (const bad of ['', '-', '.', '1e5', '+1', ' 1', '1 ', '1.2.3', '0x10', 'NaN', '1234567890123456']) {
    assert.equal(plainDecimal(Buffer.from(bad), 0, bad.length), null, JSON.stringify(bad));
  }
});

test('numeric mode on long runs of wanted number cells (the WebAssembly decoder) equals Number(text), with and without SIMD', () => {
  const forms = [
    (r: () => number) => (r() * 10000).toFixed(2),
    (r: () => number) => `-${(r() * 100).toFixed(2)}`,
    () => '0.00',
    () => '-0.00',
    (r: () => number) => String(Math.floor(r() * 1e9)),
    (r: () => number) => `${Math.floor(r() * 1e6)}.${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
    () => '123456789012345',
    () => '1234567890123456',
    () => '',
    () => '1e5',
    () => '.5',
    () => '7.',
    () => 'n/a',
    () => '1"2',
  ];
  for (let seed = 7000; seed < 7040; seed++) {
    const r = rng(seed);
    const width = 300;
    const rows: string[][] = [];
    for (let k = 0; k < 20; k++) rows.push(Array.from({ length: width }, () => (r() < 0.85 ? forms[Math.floor(r() * 3)](r) : forms[Math.floor(r() * forms.length)](r))));
    const text = toCsvText(rows, r() < 0.5 ? '\n' : '\r\n');
    const buf = Buffer.from(text, 'utf8');
    const want: number[] = [];
    for (let c = 10; c < 150; c++) want.push(c);
    for (let c = 200; c < 290; c++) want.push(c);
    const results = [true, false].flatMap((simd) =>
      [() => 64 + Math.floor(r() * 5000), () => 1 + Math.floor(r() * 40), () => 1 << 30].map((chunk) => scan(buf, r, { want, numeric: true, simd, chunk })),
    );
    for (const got of results) {
      assert.equal(got.length, rows.length, `seed ${seed}`);
      got.forEach((row, k) => {
        for (const c of want) {
          const textCell = rows[k][c];
          const v = row.cells[c];
          if (typeof v === 'number') {
            assert.match(textCell, /^-?\d*\.?\d*$/, `seed ${seed}`);
            assert.ok(Object.is(v, Number(textCell)), `seed ${seed} row ${k} col ${c}: ${JSON.stringify(textCell)} decoded as ${v}`);
          } else {
            assert.equal(v, textCell, `seed ${seed} row ${k} col ${c}`);
            if (/^-?\d{1,15}$|^-?(?=.*\d)\d*\.\d*$/.test(textCell) && textCell.replace(/[-.]/g, '').length <= 15) assert.fail(`seed ${seed}: ${textCell} should have been a number`);
          }
        }
      });
    }
  }
});

function toCsvText(rows: string[][], eol: string): string {
  return rows.map((row) => row.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join(eol) + eol;
}
