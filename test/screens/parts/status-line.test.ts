import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSpeed, statusLine, type StatusInput } from '../../../screens/parts/status-line';
import { lineText } from '../../../screens/parts/line';
import { frameInput, frameText } from '../frame-input';
import { captureSamples } from '../samples';

const T = Date.UTC(2018, 3, 24, 10, 49, 12);

function replay(over: Partial<StatusInput> = {}): StatusInput {
  return {
    info: { kind: 'capture', label: 'esxi65-ballooning-a.csv', realtime: false },
    time: T,
    position: { index: 1234, total: 5000, dropped: 0, complete: false },
    paused: true,
    atLast: false,
    speed: 1024,
    delaySeconds: 5,
    status: null,
    warnings: 3,
    recording: { path: 'x.jsonl', samples: 12 },
    now: T,
    configFile: '~/.esxtop60rc',
    ...over,
  };
}

const text = (s: StatusInput, width: number) => lineText(statusLine(s, width));

test('speeds read as set: 1024x, not 1020x; 1/64x; 2.5x; 10000x', () => {
  assert.equal(formatSpeed(1024), '1024x');
  assert.equal(formatSpeed(1), '1x');
  assert.equal(formatSpeed(1 / 64), '1/64x');
  assert.equal(formatSpeed(0.5), '1/2x');
  assert.equal(formatSpeed(2.5), '2.5x');
  assert.equal(formatSpeed(0.3), '0.3x');
  assert.equal(formatSpeed(10000), '10000x');
});

test('status line at every width: PAUSED, the time and the position stay; the least important words go first; never wider than the terminal', () => {
  const wide = text(replay(), 200);
  assert.match(wide, /^ 04\/24\/2018 10:49:12 UTC {2}sample 1234 of 5000\+ {2}speed 1024x {2}PAUSED \(p resumes\) {2}REC 12 {2}3 warnings {2}rc ~\/\.esxtop60rc +esxi65-ballooning-a\.csv {2}h help $/);
  for (let width = 40; width <= 200; width++) {
    const t = text(replay(), width);
    assert.equal(t.length, width, `${width}: ${t}`);
    assert.match(t, /PAUSED/, `${width}: ${t}`);
    assert.match(t, /10:49:12/, `${width}: ${t}`);
    assert.match(t, /1234(?: of |\/)5000\+/, `${width}: ${t}`);
    assert.match(t, /REC 12/, `${width}: ${t}`);
    // No word is cut: every word shown is one of the forms.
    assert.doesNotMatch(t, /1020x|sampl(?!e)|warnin(?!g)/, `${width}: ${t}`);
  }
  // At 80: the source's name, the rc file, the speed and the pause hint go; the key words stay whole.
  const at80 = text(replay(), 80);
  assert.equal(at80, ' 04/24/2018 10:49:12 UTC  sample 1234 of 5000+  PAUSED  REC 12  3w       h help ');
  const at40 = text(replay(), 40);
  assert.match(at40, /^ 10:49:12 {2}1234\/5000\+ {2}PAUSED {2}REC 12 +$/, at40);
});

test('live sources: LIVE, the time and the connection state stay when narrow', () => {
  const live = replay({
    info: { kind: 'live', label: 'https://esx01.example.com/sdk', realtime: true },
    paused: false,
    atLast: true,
    recording: null,
    warnings: 0,
    configFile: null,
    status: { state: 'reconnecting', message: 'connection reset by the host, retrying in 4 s', lastGoodSample: T - 12_000, insecure: true },
  });
  assert.match(text(live, 200), /^ LIVE {2}04\/24\/2018 10:49:12 UTC {2}every 5s {2}reconnecting: connection reset by the host, retrying in 4 s {2}last sample 12s ago {2}INSECURE/);
  for (const width of [80, 60, 40]) {
    const t = text(live, width);
    assert.equal(t.length, width);
    assert.match(t, /^ LIVE {2}.*10:49:12.*reconnecting.*INSECURE/, `${width}: ${t}`);
  }
});

