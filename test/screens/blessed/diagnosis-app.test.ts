/**
 * The dashboard's diagnosis follows the timeline: the app diagnoses every
 * sample as it comes, and a sample browsed back to (T) shows its own
 * diagnosis again, worked out once. A guest's samples open the guest page,
 * whose time keys work the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { group, guestSample, guestSection, host, sample } from '../../diagnosis/build';
import { ListSource } from '../../timeline/list-source';
import { close, open, until } from './app-harness';

const status = (l: string[]) => l[l.length - 1];
const why = (l: string[]) => l[l.length - 2];

test('the diagnosis line follows t and T: the earlier sample shows its own diagnosis again', async () => {
  const src = new ListSource([
    sample(0, host('high'), [group(1, 'vm1', {})]),
    sample(1, host('soft'), [group(1, 'vm1', { 'MCTL?': 0, SWCUR: 300, SWTGT: 300, 'SWW/s': 2 })]),
    sample(2, host('high'), [group(1, 'vm1', {})]),
  ]);
  const r = await open(src, { columns: 100, rows: 30 });
  try {
    await until(r, (l) => /sample 1 of/.test(status(l)), 'the first sample');
    await r.term.type('p');
    let lines = await until(r, (l) => /PAUSED/.test(status(l)), 'paused');
    assert.match(why(lines), /^ why vm1 and the host: no finding/);
    await r.term.type('t');
    lines = await until(r, (l) => /sample 2 of 3/.test(status(l)), 'the second sample');
    assert.match(why(lines), /^ why vm1: No balloon driver \(MCTL\? N\): the host compresses and swaps it instead \(swapped 300 MB\)/);
    await r.term.type('t');
    lines = await until(r, (l) => /sample 3 of 3/.test(status(l)), 'the third sample');
    assert.match(why(lines), /^ why vm1 and the host: no finding/);
    await r.term.type('T');
    lines = await until(r, (l) => /sample 2 of 3/.test(status(l)), 'back to the second sample');
    assert.match(why(lines), /^ why vm1: No balloon driver \(MCTL\? N\)/);
    // Worked out once per sample: every frame of the same sample reads the same diagnosis.
    const first = r.app.frameInput().diagnosis;
    assert.ok(first && first === r.app.frameInput().diagnosis);
    await r.term.type('w');
    lines = await until(r, (l) => l[0].startsWith('why: the diagnosis at 01/12/2026 09:00:05 UTC'), 'the w panel');
    const trimmed = lines.map((l) => l.trimEnd());
    assert.ok(trimmed.includes('vm1 (VM, GID 1)'));
    assert.ok(trimmed.includes('  1. no driver  (no-balloon-driver)'));
    assert.ok(lines.some((l) => /^ {5}Since 09:00:05\./.test(l)), 'since the sample it began at');
    await r.term.type('T');
    await until(r, (l) => /^ why vm1: No balloon driver/.test(why(l)) && /sample 2 of 3/.test(status(l)), 'any other key returns to the page');
  } finally {
    await close(r);
  }
});

test('guest samples open the guest page; t and T move through them and the balloon follows', async () => {
  const src = new ListSource([
    guestSample(0, guestSection({ balloonMB: 1024, targetMB: 2048 }, { balloonState: 'inflating' })),
    guestSample(1, guestSection({ balloonMB: 2048, targetMB: 2048 })),
  ]);
  const r = await open(src, { columns: 80, rows: 24 });
  try {
    let lines = await until(r, (l) => l[0].startsWith(' web01: the balloon seen from inside the guest'), 'the guest page');
    await r.term.type('p');
    lines = await until(r, (l) => /PAUSED/.test(status(l)), 'paused');
    assert.match(lines[2], /^BALLOON {5}1,024 MB = 12\.9% of 7,961 MB; target 2,048 MB/);
    await r.term.type('t');
    lines = await until(r, (l) => /sample 2 of 2/.test(status(l)), 'the second sample');
    assert.match(lines[2], /^BALLOON {5}2,048 MB = 25\.7% of 7,961 MB/);
    await r.term.type('T');
    lines = await until(r, (l) => /sample 1 of 2/.test(status(l)), 'back');
    assert.match(lines[2], /^BALLOON {5}1,024 MB/);
    await r.term.type('f');
    await until(r, (l) => l.some((x) => x.startsWith(" 'f' works on a host's memory page")), 'f says it is for a host');
  } finally {
    await close(r);
  }
});
