/**
 * Recordings built to hurt: a corrupt last gzip member, blank and bad lines
 * by the hundred thousand, lines deep or wide under the line limit, counters
 * named `__proto__`. The good part is always kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { lineShapeProblem } from '../../../src/sources/recording/format';
import { UserError } from '../../../src/errors';
import { RecordingSource } from '../../../src/sources/recording/recording-source';
import { describeWarnings } from '../../../src/sources/warnings';
import type { Sample } from '../../../src/sample/sample';
import { makeGroup } from '../../support/groups';
import { hostSample, recordingText } from '../../support/hostile';

const dir = mkdtempSync(join(tmpdir(), 'balloontop-hostile-rec-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string | Buffer, ext = 'jsonl') => {
  const p = join(dir, `r${++n}.${ext}`);
  writeFileSync(p, content);
  return p;
};
const T0 = Date.UTC(2018, 3, 24, 10, 49, 12);
const samples = (count: number) => Array.from({ length: count }, (_, i) => hostSample(T0 + i * 5000, [makeGroup(1, `vm${i}`, 'vm', { MEMSZ: 2048 + i })]));

async function readAll(path: string): Promise<{ samples: Sample[]; warnings: string[] }> {
  const src = await RecordingSource.open(path);
  const out: Sample[] = [];
  try {
    for (let s = await src.next(); s; s = await src.next()) out.push(s);
  } finally {
    await src.close();
  }
  return { samples: out, warnings: describeWarnings(src.warnings()) };
}

/** Gzip with one member per line, as balloontop writes recordings. */
function gzipPerLine(text: string): Buffer[] {
  return text.split(/(?<=\n)/).map((l) => gzipSync(l));
}

test('a byte order mark before the header (an editor saved the file): read as without it, plain and gzip', async () => {
  const text = recordingText(samples(3));
  const want = await readAll(file(text));
  for (const content of [`\uFEFF${text}`, gzipSync(`\uFEFF${text}`)]) {
    const got = await readAll(file(content, typeof content === 'string' ? 'jsonl' : 'jsonl.gz'));
    assert.deepEqual(got, want);
  }
});

test('a bad checksum in the last gzip member: every sample before it is kept, then one warning', async () => {
  const members = gzipPerLine(recordingText(samples(300)));
  const last = Buffer.from(members[members.length - 1]);
  last[last.length - 8] ^= 0xff;
  const r = await readAll(file(Buffer.concat([...members.slice(0, -1), last]), 'jsonl.gz'));
  assert.equal(r.samples.length, 299);
  assert.equal(r.samples[298].time, T0 + 298 * 5000);
  assert.deepEqual(r.warnings.length, 1, r.warnings.join('\n'));
  assert.match(r.warnings[0], /:301: corrupt gzip data after line 300 \(incorrect data check\); the samples before it are kept/);
});

test('corrupt deflate data in a middle member, and one gzip stream for the whole file: the samples before it are kept', async () => {
  const members = gzipPerLine(recordingText(samples(200)));
  const bad = Buffer.from(members[120]);
  bad.fill(0x55, 12, bad.length - 8);
  const perLine = await readAll(file(Buffer.concat([...members.slice(0, 120), bad, ...members.slice(121)]), 'jsonl.gz'));
  assert.equal(perLine.samples.length, 119);
  assert.match(perLine.warnings.join('\n'), /corrupt gzip data after line 120/);

  const whole = gzipSync(recordingText(samples(5000)));
  whole[whole.length - 7] ^= 0x01;
  const one = await readAll(file(whole, 'jsonl.gz'));
  // One member: what zlib handed out before it checked the trailer is kept (all but the last output chunk of 64 KB).
  assert.ok(one.samples.length > 4500 && one.samples.length < 5000, `${one.samples.length} samples kept`);
  assert.ok(one.samples.every((x, i) => x.time === T0 + i * 5000), 'in order, none made up');
  assert.deepEqual(one.warnings.length, 1, one.warnings.join('\n'));
  assert.match(one.warnings[0], /corrupt gzip data after line \d+ \(incorrect data check\)/);
});

