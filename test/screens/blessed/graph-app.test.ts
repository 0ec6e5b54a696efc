import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureSource } from '../../../src/sources/capture/capture-source';
import { capture } from '../../support/paths';
import type { SampleSource } from '../../../src/sources/source';
import { resolveScenario } from '../../../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../../../src/sources/simulation/simulation-source';
import { captureSamples } from '../samples';
import { KEY } from './fake-terminal';
import { close, open, until, type Running } from './app-harness';

/** The dashboard on the real capture (or `source`) at columns x rows. */
async function openAt(columns: number, rows: number, source?: SampleSource): Promise<Running> {
  return open(source ?? (await CaptureSource.open(capture('esxi65-ballooning-a.csv'))), { columns, rows });
}

const has = (lines: string[], re: RegExp) => lines.some((l) => re.test(l));

test('blessed graph: g shows free memory with the labelled minFree boundaries, the state and the legend; header and status stay; g returns', async () => {
  const r = await openAt(160, 50);
  try {
    await until(r, (l) => has(l, /portunus/), 'the memory page');
    await r.term.type('p' + KEY.end);
    await until(r, (l) => /sample 3 of 3/.test(l[49]), 'the last sample');
    await r.term.type('g');
    const lines = await until(r, (l) => has(l, /host free memory, MB.*state: clear, 3 samples/), 'the host graph');
    // The header lines above, the status line below.
    assert.match(lines[0], /^10:49:22am up/);
    assert.match(lines[2], /^VMKMEM\/MB: +8043 managed: +403 minfree/);
    assert.match(lines[49], /sample 3 of 3/);
    assert.ok(!has(lines, /GID NAME/), 'the table is gone');
    // The boundaries, labelled with their share of minFree and their MB at the current minFree (403).
    for (const label of [/│free +│/, /│clear 100% 403 +│/, /│soft 64% 258 +│/, /│hard 32% 129 +│/, /│low 16% 64 +│/]) assert.ok(has(lines, label), `legend ${label}`);
    for (const label of [/│MEMCTL curr +│/, /│MEMCTL target +│/, /│SWAP curr +│/, /│ZIP zipped +│/, /│SWAP r\/s +│/, /│SWAP w\/s +│/]) assert.ok(has(lines, label), `legend ${label}`);
    assert.ok(has(lines, /10:49:12/) && has(lines, /10:49:22/), 'UTC time labels on the axis');
    assert.ok(has(lines, /[\u2801-\u28ff]/), 'braille points are drawn');
    const samples = await captureSamples('esxi65-ballooning-a.csv');
    assert.deepEqual(r.app.charts?.drawn.get('free')?.series[0].points, samples.map((s) => s.host.values.free));
    assert.equal(samples[0].host.values.free, 590);
    // Timeline keys move the graph's end.
    await r.term.type(KEY.home);
    await until(r, (l) => has(l, /state: clear, 1 sample /) && /sample 1 of 3/.test(l[49]), 'the graph up to the first sample');
    await r.term.type('t');
    await until(r, (l) => has(l, /state: clear, 2 samples/), 'the graph up to the second sample');
    await r.term.type('g');
    const table = await until(r, (l) => has(l, /^\s+GID NAME/), 'the table again');
    assert.ok(!has(table, /host free memory/));
    await r.term.type('g');
    await until(r, (l) => has(l, /host free memory/), 'the graph again');
    await r.term.type(KEY.escape);
    await until(r, (l) => has(l, /^\s+GID NAME/) && !has(l, /host free memory/), 'Esc returns to the table');
  } finally {
    await close(r);
  }
});

test('blessed graph: G graphs the highlighted group; Down changes the group; help and f panels hide the charts', async () => {
  const r = await openAt(160, 50);
  try {
    await until(r, (l) => has(l, /portunus/), 'the memory page');
    await r.term.type('pVN');
    await until(r, (l) => /PAUSED/.test(l[49]) && !has(l, /hostd/), 'VMs by GID');
    await r.term.type('2G'); // styx, portunus: the second row
    let lines = await until(r, (l) => has(l, /portunus \(GID \d+\): balloon and swap, MB/), 'the portunus graph');
    for (const label of [/│MCTLSZ +│/, /│MCTLTGT +│/, /│MCTLMAX +│/, /│SWCUR +│/, /│SWR\/s +│/, /│SWW\/s +│/]) assert.ok(has(lines, label), `legend ${label}`);
    assert.equal(r.app.charts?.drawn.get('group')?.series[0].points[0], 1302);
    await r.term.type(KEY.down);
    await until(r, (l) => has(l, /hermes \(GID \d+\)/), 'the next group');
    await r.term.type('h');
    lines = await until(r, (l) => has(l, /graph of the host/), 'the help screen');
    assert.ok(!has(lines, /balloon and swap, MB/), 'no chart over the help');
    await r.term.type('x');
    await until(r, (l) => has(l, /hermes \(GID \d+\)/), 'the group graph after the help');
    await r.term.type('G');
    await until(r, (l) => has(l, /^\s+GID NAME/), 'G again: the table');
    await r.term.type(KEY.enter);
    await until(r, (l) => has(l, /hermes \(GID \d+\): balloon/), 'Enter graphs the highlighted group');
  } finally {
    await close(r);
  }
});

