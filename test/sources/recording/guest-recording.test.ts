/**
 * The guest section in recordings (and so on the feed's wire): written by
 * the recording writer, read back whole; values by id, so other builds'
 * ids are ignored and absent ones are missing; a bad section is a skipped
 * line, not a crash. The timeline's packed history keeps it too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyGuestValues } from '../../../src/fields/guest-fields';
import { emptyHostValues } from '../../../src/fields/host-counters';
import { decodeSample, fieldMap, isProblem, makeHeader, encodeSample } from '../../../src/sources/recording/format';
import { RecordingSource } from '../../../src/sources/recording/recording-source';
import { RecordingWriter } from '../../../src/output/recording-writer';
import type { GuestSection } from '../../../src/sample/guest';
import type { Sample } from '../../../src/sample/sample';
import { compact, expand } from '../../../src/timeline/compact-sample';

function guestSample(i: number): Sample {
  const values = emptyGuestValues();
  values.balloonMB = 2048 + i;
  values.targetMB = 3072;
  values.memTotalMB = 7961.27;
  values.limitMB = -1;
  const guest: GuestSection = {
    driver: 'vmw_balloon',
    driverStatus: 'active',
    balloonState: 'inflating',
    hypervisor: 'VMware',
    values,
    missing: { reservationMB: 'stat-memres.txt: OpenHandle failed: VMware Guest API is not enabled on the host', balloonState: 'x' },
    from: { balloonMB: '/sys/kernel/debug/vmmemctl' },
    oomKills: [
      { time: Date.UTC(2026, 2, 1, 8), pid: 4242, process: 'java', uptimeS: 3600.5, cgroup: false, clock: 'boot' },
      { time: null, pid: 7, process: 'a "quoted" (name)', uptimeS: null, cgroup: true, clock: 'none' },
    ],
  };
  return { time: Date.UTC(2026, 2, 1, 12) + i * 5000, host: { hostname: 'web01', values: emptyHostValues(), state: null, extra: {} }, groups: [], guest };
}

test('a guest sample is written to a recording and read back whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-guest-recording-'));
  try {
    const path = join(dir, 'g.jsonl.gz');
    const w = RecordingWriter.open({ path, gzip: true, mode: 'create', source: { kind: 'guest', label: 'this guest' } });
    const written = [guestSample(0), guestSample(1)];
    for (const s of written) w.write(s);
    w.close();
    const src = await RecordingSource.open(path);
    const read: Sample[] = [];
    for (let s; (s = await src.next()); ) read.push(s);
    await src.close();
    assert.deepEqual(read, written);
    assert.deepEqual(src.warnings(), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('values are mapped by id: unknown ids are ignored, absent ones are missing; no oomKills list stays null', () => {
  const header = makeHeader({ kind: 'guest', label: 'x' }, 'web01');
  const map = fieldMap(header.fields);
  const line = JSON.parse(encodeSample(guestSample(0), header));
  line.gu.values = { balloonMB: 10, futureFieldMB: 3 };
  line.gu.oomKills = null;
  const s = decodeSample(JSON.stringify(line), header, map);
  assert.ok(!isProblem(s));
  assert.equal(s.guest?.values.balloonMB, 10);
  assert.equal(s.guest?.values.targetMB, null);
  assert.equal((s.guest?.values as Record<string, unknown>).futureFieldMB, undefined);
  assert.equal(s.guest?.oomKills, null);
});

test('a malformed guest section makes the line a problem (reported and skipped by the reader)', async () => {
  const header = makeHeader({ kind: 'guest', label: 'x' }, 'web01');
  const map = fieldMap(header.fields);
  const good = JSON.parse(encodeSample(guestSample(0), header));
  for (const gu of [5, { ...good.gu, values: { balloonMB: 'big' } }, { ...good.gu, oomKills: [[1, 2]] }, { ...good.gu, driver: 'xen_balloon' }]) {
    const r = decodeSample(JSON.stringify({ ...good, gu }), header, map);
    assert.ok(isProblem(r), JSON.stringify(gu).slice(0, 80));
  }
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-guest-recording-'));
  try {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, [JSON.stringify(header), JSON.stringify({ ...good, gu: 5 }), encodeSample(guestSample(1), header)].join('\n') + '\n');
    const src = await RecordingSource.open(path);
    const first = await src.next();
    assert.equal(first?.guest?.values.balloonMB, 2049);
    assert.match(src.warnings()[0].message, /bad\.jsonl:2: .*"gu" must be an object/);
    await src.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the timeline\'s packed history keeps the guest section', () => {
  const s = guestSample(3);
  assert.deepEqual(expand(compact(s)), s);
});

test('the recording of a guest says so in its header', () => {
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-guest-recording-'));
  try {
    const path = join(dir, 'g.jsonl');
    const w = RecordingWriter.open({ path, gzip: false, mode: 'create', source: { kind: 'guest', label: 'guest files in /x' } });
    w.write(guestSample(0));
    w.close();
    const header = JSON.parse(readFileSync(path, 'utf8').split('\n')[0]);
    assert.deepEqual(header.source, { kind: 'guest', label: 'guest files in /x' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
