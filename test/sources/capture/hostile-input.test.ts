/**
 * Hostile captures, read by both readers (the sample reader and the `-b` /
 * `--json` projection, one thread and two) and by the CLI:
 * - good data is never lost: an over-long cell, a damaged gzip tail, a last
 *   member with a bad checksum still deliver every sample before them (and a
 *   bad cell leaves its row's other values), then one line naming the file
 *   and line (exit 2 when the rest of the file is lost, 0 for a bad cell);
 * - no value is silently changed: `0x1F`, `1e3`, `Infinity` are not numbers;
 *   a counter named `__proto__` is kept; a GID that is not one is reported;
 * - nothing from the file reaches the terminal raw.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { constants as zlibConstants, gzipSync, gunzipSync } from 'node:zlib';
import { jsonLine } from '../../../src/output/json-lines';
import { MAX_DATA_CELL_BYTES } from '../../../src/sources/capture/cell-number';
import { parseCsv } from '../../../src/sources/capture/csv-scanner';
import { capture } from '../../support/paths';
import { runCli } from '../../support/run-cli';
import { assertReadersAgree, readSamples } from './both-readers';
import { memoryCapture, path, quote, tempDir, toCsv, write } from './synthetic';

const TIMES = Array.from({ length: 40 }, (_, i) => `04/24/2018 10:${String(Math.floor(i / 12)).padStart(2, '0')}:${String((i * 5) % 60).padStart(2, '0')}`);

/** A capture of 40 samples, two groups; `damage` changes its rows (row 1 is the first sample). */
function captureText(damage: (rows: string[][]) => void = () => {}, quoted = true): string {
  const rows = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }, { gid: 11, name: 'hostd.11' }], times: TIMES });
  damage(rows);
  return toCsv(rows, { quoted });
}

/** Raw bytes that a terminal would act on: C0 controls but LF, DEL, C1 controls, bidi overrides and isolates. */
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

function assertOneLinePerProblem(stderr: string): void {
  assert.doesNotMatch(stderr, RAW_CONTROL, `nothing raw on the terminal: ${JSON.stringify(stderr)}`);
  assert.doesNotMatch(stderr, /\n\s+at |Error:/, 'no stack trace');
  for (const line of stderr.split('\n').filter(Boolean)) assert.match(line, /^balloontop: /);
}

test('an over-long memory cell late in a capture: missing and reported; every other value kept, by both readers, plain and gzip', async (t) => {
  const dir = tempDir(t);
  const cases: [string, (rows: string[][]) => void, RegExp][] = [
    ['just over the limit, quoted, a group column', (rows) => (rows[37][6] = '7'.repeat(MAX_DATA_CELL_BYTES + 1)), /:38: column 7 \(MCTLMAX\) is longer than 1024 bytes, not a number; shown as missing$/],
    ['70 KB, a host column', (rows) => (rows[39][2] = 'x'.repeat(70 << 10)), /:40: column 3 \(state\) is longer than 1024 bytes, not a number; shown as missing$/],
    ['2 MB spanning reads, the last column', (rows) => (rows[38][13] = ' '.repeat(2 << 20) + '5'), /:39: column 14 \(OVHDMAX\) is longer than 1024 bytes, not a number; shown as missing$/],
    ['a 5 MB timestamp', (rows) => (rows[36][0] = '0'.repeat(5 << 20)), /:37: bad timestamp \(a cell longer than 1024 bytes\); row skipped$/],
  ];
  for (const [what, damage, message] of cases) {
    for (const quoted of [true, false]) {
      const text = captureText(damage, quoted);
      for (const [name, bytes] of [[`cell-${quoted}.csv`, Buffer.from(text)], [`cell-${quoted}.csv.gz`, gzipSync(text)]] as const) {
        const file = write(dir, name, bytes);
        const got = await assertReadersAgree(file, `${what} (${name})`);
        assert.equal(got.error, null);
        assert.equal(got.samples.length, /timestamp/.test(what) ? 39 : 40, what);
        assert.equal(got.warnings.length, 1, what);
        assert.ok(got.warnings[0].startsWith(`${file}:`), got.warnings[0]);
        assert.match(got.warnings[0], message);
        const r = await runCli(['replay', file, '-b']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, `balloontop: ${got.warnings[0]}\n`);
        assertOneLinePerProblem(r.stderr);
      }
    }
  }
});

