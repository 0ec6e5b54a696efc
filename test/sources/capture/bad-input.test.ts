/**
 * Bad input: fatal problems fail with one UserError line naming the file (and
 * the line where there is one); recoverable ones (a bad row) are skipped,
 * counted and reported once while the rest is read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UserError } from '../../../src/errors';
import { describeWarnings } from '../../../src/sources/warnings';
import { capture } from '../../support/paths';
import { runWithFilePermissions } from '../../support/unprivileged';
import { readCapture, readError } from './read';
import { memoryCapture, quote, tempDir, toCsv, write } from './synthetic';

async function fatal(path: string): Promise<string> {
  const err = await readError(path);
  assert.ok(err instanceof UserError, `expected a UserError for ${path}, got ${String(err)}`);
  assert.equal(err.exitCode, 2);
  assert.ok(!err.message.includes('\n'), `one line: ${JSON.stringify(err.message)}`);
  return err.message;
}

test('missing file, directory, empty file', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'captures.d'));
  assert.equal(await fatal(join(dir, 'nope.csv')), `${join(dir, 'nope.csv')}: no such file`);
  assert.equal(await fatal(join(dir, 'captures.d')), `${join(dir, 'captures.d')}: is a directory, not a file`);
  const empty = write(dir, 'empty.csv', '');
  assert.equal(await fatal(empty), `${empty}: is empty`);
  symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
  symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
  assert.equal(await fatal(join(dir, 'loop-a')), `${join(dir, 'loop-a')}: too many symbolic links (a loop?)`);
  assert.equal(await fatal(join(empty, 'under-a-file.csv')), `${join(empty, 'under-a-file.csv')}: no such file (a part of the path is not a directory)`);
});

const UNREADABLE_SCRIPT = `
const { CaptureSource } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'src', 'sources', 'capture', 'capture-source.js'))});
CaptureSource.open(process.argv[1]).then(
  () => process.stdout.write(JSON.stringify({ ok: true })),
  (e) => process.stdout.write(JSON.stringify({ name: e.name, message: e.message, exitCode: e.exitCode })),
);
`;

test('unreadable file (chmod 000): "permission denied"; as root too, in a child without the capabilities that override permissions', (t) => {
  const dir = tempDir(t);
  const file = write(dir, 'secret.csv', toCsv(memoryCapture({ groups: [{ gid: 1, name: 'vm' }] })));
  chmodSync(file, 0o000);
  const r = runWithFilePermissions(t, process.execPath, ['-e', UNREADABLE_SCRIPT, file]);
  if (!r) return;
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { name: 'UserError', message: `${file}: permission denied`, exitCode: 2 });
});

test('header only, not a PDH CSV, binary garbage, no memory columns', async (t) => {
  const dir = tempDir(t);
  const rows = memoryCapture({ groups: [{ gid: 1, name: 'vm' }] });
  const headerOnly = write(dir, 'header-only.csv', toCsv([rows[0]]));
  assert.equal(await fatal(headerOnly), `${headerOnly}: has a header but no samples`);
  const notPdh = write(dir, 'inventory.csv', 'name,memory MB\nportunus,2048\n');
  assert.equal(await fatal(notPdh), `${notPdh}:1: not an esxtop batch capture (the first header cell is "name", expected "(PDH-CSV 4.0) ...")`);
  const garbage = Buffer.alloc(5000);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
  const bin = write(dir, 'core.csv', garbage);
  assert.equal(await fatal(bin), `${bin}: binary data, not an esxtop batch capture`);
  const cpuOnly = write(dir, 'cpu-only.csv', toCsv([['(PDH-CSV 4.0) (UTC)(0)', '\\\\h\\Physical Cpu(0)\\% Processor Time'], ['04/24/2018 10:49:12', '5.5']]));
  assert.equal(await fatal(cpuOnly), `${cpuOnly}:1: no memory counters in the header (no "Memory" or "Group Memory(...)" columns among 2); capture with esxtop -b -a`);
});

test('corrupt gzip (valid magic, garbage after) and truncated gzip', async (t) => {
  const dir = tempDir(t);
  const corrupt = write(dir, 'corrupt.csv.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('this is not deflate data at all, just text')]));
  assert.equal(await fatal(corrupt), `${corrupt}: corrupt gzip data (unknown compression method)`);
  const emptyGz = write(dir, 'empty.csv.gz', gzipSync(''));
  assert.equal(await fatal(emptyGz), `${emptyGz}: is empty (once decompressed)`);
  const whole = gzipSync(readFileSync(capture('esxi65-ballooning-a.csv')));
  const truncated = write(dir, 'truncated.csv.gz', whole.subarray(0, Math.floor(whole.length / 2)));
  // Cut inside the 1.3 MB header: nothing before it to deliver, and the line it stopped in is named.
  assert.equal(await fatal(truncated), `${truncated}:1: truncated gzip data (the compressed stream ends early)`);
});

test('bad rows are skipped (or a bad cell shown as missing), counted, reported once; the rest is read', async (t) => {
  const rows = memoryCapture({
    groups: [{ gid: 1, name: 'vm' }],
    times: ['04/24/2018 10:49:12', '04/24/2018 10:49:17', '04/24/2018 10:49:22', '04/24/2018 10:49:27', '01/01/1900 00:00:00', '01/01/2300 00:00:00', '02/30/2018 10:00:00', '04/24/2018 25:00:00', '04/24/2018 10:49:32'],
  });
  const width = rows[0].length; // 9
  rows[2] = rows[2].slice(0, width - 1); // line 3: a cell short
  rows[3] = [...rows[3], '1.00']; // line 4: a cell too many
  rows[4][5] = 'n/a'; // line 5: Memctl MBytes is not a number
  const text = `${toCsv(rows)}${rows[1].slice(0, 4).map(quote).join(',')}`; // line 11: truncated last line
  const file = write(tempDir(t), 'bad-rows.csv', text);
  const { samples, warnings } = await readCapture(file);
  assert.deepEqual(
    samples.map((s) => new Date(s.time).toISOString()),
    ['2018-04-24T10:49:12.000Z', '2018-04-24T10:49:27.000Z', '2018-04-24T10:49:32.000Z'],
  );
  assert.equal(samples[1].groups[0].values.MCTLSZ, null, 'the bad cell is missing');
  assert.equal(samples[1].groups[0].values.MEMSZ, Number(rows[4][4]), 'the rest of that row is kept');
  assert.deepEqual(warnings, [
    { message: `${file}:3: 8 cells where the header has 9; row skipped`, count: 2 },
    { message: `${file}:5: column 6 (MCTLSZ) is "n/a", not a number; shown as missing`, count: 1 },
    { message: `${file}:6: bad timestamp "01/01/1900 00:00:00"; row skipped`, count: 4 },
    { message: `${file}:11: the last line is truncated (4 of 9 cells); skipped`, count: 1 },
  ]);
  assert.deepEqual(describeWarnings(warnings), [
    `${file}:3: 8 cells where the header has 9; row skipped (and 1 more like it)`,
    `${file}:5: column 6 (MCTLSZ) is "n/a", not a number; shown as missing`,
    `${file}:6: bad timestamp "01/01/1900 00:00:00"; row skipped (and 3 more like it)`,
    `${file}:11: the last line is truncated (4 of 9 cells); skipped`,
  ]);
});

test('a capture whose every row is bad fails, saying why', async (t) => {
  const rows = memoryCapture({ groups: [{ gid: 1, name: 'vm' }], times: ['13/45/2018 10:49:12', '04/24/1850 10:49:17'] });
  const file = write(tempDir(t), 'all-bad.csv', toCsv(rows));
  assert.equal(await fatal(file), `${file}: has a header but no samples (2 rows skipped; the first: ${file}:2: bad timestamp "13/45/2018 10:49:12"; row skipped)`);
});

test('a timestamp going back in time is kept and reported once', async (t) => {
  const rows = memoryCapture({ groups: [{ gid: 1, name: 'vm' }], times: ['04/24/2018 10:49:12', '04/24/2018 10:49:02', '04/24/2018 10:49:22', '04/24/2018 10:49:07'] });
  const file = write(tempDir(t), 'clock.csv', toCsv(rows));
  const { samples, warnings } = await readCapture(file);
  assert.equal(samples.length, 4);
  assert.deepEqual(warnings, [{ message: `${file}:3: timestamp goes back in time; kept`, count: 2 }]);
});
