import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorText } from '../../src/errors';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { Poller } from '../../src/timeline/poller';
import { Timeline } from '../../src/timeline/timeline';
import { CaptureSource } from '../../src/sources/capture/capture-source';
import { UserError } from '../../src/errors';
import { capture } from '../support/paths';
import { ListSource, emptySample, T0 } from './list-source';

async function until(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

test('replay: plays a real capture by its own timestamps (5 s apart) at speed 1000, and stops at the end', async () => {
  const src = await CaptureSource.open(capture('esxi65-ballooning-a.csv'));
  const timeline = new Timeline({ speed: 1000 });
  let changes = 0;
  const seen: number[] = [];
  const poller = new Poller(src, timeline, {
    delaySeconds: 5,
    onChange: () => {
      changes++;
      const i = timeline.position().index;
      if (seen[seen.length - 1] !== i) seen.push(i);
    },
    onError: (e) => assert.fail(errorText(e)),
  });
  poller.start();
  await until(() => timeline.position().index === 3 && timeline.complete, 'the last sample');
  assert.deepEqual(seen, [1, 2, 3], 'paced one sample at a time, never a jump to the end');
  assert.equal(new Date(timeline.current!.time).toISOString(), '2018-04-24T10:49:22.000Z');
  assert.ok(changes >= 3);
  await sleep(30);
  assert.equal(timeline.position().index, 3, 'stays on the last sample');
  poller.stop();
  await src.close();
});

test('replay controls: paused start, step, jump, first, last, speed', async () => {
  const src = await CaptureSource.open(capture('esxi65-ballooning-a.csv'));
  const timeline = new Timeline({ speed: 1 });
  timeline.paused = true;
  const poller = new Poller(src, timeline, { delaySeconds: 5, onChange: () => {}, onError: (e) => assert.fail(String(e)) });
  poller.start();
  await until(() => timeline.current !== null, 'the first sample');
  await sleep(20);
  assert.equal(timeline.position().index, 1, 'paused: no advance');
  assert.equal(await poller.step(1), true);
  assert.equal(timeline.current!.time, T0 + 5000);
  assert.equal(await poller.step(-1), true);
  assert.deepEqual(await poller.jump(T0 + 10_000), { moved: true, limited: false });
  assert.equal(timeline.position().index, 3);
  assert.equal(poller.first(), true);
  assert.deepEqual(await poller.last(), { moved: true, limited: false });
  assert.equal(timeline.complete, true);
  assert.equal(poller.faster(), 2);
  assert.equal(poller.slower(), 1);
  poller.stop();
  await src.close();
});

test('replay stops at a narration note that asks for a pause, and resumes on p', async () => {
  const src = new ListSource([emptySample(0), emptySample(5, [{ text: 'balloon inflating', pause: true }]), emptySample(10)]);
  const timeline = new Timeline({ speed: 1000 });
  const poller = new Poller(src, timeline, { delaySeconds: 5, onChange: () => {}, onError: (e) => assert.fail(String(e)) });
  poller.start();
  await until(() => timeline.paused, 'the pause note');
  assert.equal(timeline.position().index, 2);
  assert.deepEqual(timeline.notes().map((n) => n.text), ['balloon inflating']);
  await sleep(20);
  assert.equal(timeline.position().index, 2, 'still paused');
  poller.togglePause();
  await until(() => timeline.position().index === 3, 'the sample after the note');
  poller.stop();
});

test('realtime: polls at once, follows the newest sample, pause freezes the view while history grows', async () => {
  const src = new ListSource([emptySample(0), emptySample(20), emptySample(40)], { realtime: true });
  const timeline = new Timeline();
  const poller = new Poller(src, timeline, { delaySeconds: 1, onChange: () => {}, onError: (e) => assert.fail(String(e)) });
  assert.equal(poller.delaySeconds, 2, 'esxtop minimum delay');
  poller.start();
  await until(() => timeline.position().index === 1, 'the first poll');
  poller.refresh();
  await until(() => timeline.position().index === 2, 'the refresh poll');
  poller.togglePause();
  poller.refresh();
  await until(() => timeline.position().total === 3, 'a poll while paused');
  assert.equal(timeline.position().index, 2, 'paused view stays');
  poller.togglePause();
  assert.equal(timeline.position().index, 3, 'resume goes back to LIVE');
  assert.equal(poller.setDelay(10), 10);
  poller.stop();
});

test('a source failure stops the poller and reaches onError once', async () => {
  const src = new ListSource([], { realtime: false });
  src.failWith = new UserError('capture.csv:12: row has 3 cells, the header 17427');
  const errors: unknown[] = [];
  const poller = new Poller(src, new Timeline(), { delaySeconds: 5, onChange: () => {}, onError: (e) => errors.push(e) });
  poller.start();
  await until(() => errors.length > 0, 'the error');
  await sleep(10);
  assert.equal(errors.length, 1);
  assert.match((errors[0] as Error).message, /capture\.csv:12/);
});

test('a capture damaged part way (a gzip with a bad CRC at its end): every sample before stays, the history ends there, the failure reaches onCutShort once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-poller-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const gz = Buffer.from(gzipSync(readFileSync(capture('esxi65-ballooning-a.csv'))));
  gz[gz.length - 7] ^= 0x5a;
  const file = join(dir, 'damaged.csv.gz');
  writeFileSync(file, gz);
  const src = await CaptureSource.open(file);
  const timeline = new Timeline();
  const cut: UserError[] = [];
  const errors: unknown[] = [];
  const poller = new Poller(src, timeline, { delaySeconds: 5, onChange: () => {}, onError: (e) => errors.push(e), onCutShort: (e) => cut.push(e) });
  poller.start();
  await poller.last();
  await until(() => cut.length > 0, 'the failure');
  assert.deepEqual(errors, []);
  assert.deepEqual(cut.map((e) => e.message), [`${file}:5: corrupt gzip data (incorrect data check)`]);
  assert.equal(timeline.length, 3, 'the three samples of the capture');
  assert.equal(timeline.position().complete, true);
  assert.equal(timeline.current?.time, Date.UTC(2018, 3, 24, 10, 49, 22));
  poller.stop();
  await src.close();
});