/** The samples the sample reader makes of `text` cut after its last complete line. */
async function samplesOfWholeLines(dir: string, text: Buffer) {
  const cut = text.lastIndexOf(0x0a) + 1;
  return (await readSamples(write(dir, 'expected.csv', text.subarray(0, cut)))).samples;
}

/** Gzip members of `text` split at these line numbers. */
function members(text: string, splitAfterLines: number[]): Buffer[] {
  const lines = text.split(/(?<=\n)/);
  const out: Buffer[] = [];
  let from = 0;
  for (const to of [...splitAfterLines, lines.length]) {
    out.push(gzipSync(lines.slice(from, to).join('')));
    from = to;
  }
  return out;
}

/** The member with its CRC (or its length) changed. */
function badTrailer(member: Buffer, offsetFromEnd: number): Buffer {
  const bad = Buffer.from(member);
  bad[bad.length - offsetFromEnd] ^= 0x5a;
  return bad;
}

test('damaged gzip: every sample before the damage is delivered (what zcat recovers), then one error naming the file and the first line lost; -b writes them first, exits 2', async (t) => {
  const dir = tempDir(t);
  const text = captureText();
  const plain = Buffer.from(text);
  const lineCount = text.split('\n').length - 1;
  const whole = gzipSync(text);
  const [a, b, c] = members(text, [12, 30]);
  const cases: [string, Buffer, Buffer, RegExp][] = [
    // name, the damaged file, the text zcat gets out of it, the error after the file name and line
    ['bad CRC, one member', badTrailer(whole, 8), plain, /^corrupt gzip data \(incorrect data check\)$/],
    ['bad length, one member', badTrailer(whole, 2), plain, /^corrupt gzip data \(incorrect length check\)$/],
    ['bad CRC in the last of three members', Buffer.concat([a, b, badTrailer(c, 6)]), plain, /^corrupt gzip data \(incorrect data check\)$/],
    ['bad CRC in the middle member', Buffer.concat([a, badTrailer(b, 6), c]), Buffer.from(text.split(/(?<=\n)/).slice(0, 30).join('')), /^corrupt gzip data \(incorrect data check\)$/],
    ['cut inside the trailer', whole.subarray(0, whole.length - 3), plain, /^truncated gzip data \(the compressed stream ends early\)$/],
    ['cut in the middle of the data', whole.subarray(0, Math.floor(whole.length * 0.8)), gunzipSync(whole.subarray(0, Math.floor(whole.length * 0.8)), { finishFlush: zlibConstants.Z_SYNC_FLUSH }), /^truncated gzip data \(the compressed stream ends early\)$/],
    ['cut after the second member', Buffer.concat([a, b, c.subarray(0, 30)]), Buffer.from(text.split(/(?<=\n)/).slice(0, 30).join('')), /^truncated gzip data \(the compressed stream ends early\)$/],
    ['garbage deflate in the last member', Buffer.concat([a, b, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff])]), Buffer.from(text.split(/(?<=\n)/).slice(0, 30).join('')), /^corrupt gzip data \(invalid block type\)$/],
  ];
  for (const [what, damaged, recovered, problem] of cases) {
    const file = write(dir, 'damaged.csv.gz', damaged);
    const expected = await samplesOfWholeLines(dir, recovered);
    assert.ok(expected.length > 0 && expected.length <= 40, what);
    const got = await assertReadersAgree(file, what);
    assert.deepEqual(got.samples, expected, `${what}: the samples before the damage`);
    const firstLost = recovered.subarray(0, recovered.lastIndexOf(0x0a) + 1).toString().split('\n').length;
    assert.ok(firstLost <= lineCount + 1);
    assert.ok(got.error !== null, what);
    assert.ok(got.error.startsWith(`${file}:${firstLost}: `), `${what}: ${got.error}`);
    assert.match(got.error.slice(`${file}:${firstLost}: `.length), problem, what);
    for (const format of ['-b', '--json']) {
      const r = await runCli(['replay', file, format]);
      assert.equal(r.code, 2, `${what} ${format}: ${r.stderr}`);
      assert.equal(r.stderr, `balloontop: ${got.error}\n`, `${what} ${format}`);
      if (format === '--json') assert.equal(r.stdout, expected.map(jsonLine).join(''), `${what}: the good samples are written before the error`);
      else assert.equal(r.stdout.split('\n').length - 1, expected.length + 1, `${what}: -b writes the header and the good rows`);
    }
  }
});

