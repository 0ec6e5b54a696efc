import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../../src/config/user-config';
import { CaptureSource } from '../../../src/sources/capture/capture-source';
import { UserError } from '../../../src/errors';
import { capture } from '../../support/paths';
import { KEY } from './fake-terminal';
import { close, open, until } from './app-harness';
import { ListSource, emptySample } from '../../timeline/list-source';
import { captureSamples } from '../samples';
import { openSampleFile } from '../../../src/sources/file/open-file';

const row = (lines: string[], name: string) => lines.find((l) => l.split(/\s+/).includes(name)) ?? '';

test('blessed, fake streams: m f j Enter shows portunus MCTLSZ 1302.00; p and t step to 10:49:17', async () => {
  const src = await CaptureSource.open(capture('esxi65-ballooning-a.csv'));
  const r = await open(src);
  try {
    await until(r, (l) => l.some((x) => x.includes('portunus')), 'the first sample');
    await r.term.type('mfj');
    let lines = await until(r, (l) => l[0].startsWith('Current Field order: aBcDefgHiJKLmnOpq'), 'the field panel with J shown');
    assert.ok(lines.some((l) => l.startsWith('* J:  MCTL')));
    await r.term.type(KEY.enter);
    lines = await until(r, (l) => /MCTLSZ/.test(l[8]), 'the memory page with MCTL');
    assert.match(row(lines, 'portunus'), /\b1302\.00!/);
    await r.term.type('p');
    lines = await until(r, (l) => /PAUSED/.test(l[l.length - 1]), 'paused');
    assert.match(lines[lines.length - 1], /04\/24\/2018 10:49:12 UTC {2}sample 1 of 3/);
    await r.term.type('t');
    lines = await until(r, (l) => /10:49:17 UTC {2}sample 2 of 3/.test(l[l.length - 1]), 'the next sample');
    assert.match(lines[0], /^10:49:17am/);
    await r.term.type('T');
    await until(r, (l) => /10:49:12 UTC {2}sample 1 of 3/.test(l[l.length - 1]), 'the previous sample');
    await r.term.type(KEY.end);
    await until(r, (l) => /10:49:22 UTC {2}sample 3 of 3/.test(l[l.length - 1]), 'End');
    await r.term.type(KEY.home);
    await until(r, (l) => /sample 1 of 3/.test(l[l.length - 1]), 'Home');
    await r.term.type('J10:49:17' + KEY.enter);
    await until(r, (l) => /sample 2 of 3/.test(l[l.length - 1]), 'J 10:49:17');
    await r.term.type('J+5s' + KEY.enter);
    await until(r, (l) => /sample 3 of 3/.test(l[l.length - 1]), 'J +5s');
    await r.term.type('Jsoon' + KEY.enter);
    await until(r, (l) => l.some((x) => /cannot read "soon" as a time/.test(x)), 'an error for a bad time');
    await r.term.type('++');
    await until(r, (l) => /speed 4x/.test(l[l.length - 1]), 'speed 4x');
    await r.term.type('c');
    await until(r, (l) => l.some((x) => /esxtop's CPU panel/.test(x)), 'the CPU panel message');
  } finally {
    await close(r);
  }
  await src.close();
});

test('blessed: V, B and # change the table; 2/8 move the highlight', async () => {
  const src = await CaptureSource.open(capture('esxi65-ballooning-a.csv'));
  const r = await open(src);
  try {
    await until(r, (l) => l.some((x) => x.includes('portunus')), 'the first sample');
    await r.term.type('VNp');
    const lines = await until(r, (l) => /PAUSED/.test(l[l.length - 1]) && !l.some((x) => x.includes('hostd')), 'VMs only, by GID');
    const names = lines.slice(9, 15).map((l) => l.trim().split(/\s+/)[1]);
    assert.deepEqual(names, ['styx', 'portunus', 'hermes', 'ananke', 'ouranos', 'poseidon']);
    await r.term.type('#3' + KEY.enter);
    const three = await until(r, (l) => l.slice(9).filter((x) => /^\s+\d+ /.test(x)).length === 3, '# 3 rows');
    assert.ok(!three.some((l) => l.includes('ananke')));
    // The highlight: the selected row carries the theme's background (attribute differs from its neighbours).
    await r.term.type('22');
    await sleep(20);
    const attrs = r.app.screen.lines.slice(9, 12).map((cells) => cells[2][0]);
    assert.notEqual(attrs[2], attrs[0]);
    assert.equal(r.app.view.selected, 2);
    await r.term.type('8');
    assert.equal(r.app.view.selected, 1);
  } finally {
    await close(r);
  }
  await src.close();
});

test('blessed: resize redraws at the new size; too small shows a message; back again restores the page', async () => {
  const src = await CaptureSource.open(capture('esxi65-ballooning-a.csv'));
  const r = await open(src, { columns: 160, rows: 50 });
  try {
    await until(r, (l) => l.some((x) => x.includes('portunus')), 'the first sample');
    r.term.resize(80, 24);
    let lines = await until(r, (l) => l.length === 24 && l[0].length === 80, 'the 80x24 screen');
    assert.match(lines[23], /sample 1 of 3/);
    assert.match(lines[8], /^\s+GID NAME\s+MEMSZ/);
    r.term.resize(30, 8);
    lines = await until(r, (l) => l.some((x) => x.includes('terminal too small: 30x8')), 'the too-small message');
    r.term.resize(100, 30);
    lines = await until(r, (l) => l.length === 30 && l.some((x) => x.includes('portunus')), 'the page again at 100x30');
    assert.ok(lines.every((l) => l.length === 100));
  } finally {
    await close(r);
  }
  await src.close();
});

test('blessed: W writes an esxtop rc file with the fields shown, which loads back', async () => {
  const src = await CaptureSource.open(capture('esxi65-ballooning-a.csv'));
  const r = await open(src);
  try {
    await until(r, (l) => l.some((x) => x.includes('portunus')), 'the first sample');
    await r.term.type('fj' + KEY.enter + 's7' + KEY.enter + 'W');
    const lines = await until(r, (l) => l.some((x) => x.startsWith('Save config file to [')), 'the W prompt');
    const path = join(r.dir, 'balloontop', 'esxtop60rc');
    assert.ok(lines.some((x) => x.includes(path)), 'the defaults file is proposed');
    await r.term.type(KEY.enter);
    await until(r, (l) => l.some((x) => x.includes(`wrote ${path}`)), 'the confirmation');
    const written = readFileSync(path, 'utf8').split('\n');
    assert.equal(written[1], 'aBcDefgHiJKLmnOpq');
    assert.equal(written[written.length - 2], '7m', 'delay 7, start on the memory page');
    assert.equal(loadConfig(path, {}).rc.delaySeconds, 7);
  } finally {
    await close(r);
  }
  await src.close();
});

test('blessed: q and Ctrl-C quit with 0 and give the terminal back (raw mode off)', async () => {
  for (const key of ['q', KEY.ctrlC]) {
    const src = await CaptureSource.open(capture('esxi65-ballooning-a.csv'));
    const r = await open(src);
    await until(r, (l) => l.some((x) => x.includes('portunus')), 'the first sample');
    assert.equal(r.term.input.isRaw, true);
    await r.term.type(key);
    assert.equal(await r.app.done, 0);
    assert.equal(r.term.input.isRaw, false, 'raw mode restored');
    rmSync(r.dir, { recursive: true, force: true });
    await src.close();
  }
});

test('blessed: a realtime source shows LIVE, its status(), and narration captions', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const src = new ListSource([{ ...first, notes: [{ text: 'Ballooning starts on portunus', pause: false }] }], { realtime: true, label: 'https://esx01.lab/sdk' });
  src.statusValue = { state: 'connected', message: 'esx01.lab', lastGoodSample: Date.now(), insecure: true };
  const r = await open(src, { columns: 140, rows: 40 });
  try {
    const lines = await until(r, (l) => /^ LIVE .*10:49:12/.test(l[l.length - 1]), 'LIVE with the first sample');
    assert.match(lines[lines.length - 1], /LIVE {2}04\/24\/2018 10:49:12 UTC {2}every 5s {2}connected: esx01\.lab {2}last sample \ds ago {2}INSECURE/);
    // The caption, then the diagnosis line of the highlighted VM (poseidon, the largest), then the status line.
    assert.equal(lines[lines.length - 3].trim(), 'Ballooning starts on portunus');
    assert.match(lines[lines.length - 2], /^ why poseidon: 1230\.57 MB still ballooned/);
    src.add(emptySample(20));
    await r.term.type('p ');
    const paused = await until(r, (l) => /LIVE \(paused\)/.test(l[l.length - 1]), 'paused live view');
    assert.match(paused[paused.length - 1], /sample 1 of 2/);
    await r.term.type('+');
    await until(r, (l) => l.some((x) => /speed applies to replays/.test(x)), 'speed message on a live source');
  } finally {
    await close(r);
  }
});

test('blessed: a source failure ends the dashboard with the source\'s one-line error', async () => {
  const src = new ListSource([emptySample(0)], { realtime: true });
  const r = await open(src);
  await until(r, (l) => /^ LIVE /.test(l[l.length - 1]), 'LIVE');
  src.failWith = new UserError('esx01.lab: login failed (InvalidLogin)');
  r.app.poller.refresh();
  await assert.rejects(r.app.done, (e: unknown) => e instanceof UserError && e.message === 'esx01.lab: login failed (InvalidLogin)');
  assert.equal(r.term.input.isRaw, false, 'terminal restored before the error is reported');
  rmSync(r.dir, { recursive: true, force: true });
});

test('blessed: stderr written while the screen is open comes out after it closes, not over it', async () => {
  const seen: string[] = [];
  const real = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    seen.push(String(chunk));
    return true;
  });
  try {
    const src = await CaptureSource.open(capture('esxi65-ballooning-a.csv'));
    const r = await open(src, { holdStderr: true });
    await until(r, (l) => l.some((x) => x.includes('portunus')), 'the first sample');
    process.emitWarning('something a library warns about');
    await sleep(20);
    assert.deepEqual(seen.filter((x) => x.includes('something a library')), [], 'held while the screen is open');
    await close(r);
    await src.close();
    assert.equal(seen.filter((x) => x.includes('something a library warns about')).length, 1, 'written once afterwards');
  } finally {
    process.stderr.write = real;
  }
});