test('blessed graph: resize re-attaches the charts at the new size; too small says so; larger again draws them', async () => {
  const r = await openAt(160, 50);
  try {
    await until(r, (l) => has(l, /portunus/), 'the memory page');
    await r.term.type('g');
    await until(r, (l) => has(l, /host free memory/) && l[7].length === 160 && l[7].endsWith('┐'), 'the graph at 160 columns');
    r.term.resize(100, 30);
    let lines = await until(r, (l) => l.length === 30 && l[0].length === 100 && l[7].endsWith('┐') && has(l, /│clear 100% 403/), 'the graph redrawn at 100x30');
    assert.match(lines[29], /sample \d of 3/);
    assert.ok(has(lines, /[\u2801-\u28ff]/));
    // The chart's canvas follows the new width: no braille or axis cell past the border.
    assert.ok(lines.slice(7, 28).every((l) => l.length === 100));
    assert.ok(lines.slice(7).some((l) => /^│ +\d\d:\d\d:\d\d/.test(l)), 'the time axis at the new size');
    r.term.resize(50, 20);
    lines = await until(r, (l) => has(l, /terminal too small for the graph/), 'the too-small message');
    assert.ok(!has(lines, /host free memory/));
    assert.match(lines[0], /up/);
    r.term.resize(80, 24);
    lines = await until(r, (l) => l.length === 24 && has(l, /free memory, MB/) && has(l, /reclamation, MB.*Tab: swap rates/), 'two charts at 80x24');
    assert.ok(!has(lines, /SWAP r\/s/), 'rates are not drawn on the MB axis: their chart is one Tab away');
    // Every legend stays inside its chart's frame: each chart row starts and ends with the frame.
    const charts = lines.slice(lines.findIndex((l) => l.startsWith('┌')), lines.map((l) => l.startsWith('└')).lastIndexOf(true) + 1);
    assert.ok(charts.every((l) => /^[┌│└].*[┐│┘]$/.test(l) && l.length === 80), charts.join('\n'));
    assert.ok(has(charts, /MEMCTL curr/) && has(charts, /low 16% \d+/), 'both legends whole');
    await r.term.type('\t');
    lines = await until(r, (l) => has(l, /swap-in\/out, MB\/s.*Tab: reclamation/), 'Tab: the rates chart in the last place');
    assert.ok(has(lines, /SWAP r\/s/) && !has(lines, /MEMCTL curr/));
  } finally {
    await close(r);
  }
});

test('blessed graph: z zooms the free-memory chart of a simulated host to its state boundaries', async () => {
  const r = await openAt(160, 50, new SimulationSource(resolveScenario('overcommit'), { seed: 1, stepSeconds: 5 }));
  try {
    await until(r, (l) => has(l, /PMEM {2}\/MB:/), 'the memory page');
    const sample = r.app.timeline.current!;
    const { free, minFree } = sample.host.values;
    assert.ok(free! > 4 * minFree!, 'the lesson starts in the high state, free far above the boundaries');
    await r.term.type('g');
    let lines = await until(r, (l) => has(l, /host free memory, MB, against the state boundaries {2}state: high/), 'the host graph');
    assert.ok(!has(lines, /zoomed/));
    await r.term.type('z');
    lines = await until(r, (l) => has(l, /zoomed to 3000 MB \(z: all\)/), 'the zoomed chart (400% of minFree 653 is 2612 MB)');
    assert.ok(has(lines, new RegExp(`│clear 100% ${Math.round(minFree!)} +│`)));
    await r.term.type('z');
    await until(r, (l) => has(l, /state: high/) && !has(l, /zoomed/), 'the whole range again');
  } finally {
    await close(r);
  }
});

test('blessed graph: the 514-sample spreadsheet capture is downsampled; counters it lacks leave the chart empty and say so', async () => {
  const r = await openAt(120, 40, await CaptureSource.open(capture('excel-resaved.csv')));
  try {
    await until(r, (l) => has(l, /PMEM {2}\/MB:/), 'the memory page');
    await r.term.type('p' + KEY.end);
    await until(r, (l) => /sample 514 of 514/.test(l[39]), 'the last sample');
    await r.term.type('g');
    const lines = await until(r, (l) => has(l, /host free memory.*514 samples, min and max of every/), 'the downsampled graph');
    assert.ok(has(lines, /host free memory.*no values/), 'free and minFree are not in this capture');
    const free = r.app.charts!.drawn.get('free')!;
    assert.ok(free.times.length < 514 && free.times.length > 100);
    assert.ok(free.series.every((s) => s.points.every((v) => v === null)), 'missing stays missing');
    const rates = r.app.charts!.drawn.get('rates')!;
    assert.ok(rates.series[0].points.some((v) => v !== null), 'the capture has swap rates');
  } finally {
    await close(r);
  }
});