test('a gzip damaged inside the header: the damage is named, not the garbage it decodes to', async (t) => {
  const dir = tempDir(t);
  const gz = Buffer.from(gzipSync(readFileSync(capture('esxi65-ballooning-b.csv'))));
  gz.fill(0x41, gz.length >> 2, (gz.length >> 2) + 64);
  const file = write(dir, 'header-damaged.csv.gz', gz);
  const got = await assertReadersAgree(file, 'gzip damaged in the header');
  assert.equal(got.samples.length, 0);
  assert.match(got.error ?? '', new RegExp(`^${file.replace(/[.]/g, '\\.')}:1: corrupt gzip data \\(`));
  const r = await runCli(['replay', file, '--json']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `balloontop: ${got.error}\n`);
});

test('numbers are plain decimals (a sign, digits, one decimal mark, spaces around) or a spreadsheet\'s locale form; anything else is missing and reported, the same in -b, --json and the samples', async (t) => {
  const dir = tempDir(t);
  // The cell, its value, and what -b writes for it.
  const cells: [string, number | null, string][] = [
    ['0x1F', null, ''], ['1e3', null, ''], ['1E3', null, ''], ['Infinity', null, ''], ['-Infinity', null, ''], ['NaN', null, ''], ['0b101', null, ''], ['0o17', null, ''],
    ['1_000', null, ''], ['12abc', null, ''], ['--5', null, ''], ['+-5', null, ''], ['1e400', null, ''], ['9'.repeat(400), null, ''], ['١٢', null, ''], ['１２', null, ''],
    ['\u00a012', null, ''], ['5 5', null, ''], ['.', null, ''], ['-', null, ''],
    ['+5', 5, '+5'], [' 12 ', 12, ' 12 '], ['\t7\t', 7, '\t7\t'], ['5.', 5, '5.'], ['.5', 0.5, '.5'], ['-0.25', -0.25, '-0.25'], ['007', 7, '007'],
    ['1,302', 1.302, '1.302'], ['1.302,00', 1302, '1302.00'], ['1,302.50', 1302.5, '1302.50'],
    ['', null, ''], ['   ', null, '   '],
  ];
  const rows = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }], times: cells.map((_, i) => TIMES[i]) });
  cells.forEach(([cell], i) => (rows[i + 1][5] = cell)); // Memctl MBytes of vm1
  const file = write(dir, 'numbers.csv', toCsv(rows));
  const got = await assertReadersAgree(file, 'number forms');
  assert.deepEqual(
    got.samples.map((s) => s.groups[0].values.MCTLSZ),
    cells.map(([, v]) => v),
  );
  assert.equal(got.warnings.length, 1);
  assert.equal(got.warnings[0], `${file}:2: column 6 (MCTLSZ) is "0x1F", not a number; shown as missing (and 19 more like it)`);
  // -b writes what the sample reader took: the cell as it is, esxtop's form of a locale number, or empty.
  const r = await runCli(['replay', file, '-b']);
  assert.equal(r.code, 0);
  const written = parseCsv(r.stdout).slice(1).map((row) => row.cells[5]);
  assert.deepEqual(written, cells.map(([, , b]) => b));
  const back = await readSamples(write(dir, 'back.csv', r.stdout));
  assert.deepEqual(back.warnings, []);
  assert.deepEqual(back.samples.map((s) => s.groups[0].values.MCTLSZ), cells.map(([, v]) => v), '-b reads back to the same values');
});