test('blessed: a change of connection state between polls is drawn without waiting for the next sample', async () => {
  const src = new ListSource([emptySample(0)], { realtime: true });
  const r = await open(src);
  try {
    await until(r, (l) => /^ LIVE .*connected: esx01\.lab/.test(l[l.length - 1]), 'connected');
    src.statusValue = { state: 'reconnecting', message: 'connection reset by peer; retrying in 4 s', lastGoodSample: null, insecure: false };
    await until(r, (l) => /reconnecting: connection reset by peer; retrying in 4 s/.test(l[l.length - 1]), 'reconnecting', 2500);
  } finally {
    await close(r);
  }
});

test('blessed: J before the first sample says so and shows the first', async () => {
  const src = await CaptureSource.open(capture('esxi65-ballooning-a.csv'));
  const r = await open(src);
  try {
    await until(r, (l) => l.some((x) => x.includes('portunus')), 'the first sample');
    await r.term.type('pJ-1h' + KEY.enter);
    await until(r, (l) => l.some((x) => x.includes('nothing as early as 04/24/2018 09:49:12: showing the first sample in history (04/24/2018 10:49:12)')), 'the message');
  } finally {
    await close(r);
  }
  await src.close();
});

test('blessed: r records every new sample of a live source to a recording, r again stops; it replays to the same samples', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const src = new ListSource([first], { realtime: true, label: 'https://esx01.lab/sdk' });
  const r = await open(src, { columns: 140, rows: 40 });
  try {
    await until(r, (l) => /^ LIVE .*10:49:12/.test(l[l.length - 1]), 'LIVE with the first sample');
    await r.term.type('r');
    const prompt = await until(r, (l) => l.some((x) => x.startsWith('Record samples from now on to')), 'the r prompt');
    assert.ok(prompt.some((x) => /\[balloontop-localhost\.home-\d{8}-\d{6}\.jsonl\.gz\]/.test(x)), 'a name from the host and the time is proposed');
    const path = join(r.dir, 'incident.jsonl');
    await r.term.type(path + KEY.enter);
    await until(r, (l) => l.some((x) => x.includes(`recording every new sample to ${path}`)), 'recording started');
    for (const seconds of [5, 10]) {
      src.add({ ...first, time: first.time + seconds * 1000 });
      await r.term.type(' ');
      await until(r, (l) => l[l.length - 1].includes(`REC ${seconds / 5}`), `REC ${seconds / 5} in the status line`);
    }
    await r.term.type('r');
    await until(r, (l) => l.some((x) => x.includes(`recorded 2 samples to ${path}`)), 'recording stopped');
    const back = await openSampleFile(path);
    const times: number[] = [];
    for (let s; (s = await back.next()); ) {
      times.push(s.time);
      assert.deepEqual(s.groups.find((g) => g.name === 'portunus')?.values, first.groups.find((g) => g.name === 'portunus')?.values);
    }
    await back.close();
    assert.deepEqual(times, [first.time + 5000, first.time + 10000]);
    assert.equal(JSON.parse(readFileSync(path, 'utf8').split('\n')[0]).source.label, 'https://esx01.lab/sdk');
  } finally {
    await close(r);
  }
});