test('live sources at 80 columns: a watched host in maintenance mode or lost, and why it reconnects, stay on the line', () => {
  const live = (status: StatusInput['status']) =>
    replay({ info: { kind: 'live', label: 'https://vc01.example.com/sdk', realtime: true }, paused: false, atLast: true, recording: null, warnings: 0, configFile: null, status });
  const maintenance = text(live({ state: 'connected', message: 'connected to vc01.example.com (Prod); esx07 in maintenance mode', note: 'esx07 in maintenance mode', lastGoodSample: T, insecure: false }), 80);
  assert.match(maintenance, /^ LIVE {2}(?:04\/24\/2018 )?10:49:12(?: UTC)? {2}connected: esx07 in maintenance mode /, maintenance);
  const lost = text(live({ state: 'connected', message: 'connected to vc01.example.com (Prod); esx08 not responding', note: 'esx08 not responding', lastGoodSample: T, insecure: true }), 80);
  assert.match(lost, /connected: esx08 not responding .*INSECURE/, lost);
  const refused = 'vc01.example.com: connection refused (is the host up and the port right?)';
  const reconnecting = text(live({ state: 'reconnecting', message: `${refused}; retrying in 8 s`, note: 'connection refused', lastGoodSample: T - 16_000, insecure: false }), 80);
  assert.match(reconnecting, /reconnecting: connection refused {2}(?:last sample )?16s ago/, reconnecting);
  for (let width = 40; width <= 200; width++) {
    const t = text(live({ state: 'connected', message: 'connected to vc01.example.com (Prod); esx07 in maintenance mode', note: 'esx07 in maintenance mode', lastGoodSample: T, insecure: false }), width);
    assert.equal(t.length, width, `${width}: ${t}`);
    assert.match(t, /^ LIVE {2}.*10:49:12.*connected/, `${width}: ${t}`);
    // The note is whole or absent, never cut.
    assert.ok(!t.includes('esx07') || t.includes('esx07 in maintenance mode'), `${width}: ${t}`);
  }
});

test('the message line never says playing while the status says PAUSED, nor playing at the end', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const playing = { text: 'playing', level: 'info' as const, playState: 'playing' as const };
  const input = frameInput(first, { width: 80, height: 24, view: { message: playing } });
  assert.equal(frameText(input)[22].trim(), 'playing');
  input.status = { ...input.status, paused: true };
  const paused = frameText(input);
  assert.ok(!paused.some((l) => l.trim() === 'playing'), 'a caption paused the replay: the stale message is gone');
  assert.match(paused[23], /PAUSED/);
  input.status = { ...input.status, paused: false, atLast: true, position: { ...input.status.position, complete: true } };
  const end = frameText(input);
  assert.match(end[23], / end /);
  assert.ok(!end.some((l) => l.trim() === 'playing'));
});

test('a long message wraps over two lines at 80 columns instead of being cut', async () => {
  const [first] = await captureSamples('esxi65-ballooning-a.csv');
  const message = { text: 'nothing as early as 04/24/2018 09:00:00: showing the first sample in history (04/24/2018 10:49:12)', level: 'info' as const };
  const lines = frameText(frameInput(first, { width: 80, height: 24, view: { message } }));
  assert.equal(lines.length, 24);
  assert.equal(`${lines[21].trim()} ${lines[22].trim()}`, message.text);
});

test('too small: the message never cuts a number (30 columns, 1 row, 5 columns...)', () => {
  for (const [w, h] of [[30, 8], [39, 11], [30, 1], [20, 3], [12, 2], [5, 1], [40, 1]]) {
    const lines = frameText(frameInput(null, { width: w, height: h }));
    assert.equal(lines.length, h);
    const all = lines.join(' ');
    assert.ok(lines.every((l) => l.length <= w), `${w}x${h}`);
    // The size needed is never cut to "40x1" (the terminal's own size may be 40x1).
    assert.ok(!/needs(?: at least)? 40x1(?!2)/.test(all) && !/ 40x$/.test(all), `${w}x${h}: ${all}`);
    if (w >= 5) assert.match(all, /40x12/, `${w}x${h}: the size needed is said whole`);
  }
  const roomy = frameText(frameInput(null, { width: 39, height: 11 })).join(' ');
  assert.match(roomy, /terminal too small: 39x11\. balloontop needs at least 40x12/);
});