test('counter and group names from the file are keys of their own: __proto__, constructor, toString are kept', async (t) => {
  const dir = tempDir(t);
  const odd = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf'];
  const header = ['(PDH-CSV 4.0) (UTC)(0)', path('Memory', null, 'Free MBytes'), ...odd.map((c) => path('Memory', null, c))];
  for (const name of ['__proto__', 'constructor']) {
    header.push(path('Group Memory', `${name === '__proto__' ? 5 : 6}:${name}`, 'Memctl MBytes'));
    for (const c of odd) header.push(path('Group Memory', `${name === '__proto__' ? 5 : 6}:${name}`, c));
  }
  const rows = [header, ...TIMES.slice(0, 3).map((time, s) => [time, ...header.slice(1).map((_, k) => String(s * 100 + k))])];
  const file = write(dir, 'proto.csv', toCsv(rows));
  const got = await assertReadersAgree(file, 'prototype names');
  assert.deepEqual(got.warnings, []);
  const first = got.samples[0];
  assert.deepEqual(Object.keys(first.host.extra), odd);
  assert.deepEqual(odd.map((c) => first.host.extra[c]), [1, 2, 3, 4, 5, 6]);
  assert.equal(Object.getPrototypeOf(first.host.extra), Object.prototype, 'the prototype is untouched');
  assert.deepEqual(first.groups.map((g) => [g.gid, g.name, g.values.MCTLSZ, Object.keys(g.extra)]), [
    [5, '__proto__', 7, odd],
    [6, 'constructor', 14, odd],
  ]);
  const json = await runCli(['replay', file, '--json', '-n', '1']);
  const parsed = JSON.parse(json.stdout) as { host: { extra: Record<string, number> } };
  assert.deepEqual(Object.keys(parsed.host.extra), odd);
  const b = await runCli(['replay', file, '-b']);
  assert.equal(b.stdout.split('\n')[0], header.map(quote).join(','), '-b keeps every column');
});

test('a group instance without a GID balloontop can hold exactly is left out and reported once with a count, never read as another number; valid GIDs (a negative one too) are exact', async (t) => {
  const dir = tempDir(t);
  const bad = ['12345678901234567890123:big', '9007199254740992:over', '-9007199254740992:under', '007:zeros', '-0:negzero', '+5:plus', '5.0:dec', ' 5:space', '0x10:hex', 'noname', ':empty', '１２:wide'];
  const good: [string, number][] = [['0:zero', 0], ['9007199254740991:max', 9007199254740991], ['4294967296:wide', 4294967296], ['-5:neg', -5]];
  const header = ['(PDH-CSV 4.0) (UTC)(0)', path('Memory', null, 'Free MBytes')];
  for (const instance of [...bad, ...good.map(([i]) => i)]) for (const c of ['Memctl MBytes', 'Swapped MBytes']) header.push(path('Group Memory', instance, c));
  const rows = [header, ...TIMES.slice(0, 2).map((time) => [time, ...header.slice(1).map((_, k) => `${k}.00`)])];
  const file = write(dir, 'gids.csv', toCsv(rows));
  const got = await assertReadersAgree(file, 'GIDs');
  assert.deepEqual(got.samples[0].groups.map((g) => [g.gid, g.name]), good.map(([instance, gid]) => [gid, instance.slice(instance.indexOf(':') + 1)]));
  assert.deepEqual(got.warnings, [`${file}:1: group "12345678901234567890123:big" has no GID (a whole number from -9007199254740991 to 9007199254740991 before a colon); its columns are left out (and ${bad.length - 1} more like it)`]);
  const r = await runCli(['replay', file, '-b']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, `balloontop: ${got.warnings[0]}\n`);
  assert.ok(!r.stdout.includes('big') && !r.stdout.includes('zeros') && r.stdout.includes('(-5:neg)'), '-b leaves the same columns out');
});