test('200,000 blank and 100,000 bad lines in one chunk: read through, the event loop gets turns, each kind reported once', async () => {
  const [header, first, second] = recordingText(samples(2)).split('\n');
  const path = file(`${header}\n${first}\n${'\n'.repeat(200_000)}${'not json\n'.repeat(100_000)}${second}\n`);
  let turns = 0;
  const timer = setInterval(() => turns++, 1);
  try {
    const r = await readAll(path);
    assert.equal(r.samples.length, 2);
    assert.deepEqual(r.warnings, [`${path}:200003: not a sample (not valid JSON); skipped (and 99999 more like it)`]);
  } finally {
    clearInterval(timer);
  }
  assert.ok(turns > 0, 'timers ran while the lines were skipped');
});

test('lines deep, wide or long are refused before JSON.parse, by their shape', () => {
  assert.equal(lineShapeProblem('{"t":1,"h":[1,2,3],"g":[[1,"a","vm",[1,2],{"x":1}]],"n":[{"text":"[[[[[[[[[[","pause":false}]}'), null);
  assert.equal(lineShapeProblem('['.repeat(9) + ']'.repeat(9)), 'nested more than 8 deep');
  assert.equal(lineShapeProblem(`[${'0,'.repeat(1_000_000)}0]`), 'more than 1000000 values');
  assert.equal(lineShapeProblem(`["${'a'.repeat(70_000)}"]`), 'a string longer than 64 K characters');
  assert.equal(lineShapeProblem(`["${'\\"'.repeat(100)}"]`), null, 'escaped quotes stay inside the string');
});

test('counters named __proto__ (host, group, and in the header) are kept as counters', async () => {
  const s = hostSample(T0, [makeGroup(1, 'a', 'vm', { MEMSZ: 1 }, { ['__proto__']: 7, constructor: 8 })]);
  const text = recordingText([s]).replace('"h":[', '"hx":{"__proto__":5},"h":[');
  const r = await readAll(file(text));
  assert.equal(r.samples.length, 1);
  assert.deepEqual(Object.entries(r.samples[0].host.extra), [['__proto__', 5]]);
  assert.deepEqual(Object.entries(r.samples[0].groups[0].extra), [['__proto__', 7], ['constructor', 8]]);
  assert.equal(Object.getPrototypeOf(r.samples[0].host.extra), Object.prototype);
  assert.match(JSON.stringify(r.samples[0].groups[0].extra), /"__proto__":7/);
});

test('a GID of 23 digits makes its line a bad line, never a rounded GID; a negative GID is kept', async () => {
  const text = recordingText([hostSample(T0, [makeGroup(-5, 'neg', 'vm', { MEMSZ: 1 })]), hostSample(T0 + 5000, [makeGroup(7, 'big', 'vm', { MEMSZ: 1 })])]).replace('[7,"big"', '[12345678901234567890123,"big"');
  const path = file(text);
  const r = await readAll(path);
  assert.deepEqual(r.samples.map((s) => s.groups[0].gid), [-5]);
  assert.deepEqual(r.warnings, [`${path}:3: not a sample (group GID 1.2345678901234568e+22 is not a whole number balloontop can hold exactly); skipped`]);
});

test('a header whose every line is bad or torn has no samples: the error says how many lines were skipped and why, as a capture does', async () => {
  const lines = recordingText(samples(3)).trimEnd().split('\n');
  const cases: [string, RegExp][] = [
    [[lines[0], lines[1].replace(/"h":\[/, '"h":["free",'), 'not json', '{}'].join('\n') + '\n', /: has a header but no samples \(3 lines skipped; the first: .*:2: not a sample \("h" must hold 24 host values\); skipped\)$/],
    [`${lines[0]}\n${lines[1].slice(0, 40)}`, /: has a header but no samples \(1 line skipped; the first: .*:2: the last line is torn \(the recording was cut off while writing\); skipped\)$/],
  ];
  for (const [text, expected] of cases) {
    const path = file(text);
    await assert.rejects(readAll(path), (e: Error) => e instanceof UserError && e.message.startsWith(path) && expected.test(e.message));
  }
});

test('a sample with two groups of one GID is refused with its line (it would be taken for one group); the other samples are read', async () => {
  const good = samples(3);
  const twice = hostSample(T0 + 15000, [makeGroup(7, 'web01', 'vm', { MEMSZ: 2048 }), makeGroup(7, 'web02', 'vm', { MEMSZ: 4096 })]);
  const path = file(recordingText([...good, twice]));
  const r = await readAll(path);
  assert.equal(r.samples.length, 3);
  assert.deepEqual(r.warnings, [`${path}:5: not a sample (two groups with GID 7); skipped`]);
});
