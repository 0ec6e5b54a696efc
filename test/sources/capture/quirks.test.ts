/** Every quirk of real esxtop captures (junk last column, null rows, spreadsheet re-saves, repeated host columns...), each on a small synthetic capture. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { parseCaptureTime, parseCounterPath, parsePdhFirstCell } from '../../../src/sources/capture/pdh-header';
import { readCapture } from './read';
import { memoryCapture, path, quote, tempDir, toCsv, write } from './synthetic';

const iso = (t: number) => new Date(t).toISOString();

test('instance names with spaces, colons, commas, quotes and parentheses: object split on the first ( and the last )', async (t) => {
  assert.deepEqual(parseCounterPath('\\\\h\\Virtual Disk(SQL02 (df09cdf2-1a):scsi0:1)\\Reads/sec'), {
    host: 'h',
    object: 'Virtual Disk',
    instance: 'SQL02 (df09cdf2-1a):scsi0:1',
    counter: 'Reads/sec',
  });
  assert.deepEqual(parseCounterPath('\\\\h\\Memory\\Free MBytes'), { host: 'h', object: 'Memory', instance: null, counter: 'Free MBytes' });
  const name = 'SQL02 (df09cdf2-1a), "prod" (x)';
  const rows = memoryCapture({ groups: [{ gid: 77, name }, { gid: 78, name: 'web,01' }] });
  // Non-memory columns with awkward instances in between must not shift anything.
  rows[0].splice(2, 0, path('Virtual Disk', 'SQL02 (df09cdf2-1a):scsi0:1', 'Reads/sec'));
  rows[0].splice(3, 0, path('Network Port', 'vSwitch0:33554436:vmk0, "mgmt"', 'Packets/sec'));
  for (const r of rows.slice(1)) r.splice(2, 0, '1,5', '"x"');
  const file = write(tempDir(t), 'names.csv', toCsv(rows));
  const text = toCsv(rows);
  assert.ok(text.includes('(77:SQL02 (df09cdf2-1a), ""prod"" (x))'), 'the name is written quoted, with doubled quotes');
  const { samples, warnings } = await readCapture(file);
  assert.deepEqual(warnings, []);
  assert.equal(samples.length, 2);
  const g = samples[0].groups.find((x) => x.gid === 77)!;
  assert.equal(g.name, name);
  // Values by position: the header's column numbers (1-based, first value column 1) come back exactly.
  const col = (header: string) => rows[0].indexOf(header);
  assert.equal(g.values.MEMSZ, Number(rows[1][col(path('Group Memory', `77:${name}`, 'Memory Size MBytes'))]));
  assert.equal(g.values.MCTLSZ, Number(rows[1][col(path('Group Memory', `77:${name}`, 'Memctl MBytes'))]));
  assert.equal(samples[0].groups.find((x) => x.gid === 78)!.name, 'web,01');
  assert.equal(samples[0].host.values.free, Number(rows[1][1]));
  assert.equal(samples[0].host.values.state, Number(rows[1][4]));
});

test('the junk last column ("   -", unquoted values) and a null last column are ignored', async (t) => {
  const rows = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }] });
  const text = rows.map((r, k) => `${r.map(quote).join(',')},${k === 0 ? '   -' : '    73.3'}`).join('\n') + '\n';
  const dir = tempDir(t);
  const junk = await readCapture(write(dir, 'junk.csv', text));
  assert.deepEqual(junk.warnings, []);
  assert.equal(junk.samples.length, 2);
  assert.equal(junk.samples[1].groups[0].values.SWCUR, Number(rows[2][7]));
  const nullCol = rows.map((r) => [...r, '']);
  const empty = await readCapture(write(dir, 'null-col.csv', toCsv(nullCol)));
  assert.deepEqual(empty.warnings, []);
  assert.equal(empty.samples.length, 2);
});

test('a null last row (empty cells, or a blank line) is dropped without a warning', async (t) => {
  const rows = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }] });
  const dir = tempDir(t);
  const nullRow = [...rows, rows[0].map(() => '')];
  const a = await readCapture(write(dir, 'null-row.csv', toCsv(nullRow)));
  assert.equal(a.samples.length, 2);
  assert.deepEqual(a.warnings, []);
  const b = await readCapture(write(dir, 'blank-line.csv', `${toCsv(rows)}\n\n`));
  assert.equal(b.samples.length, 2);
  assert.deepEqual(b.warnings, []);
});

test('duplicate column names (ESX 4): columns are keyed by position, so a duplicate does not shift the others', async (t) => {
  const rows = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }], hostCounters: ['Free MBytes', 'Kernel State', 'Free MBytes', 'Memctl Current MBytes'] });
  rows[1][1] = '100';
  rows[1][3] = '300';
  rows[1][2] = '2';
  rows[1][4] = '4444';
  const { samples, warnings } = await readCapture(write(tempDir(t), 'dup.csv', toCsv(rows)));
  assert.deepEqual(warnings, []);
  const h = samples[0].host.values;
  assert.equal(h.free, 300, 'of two columns with one name, the later one (as esxtop fills them in order)');
  assert.equal(h.state, 2);
  assert.equal(h.memctlCurrent, 4444);
  assert.equal(samples[0].groups[0].values.MEMSZ, Number(rows[1][5]));
});

test('CRLF line ends, a UTF-8 BOM, and no final line break read the same as esxtop\'s own LF', async (t) => {
  const rows = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }, { gid: 11, name: 'hostd.123' }] });
  const dir = tempDir(t);
  const plain = await readCapture(write(dir, 'lf.csv', toCsv(rows)));
  for (const [name, style] of [
    ['crlf', { eol: '\r\n' }],
    ['bom', { bom: true }],
    ['bom-crlf-noeol', { bom: true, eol: '\r\n', noFinalEol: true }],
  ] as const) {
    const other = await readCapture(write(dir, `${name}.csv`, toCsv(rows, style)));
    assert.deepEqual(other.samples, plain.samples, name);
    assert.deepEqual(other.warnings, [], name);
  }
});

test('a spreadsheet re-save: no quotes, M/d/yyyy H:mm without seconds', async (t) => {
  const rows = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }], times: ['3/26/2015 22:42', '3/26/2015 22:43'] });
  const { samples, warnings } = await readCapture(write(tempDir(t), 'excel.csv', toCsv(rows, { quoted: false, eol: '\r\n' })));
  assert.deepEqual(warnings, []);
  assert.deepEqual(samples.map((s) => iso(s.time)), ['2015-03-26T22:42:00.000Z', '2015-03-26T22:43:00.000Z']);
  assert.equal(samples[0].groups[0].values.MEMSZ, Number(rows[1][4]));
});

test('memory counters the registry does not know are kept in extra (host and group), not dropped', async (t) => {
  const rows = memoryCapture({
    groups: [{ gid: 10, name: 'vm1' }],
    hostCounters: ['Free MBytes', 'Memory Tiering Tier1 MBytes'],
    groupCounters: ['Memctl MBytes', 'Encrypted Pages MBytes', 'Memory Size MBytes'],
  });
  const { samples, source } = await readCapture(write(tempDir(t), 'new-esxi.csv', toCsv(rows)));
  const s = samples[0];
  assert.deepEqual(s.host.extra, { 'Memory Tiering Tier1 MBytes': Number(rows[1][2]) });
  assert.equal(s.host.values.free, Number(rows[1][1]));
  assert.deepEqual(s.groups[0].extra, { 'Encrypted Pages MBytes': Number(rows[1][4]) });
  assert.equal(s.groups[0].values.MCTLSZ, Number(rows[1][3]));
  assert.equal(s.groups[0].values.MEMSZ, Number(rows[1][5]));
  assert.equal(s.groups[0].values.SWCUR, null, 'a registry counter missing from the capture is null, not 0');
  assert.deepEqual(source.unknownCounters, { host: ['Memory Tiering Tier1 MBytes'], group: ['Encrypted Pages MBytes'] });
});

test('gzip is detected by its magic bytes, not by the name: a .csv that is gzip and a .gz that is plain', async (t) => {
  const text = toCsv(memoryCapture({ groups: [{ gid: 10, name: 'vm1' }] }));
  const dir = tempDir(t);
  const plain = await readCapture(write(dir, 'plain.csv', text));
  const gzInCsv = await readCapture(write(dir, 'really-gzip.csv', gzipSync(text)));
  const plainInGz = await readCapture(write(dir, 'not-gzip.csv.gz', text));
  assert.equal(plain.samples.length, 2);
  assert.deepEqual(gzInCsv.samples, plain.samples);
  assert.deepEqual(plainInGz.samples, plain.samples);
});

test('perfmon time-zone bias (Windows: UTC = local + bias minutes) is applied; (UTC)(0) is UTC', async (t) => {
  assert.deepEqual(parsePdhFirstCell('(PDH-CSV 4.0) (UTC)(0)'), { biasMinutes: 0 });
  assert.deepEqual(parsePdhFirstCell('(PDH-CSV 4.0) (Eastern Standard Time)(300)'), { biasMinutes: 300 });
  assert.deepEqual(parsePdhFirstCell('(PDH-CSV 4.0) (W. Europe Standard Time)(-60)'), { biasMinutes: -60 });
  const dir = tempDir(t);
  const est = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }], firstCell: '(PDH-CSV 4.0) (Eastern Standard Time)(300)', times: ['01/15/2020 10:00:00'] });
  assert.equal(iso((await readCapture(write(dir, 'est.csv', toCsv(est)))).samples[0].time), '2020-01-15T15:00:00.000Z');
  const cet = memoryCapture({ groups: [{ gid: 10, name: 'vm1' }], firstCell: '(PDH-CSV 4.0) (W. Europe Standard Time)(-60)', times: ['01/15/2020 10:00:00'] });
  assert.equal(iso((await readCapture(write(dir, 'cet.csv', toCsv(cet)))).samples[0].time), '2020-01-15T09:00:00.000Z');
});

test('capture timestamps: esxtop and spreadsheet forms, milliseconds, and absurd dates refused', () => {
  assert.equal(iso(parseCaptureTime('04/24/2018 10:49:12')!), '2018-04-24T10:49:12.000Z');
  assert.equal(iso(parseCaptureTime('4/4/2018 9:05')!), '2018-04-04T09:05:00.000Z');
  assert.equal(iso(parseCaptureTime('04/24/2018 10:49:12.5')!), '2018-04-24T10:49:12.500Z');
  assert.equal(iso(parseCaptureTime('02/29/2024 00:00:00')!), '2024-02-29T00:00:00.000Z');
  for (const bad of ['01/01/1900 00:00:00', '01/01/2300 00:00:00', '02/30/2018 10:00:00', '02/29/2023 10:00:00', '04/24/2018 25:00:00', '04/24/2018 10:60:00', '04/24/2018 10:49:61', '13/01/2018 10:00:00', '00/10/2018 10:00:00', '2018-04-24 10:49:12', '', 'yesterday']) {
    assert.equal(parseCaptureTime(bad), null, bad);
  }
});
