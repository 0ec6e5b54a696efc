/**
 * The poller in a classroom: a simulated host an instructor acts on commits
 * samples only as the user reaches them (read-ahead samples are made again
 * after an action), the caption keys read ahead, and a feed that pushes its
 * samples is followed until the student moves away, then held until p or End.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorText } from '../../src/errors';
import type { Sample } from '../../src/sample/sample';
import { resolveScenario } from '../../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../../src/sources/simulation/simulation-source';
import type { SampleSource, SourceInfo, SourceWarning } from '../../src/sources/source';
import { Poller } from '../../src/timeline/poller';
import { Timeline } from '../../src/timeline/timeline';
import { emptySample } from './list-source';

const T0 = resolveScenario('no-tools').start;

async function until(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

function simulated(paused: boolean) {
  const src = new SimulationSource(resolveScenario('no-tools'), { seed: 3, stepSeconds: 5, rewindable: true });
  const timeline = new Timeline({ speed: 1 });
  timeline.paused = paused;
  const committed: Sample[] = [];
  const poller = new Poller(src, timeline, { delaySeconds: 5, onChange: () => {}, onError: (e) => assert.fail(errorText(e)), onSample: (s) => committed.push(s) });
  return { src, timeline, committed, poller };
}

test('a simulated host commits samples as the user reaches them, never the ones read ahead', async () => {
  const { timeline, committed, poller } = simulated(true);
  poller.start();
  await until(() => timeline.length >= 3, 'the read-ahead');
  assert.equal(committed.length, 1, 'only the sample on screen');
  await poller.step(4);
  assert.equal(timeline.position().index, 5);
  assert.deepEqual(committed.map((s) => (s.time - T0) / 1000), [0, 5, 10, 15, 20], 'each once, in order');
  await poller.step(-2);
  assert.equal(committed.length, 5, 'going back commits nothing');
  poller.stop();
});

test('an action applies after the last sample the class saw: the read-ahead is dropped and made again, with the caption', async () => {
  const { timeline, committed, poller } = simulated(true);
  poller.start();
  await until(() => timeline.length >= 3, 'the read-ahead');
  const seen = timeline.current!.time;
  const stale = timeline.sampleAtAbsolute(1);
  const r = poller.act({ kind: 'setLimit', vm: 'web01', limitMB: 1536 });
  assert.deepEqual(r, { ok: true, message: 'limit of 1536 MB set on web01 (configured 4096 MB)', redoAfter: seen });
  await poller.step(1);
  const next = timeline.current!;
  assert.equal(next.time, seen + 5000);
  assert.deepEqual(next.notes?.map((n) => n.text), ['limit of 1536 MB set on web01 (configured 4096 MB)']);
  assert.equal(next.groups.find((g) => g.name === 'web01')?.values.AMAX, 1536);
  assert.notEqual(next, stale, 'made again');
  assert.deepEqual(committed.map((s) => (s.time - T0) / 1000), [0, 5], 'one sample per moment: the stale read-ahead was never committed');
  assert.equal(committed[1], next);
  const refused = poller.act({ kind: 'removeLimit', vm: 'legacy01' });
  assert.deepEqual(refused, { ok: false, message: 'legacy01 has no limit', redoAfter: null });
  poller.stop();
});

test('the caption keys: } reads ahead to the next caption (and pauses at one that asks), { goes back', async () => {
  const { src, timeline, poller } = simulated(true);
  poller.start();
  await until(() => timeline.current !== null, 'the first sample');
  assert.equal(await poller.toCaption(1), true);
  assert.equal((timeline.current!.time - T0) / 1000, 30, 'the 0:30 caption');
  assert.equal(await poller.toCaption(1), true);
  const soft = timeline.current!;
  assert.ok(['soft', 'hard', 'low'].includes(soft.host.state!), `the host fell to soft: ${soft.host.state}`);
  assert.ok(timeline.paused, 'that caption asks for a pause');
  assert.equal(await poller.toCaption(-1), true);
  assert.equal((timeline.current!.time - T0) / 1000, 30);
  assert.equal(await poller.toCaption(-1), true);
  assert.equal(await poller.toCaption(-1), false, 'nothing before the first caption');
  const upcoming = src.lesson.upcoming();
  assert.ok(upcoming.length > 0 && upcoming.every((c) => c.text !== soft.notes![0].text));
  assert.deepEqual(upcoming[upcoming.length - 1], { at: 840, when: null, text: 'End of the lesson (14:00). The simulated host runs on.', pause: true, end: true }, 'the end of the lesson is to come too, marked as the end');
  assert.equal(await poller.toCaptionText(upcoming[upcoming.length - 2].text), true, 'the outline jumps to a caption still to come');
  assert.equal((timeline.current!.time - T0) / 1000, 720);
  poller.stop();
});

/** A feed taking every sample: next() waits for the test to hand one over. */
class PushSource implements SampleSource {
  readonly info: SourceInfo = { kind: 'remote', label: 'feed', realtime: true, pushes: true };
  private queue: Sample[] = [];
  private waiting: ((s: Sample | null) => void) | null = null;

  send(s: Sample): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(s);
    } else this.queue.push(s);
  }

  next(): Promise<Sample | null> {
    const s = this.queue.shift();
    return s ? Promise.resolve(s) : new Promise((resolve) => (this.waiting = resolve));
  }

  warnings(): SourceWarning[] {
    return [];
  }

  async close(): Promise<void> {
    this.waiting?.(null);
  }
}

test('a feed: a late joiner gets the history at once and follows; moving away holds the view; End follows again', async () => {
  const src = new PushSource();
  for (let i = 0; i < 50; i++) src.send(emptySample(i * 5));
  const timeline = new Timeline();
  const poller = new Poller(src, timeline, { delaySeconds: 5, onChange: () => {}, onError: (e) => assert.fail(errorText(e)) });
  poller.start();
  await until(() => timeline.length === 50, 'the history');
  assert.equal(timeline.position().index, 50, 'following: the newest');
  poller.first();
  src.send(emptySample(50 * 5));
  await until(() => timeline.length === 51, 'one more sample');
  assert.equal(timeline.position().index, 1, 'held where the student went');
  assert.ok(timeline.paused);
  await poller.step(1);
  src.send(emptySample(51 * 5));
  await until(() => timeline.length === 52, 'one more sample');
  assert.equal(timeline.position().index, 2);
  await poller.last();
  assert.ok(!timeline.paused && timeline.atLast, 'End: LIVE again');
  src.send(emptySample(52 * 5));
  await until(() => timeline.position().index === 53, 'following again');
  poller.first();
  assert.equal(poller.togglePause(), false, 'p takes a held view back to LIVE');
  assert.ok(timeline.atLast);
  poller.stop();
  await src.close();
});
