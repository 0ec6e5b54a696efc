/**
 * Capture timestamps are UTC whatever the machine's time zone: the same file
 * read by child processes with TZ=UTC, Europe/Berlin and America/New_York,
 * with samples across both zones' spring-forward and fall-back changes
 * (times that do not exist, or exist twice, in those zones' local time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { memoryCapture, tempDir, toCsv, write } from './synthetic';

const TIMES = [
  // America/New_York springs forward at 2026-03-08 02:00 local (07:00 UTC).
  '03/08/2026 06:59:59',
  '03/08/2026 07:00:00',
  '03/08/2026 07:30:00',
  // Europe/Berlin springs forward at 2026-03-29 02:00 local (01:00 UTC): 02:30 does not exist there.
  '03/29/2026 00:59:59',
  '03/29/2026 01:00:00',
  '03/29/2026 02:30:00',
  // Europe/Berlin falls back at 2026-10-25 03:00 local (01:00 UTC): 02:30 happens twice there.
  '10/25/2026 00:30:00',
  '10/25/2026 01:30:00',
  '10/25/2026 02:30:00',
  // America/New_York falls back at 2026-11-01 02:00 local (06:00 UTC).
  '11/01/2026 05:30:00',
  '11/01/2026 06:30:00',
];

const EXPECTED = TIMES.map((t) => {
  const [, mo, d, y, h, mi, s] = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)$/.exec(t)!.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s)).toISOString();
});

const SCRIPT = `
const { CaptureSource } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'src', 'sources', 'capture', 'capture-source.js'))});
(async () => {
  const src = await CaptureSource.open(process.argv[1]);
  const out = [];
  for (let s; (s = await src.next()); ) out.push(new Date(s.time).toISOString());
  await src.close();
  process.stdout.write(JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, offset: new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset(), times: out }));
})();
`;

test('timestamps are UTC whatever TZ is, across DST changes (child processes with TZ=Europe/Berlin and America/New_York)', (t) => {
  const file = write(tempDir(t), 'dst.csv', toCsv(memoryCapture({ groups: [{ gid: 10, name: 'vm1' }], times: TIMES })));
  const offsets: Record<string, number> = {};
  for (const tz of ['UTC', 'Europe/Berlin', 'America/New_York']) {
    const r = spawnSync(process.execPath, ['-e', SCRIPT, file], { env: { ...process.env, TZ: tz }, encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as { tz: string; offset: number; times: string[] };
    assert.deepEqual(got.times, EXPECTED, `TZ=${tz}`);
    offsets[tz] = got.offset;
  }
  // The zones really were in effect in the children (otherwise this test proves nothing).
  assert.deepEqual(offsets, { UTC: 0, 'Europe/Berlin': -120, 'America/New_York': 240 });
});