/** A simulation-like source that never ends, answering at once. */
class EndlessSource extends ListSource {
  private i = 0;
  override async next() {
    this.reads++;
    return emptySample(5 * this.i++);
  }
}

test('an endless simulation: End goes to the newest simulated sample, J far ahead stops at the read limit and keys stay live', async () => {
  const src = new EndlessSource([], { realtime: false });
  const timeline = new Timeline({ speed: 1, maxHistory: 100 });
  timeline.paused = true;
  const poller = new Poller(src, timeline, { delaySeconds: 5, onChange: () => {}, onError: (e) => assert.fail(String(e)) });
  poller.start();
  await until(() => timeline.length === 3, 'read-ahead');
  assert.deepEqual(await poller.last(), { moved: true, limited: false });
  assert.equal(src.reads, 3, 'End does not chase an endless simulation');
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 1);
  const r = await poller.jump(T0 + 1e12);
  clearInterval(ticker);
  assert.deepEqual(r, { moved: true, limited: true });
  assert.ok(ticks > 0, 'the event loop ran while reading');
  assert.equal(timeline.length, 100, 'history stays bounded');
  poller.stop();
});

test('realtime: the same sample again (a source repeating its last good sample while reconnecting) is not added to history', async () => {
  const again = emptySample(0);
  const src = new ListSource([again, again, emptySample(20)], { realtime: true });
  const timeline = new Timeline();
  const poller = new Poller(src, timeline, { delaySeconds: 2, onChange: () => {}, onError: (e) => assert.fail(String(e)) });
  poller.start();
  await until(() => src.reads === 1, 'the first poll');
  poller.refresh();
  await until(() => src.reads === 2, 'the second poll');
  await sleep(5);
  assert.equal(timeline.position().total, 1);
  poller.refresh();
  await until(() => timeline.position().total === 2, 'a new sample');
  poller.stop();
});
