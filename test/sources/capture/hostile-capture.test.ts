/**
 * Hostile captures through the built CLI (`replay FILE -b/--json`), so the
 * tests keep working whatever the reader's internals become. Both readers,
 * in this process, and the limits: hostile-input.test.ts, hostile-cost.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { capture } from '../../support/paths';
import { runCli } from '../../support/run-cli';
import { assertHandled } from '../../support/hostile';

const dir = mkdtempSync(join(tmpdir(), 'balloontop-hostile-capture-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string | Buffer, ext = 'csv') => {
  const p = join(dir, `c${++n}.${ext}`);
  writeFileSync(p, content);
  return p;
};
const quote = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
const HEADER = (groups: string[], counters = ['Memory Size MBytes', 'Memctl MBytes']) =>
  quote(['(PDH-CSV 4.0) (UTC)(0)', '\\\\h\\Memory\\Free MBytes', ...groups.flatMap((g) => counters.map((c) => `\\\\h\\Group Memory(${g})\\${c}`))]) + '\n';
const time = (i: number) => `04/24/2018 10:${String(10 + Math.floor(i / 12)).padStart(2, '0')}:${String((i % 12) * 5).padStart(2, '0')}`;
const rows = (count: number, cells: (i: number) => string[]) => Array.from({ length: count }, (_, i) => quote([time(i), '590', ...cells(i)])).join('\n') + '\n';
const jsonLines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { groups: { gid: number; name: string; values: Record<string, number | null>; extra: Record<string, number> }[] });

test('a negative GID keeps its group, as written', async () => {
  const f = file(HEADER(['-5:neg', '7:ok']) + rows(2, () => ['100', '1', '200', '2']));
  const r = await runCli(['replay', f, '--json']);
  assertHandled(r, 'negative GID', { stdoutIsData: true });
  assert.deepEqual(jsonLines(r.stdout)[0].groups.map((g) => [g.gid, g.name]).sort(), [[-5, 'neg'], [7, 'ok']]);
});

test('a GID of 23 digits is reported on one line naming the header and its group left out, never rounded to 1e+23; the other groups are read', async () => {
  const f = file(HEADER(['12345678901234567890123:big', '7:ok']) + rows(2, () => ['100', '1', '200', '2']));
  const r = await runCli(['replay', f, '-b']);
  assertHandled(r, '23-digit GID', { stdoutIsData: true });
  assert.equal(r.code, 0);
  assert.match(r.stderr, /:1: group "12345678901234567890123:big" has no GID \(a whole number from -9007199254740991 to 9007199254740991 before a colon\); its columns are left out\n$/);
  assert.doesNotMatch(r.stdout, /1e\+23|big/);
  assert.match(r.stdout.split('\n')[0], /Group Memory\(7:ok\)/);
});

test('hex in a number cell (0x1F) is a bad cell shown as missing, with a warning, not 31', async () => {
  const f = file(HEADER(['1:vm']) + rows(3, (i) => [i === 1 ? '0x1F' : '100', '1']));
  const r = await runCli(['replay', f, '--json']);
  assertHandled(r, '0x1F', { stdoutIsData: true });
  assert.equal(jsonLines(r.stdout)[1].groups[0].values.MEMSZ, null);
  assert.match(r.stderr, /:3: column 3 \(MEMSZ\) is "0x1F", not a number/);
});

test('a counter named __proto__ is kept by its name in extra, not lost', async () => {
  const f = file(HEADER(['1:vm'], ['Memory Size MBytes', '__proto__']) + rows(2, () => ['100', '7']));
  const r = await runCli(['replay', f, '--json']);
  assertHandled(r, '__proto__ counter', { stdoutIsData: true });
  assert.deepEqual(jsonLines(r.stdout)[0].groups[0].extra, JSON.parse('{"__proto__":7}'));
  // The sample reader too (the dashboard, record, report).
  const rec = join(dir, `proto-${n}.jsonl`);
  assertHandled(await runCli(['record', 'replay', f, '-o', rec]), 'record of a __proto__ counter');
  assert.match(readFileSync(rec, 'utf8'), /\{"__proto__":7\}/);
});

test('one over-long cell late in a capture: the samples before it are delivered, and the cell is named on stderr', async () => {
  const f = file(HEADER(['1:vm']) + rows(50, () => ['100', '1']) + quote([time(50), '590', '9'.repeat(70_000), '1']) + '\n');
  for (const format of ['--json', '-b']) {
    const r = await runCli(['replay', f, format]);
    assertHandled(r, `late long cell ${format}`, { stdoutIsData: true });
    assert.ok(r.stdout.trim().split('\n').length >= 50, 'the 50 good samples');
    assert.match(r.stderr, /:52: (cell 3 is longer than 64 KB|column 3 \(MEMSZ\) is .*not a number)/, 'an error or a warning names the cell (never a silent null)');
  }
});

test('a bad gzip checksum in the last member only: every sample zcat recovers is delivered (the bad member\'s text up to its checksum too), then one line, exit 2', async () => {
  const text = HEADER(['1:vm']) + rows(100, () => ['100', '1']);
  const lines = text.split(/(?<=\n)/);
  const members = [gzipSync(lines.slice(0, -1).join('')), gzipSync(lines[lines.length - 1])];
  members[1][members[1].length - 8] ^= 0xff;
  const f = file(Buffer.concat(members), 'csv.gz');
  const r = await runCli(['replay', f, '--json']);
  assertHandled(r, 'bad last gzip member', { stdoutIsData: true });
  assert.equal(r.code, 2);
  assert.equal(jsonLines(r.stdout).length, 100);
  assert.equal(r.stderr, `balloontop: ${f}:102: corrupt gzip data (incorrect data check)\n`);
});

test('blank lines cost no time per column: 4 MB of them (12 s before) under the real 17,427-column header', async () => {
  const real = readFileSync(capture('esxi65-ballooning-a.csv'), 'utf8').split('\n');
  const f = file(`${real[0]}\n${real[1]}\n${'\n'.repeat(4 << 20)}${real[2]}\n`);
  const r = await runCli(['replay', f, '--json'], { timeoutMs: 10_000 });
  assertHandled(r, 'blank lines', { stdoutIsData: true });
  assert.equal(jsonLines(r.stdout).length, 2);
});

test('a NUL byte in a row of a small capture is that cell\'s problem, not the file\'s: the other samples are delivered (a NUL in the header, or garbage, is still binary data)', async () => {
  const good = HEADER(['1:vm']) + rows(3, () => ['100', '1']);
  const lines = good.split('\n');
  lines[2] = lines[2].replace('"100"', '"1\x0000"');
  const f = file(lines.join('\n'));
  for (const format of ['-b', '--json']) {
    const r = await runCli(['replay', f, format]);
    assertHandled(r, `NUL in a row, ${format}`, { stdoutIsData: true });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `balloontop: ${f}:3: column 3 (MEMSZ) is "1\\u000000", not a number; shown as missing\n`);
    if (format === '--json') assert.deepEqual(jsonLines(r.stdout).map((s) => s.groups[0].values.MEMSZ), [100, null, 100]);
  }
  const inHeader = file(good.replace('Free MBytes', 'Free\x00MBytes'));
  const h = await runCli(['replay', inHeader, '-b']);
  assert.equal(h.code, 2);
  assert.equal(h.stderr, `balloontop: ${inHeader}: binary data, not an esxtop batch capture\n`);
  const garbage = file(Buffer.concat([Buffer.from('"(PDH'), Buffer.alloc(2000, 1)]));
  assert.match((await runCli(['replay', garbage, '-b'])).stderr, /binary data, not an esxtop batch capture\n$/);
});
