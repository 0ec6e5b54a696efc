import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJumpTarget } from '../../src/timeline/jump-target';
import { formatClock, formatSampleTime } from '../../src/timeline/time-text';

const NOW = Date.UTC(2018, 3, 24, 10, 49, 12);
const iso = (r: ReturnType<typeof parseJumpTarget>) => ('time' in r ? new Date(r.time).toISOString() : r.problem);

for (const tz of ['UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata']) {
  test(`J accepts the issue's forms, in UTC whatever TZ (${tz})`, () => {
    const saved = process.env.TZ;
    process.env.TZ = tz;
    try {
      assert.equal(iso(parseJumpTarget('10:49:17', NOW)), '2018-04-24T10:49:17.000Z');
      assert.equal(iso(parseJumpTarget('04/24/2018 10:49:17', NOW)), '2018-04-24T10:49:17.000Z');
      assert.equal(iso(parseJumpTarget('+5m', NOW)), '2018-04-24T10:54:12.000Z');
      assert.equal(iso(parseJumpTarget('-30s', NOW)), '2018-04-24T10:48:42.000Z');
      assert.equal(iso(parseJumpTarget('+1h', NOW)), '2018-04-24T11:49:12.000Z');
      assert.equal(iso(parseJumpTarget('+10', NOW)), '2018-04-24T10:49:22.000Z');
      assert.equal(iso(parseJumpTarget('2018-04-26T14:06:27Z', NOW)), '2018-04-26T14:06:27.000Z');
      assert.equal(formatSampleTime(NOW), '04/24/2018 10:49:12');
      assert.equal(formatClock(NOW), '10:49:12am');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
}

test('J rejects what is not a time, with a hint', () => {
  for (const bad of ['', 'soon', '25:99:00', '13/40/2018 10:49:17', '+5x']) {
    const r = parseJumpTarget(bad, NOW);
    assert.ok('problem' in r, `${JSON.stringify(bad)} should be rejected`);
    assert.match(r.problem, /10:49:17/);
  }
});