test('a group with the GID of an earlier group is left out and reported once with a count (it would be taken for the first); the first keeps its columns', async (t) => {
  const dir = tempDir(t);
  const instances = ['1:vm1', '2:vm2', '1:vm1b', '1:vm1c', '2:vm1'];
  const header = ['(PDH-CSV 4.0) (UTC)(0)', path('Memory', null, 'Free MBytes')];
  for (const instance of instances) for (const c of ['Memory Size MBytes', 'Memctl MBytes']) header.push(path('Group Memory', instance, c));
  const rows = [header, ...TIMES.slice(0, 2).map((time) => [time, ...header.slice(1).map((_, k) => `${k}.00`)])];
  const file = write(dir, 'dup-gids.csv', toCsv(rows));
  const got = await assertReadersAgree(file, 'duplicate GIDs');
  assert.deepEqual(got.samples[0].groups.map((g) => [g.gid, g.name, g.values.MEMSZ]), [[1, 'vm1', 1], [2, 'vm2', 3]]);
  assert.deepEqual(got.warnings, [`${file}:1: group "1:vm1b" has the GID of group "1:vm1"; its columns are left out (and 2 more like it)`]);
  const r = await runCli(['replay', file, '-b']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, `balloontop: ${got.warnings[0]}\n`);
  assert.ok(!r.stdout.includes('vm1b') && !r.stdout.includes('(2:vm1)') && r.stdout.includes('(2:vm2)'), '-b leaves the same columns out');
});

test('names and cells with escape sequences, control characters and bidi overrides never reach the terminal raw', async (t) => {
  const dir = tempDir(t);
  const evil = ['\x1b[31mred\x1b[0m', '\x1b]0;pwned\x07', '\u009b2J', 'a\u202eb', 'bell\x07', 'cr\rlf\n'];
  const header = ['(PDH-CSV 4.0) (UTC)(0)', path('Memory', null, 'Free MBytes')];
  evil.forEach((e) => header.push(path('Memory', null, `counter ${e}`)));
  evil.forEach((e, k) => header.push(path('Group Memory', `${e}${k}:vm`, 'Memctl MBytes')));
  const rows = [header, ...TIMES.slice(0, 3).map((time) => [time, '590', ...evil.map((e) => `${e}`), ...evil.map(() => '1.00')])];
  const file = write(dir, 'evil.csv', toCsv(rows));
  const got = await assertReadersAgree(file, 'escape sequences');
  assert.equal(got.warnings.length, 2);
  for (const format of ['-b', '--json']) {
    const r = await runCli(['replay', file, format]);
    assert.equal(r.code, 0);
    assertOneLinePerProblem(r.stderr);
    assert.match(r.stderr, /column 3 \(counter red\) is "\\u001b\[31mred\\u001b\[0m", not a number/);
    assert.match(r.stderr, /group "\\u001b\[31mred\\u001b\[0m0:vm" has no GID/);
  }
  const notCapture = write(dir, 'not.csv', '"\x1b[2J\u009b31m(not PDH)",x\n');
  const r = await runCli(['replay', notCapture, '-b']);
  assert.equal(r.code, 2);
  assertOneLinePerProblem(r.stderr);
  const oddSeparator = write(dir, 'sep.csv', Buffer.concat([Buffer.from('"(PDH-CSV 4.0) (UTC)(0)"'), Buffer.from([0x9b]), Buffer.from('x\n')]));
  const s = await runCli(['replay', oddSeparator, '-b']);
  assert.equal(s.stderr, `balloontop: ${oddSeparator}:1: cells separated by neither "," nor ";" (the first header cell is followed by "\\u009b"), not an esxtop batch capture\n`);
});

test('the real captures read as before (no warnings), and the same through both readers', async () => {
  for (const name of ['esxi65-ballooning-a.csv', 'esxi65-ballooning-b.csv', 'excel-resaved.csv']) {
    const got = await assertReadersAgree(capture(name), name);
    assert.deepEqual(got.warnings, [], name);
    assert.equal(got.error, null);
    assert.ok(got.samples.length >= 3);
  }
  assert.ok(readFileSync(capture('esxi65-ballooning-a.csv')).length > 1 << 20);
});
