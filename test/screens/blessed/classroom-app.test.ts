/**
 * The instructor's dashboard on a fake terminal: an action taken while the
 * dashboard records (`r`) is in the recording as the caption of the sample
 * it applies from, and the recording replays to the same samples the class saw.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveScenario } from '../../../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../../../src/sources/simulation/simulation-source';
import { RecordingSource } from '../../../src/sources/recording/recording-source';
import type { Sample } from '../../../src/sample/sample';
import { close, open, until } from './app-harness';
import { KEY } from './fake-terminal';

test('an action is kept in the recording as a caption, on the sample it applies from; the samples read ahead before it are not', async () => {
  const r = await open(new SimulationSource(resolveScenario('no-tools'), { seed: 2, stepSeconds: 5, rewindable: true }), { columns: 120, rows: 40 });
  const dir = mkdtempSync(join(tmpdir(), 'bt-class-'));
  const file = join(dir, 'lesson.jsonl');
  try {
    await until(r, (l) => l.some((x) => x.includes('PAUSED')) && l.some((x) => /^legacy01/.test(x)), 'the lesson, paused at its first caption');
    await r.term.type(`r${file}${KEY.enter}`);
    await until(r, (l) => l.some((x) => x.includes('recording every new sample')), 'recording');
    await r.term.type(`t${KEY.down}a`);
    await until(r, (l) => l.some((x) => x.includes('On web01')), 'the actions on web01');
    await r.term.type(`l2048${KEY.enter}`);
    await until(r, (l) => l.some((x) => x.includes('limit of 2048 MB set on web01')), 'the action taken');
    await r.term.type('tt');
    await until(r, (l) => l.some((x) => x.includes('09:00:15')), 'two samples further');
    await r.term.type('r');
    await until(r, (l) => l.some((x) => /recorded \d+ samples/.test(x)), 'the recording closed');
  } finally {
    await close(r);
  }
  const back = await RecordingSource.open(file);
  const samples: Sample[] = [];
  for (let s; (s = await back.next()); ) samples.push(s);
  await back.close();
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(samples.map((s) => new Date(s.time).toISOString().slice(11, 19)), ['09:00:05', '09:00:10', '09:00:15'], 'each moment once');
  assert.deepEqual(samples[1].notes?.map((n) => n.text), ['limit of 2048 MB set on web01 (configured 4096 MB)']);
  assert.equal(samples[1].groups.find((g) => g.name === 'web01')?.values.AMAX, 2048);
  assert.equal(samples[0].groups.find((g) => g.name === 'web01')?.values.AMAX, -1);
});
