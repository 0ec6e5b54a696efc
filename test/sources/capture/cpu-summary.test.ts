/**
 * The summary line's worlds and vCPUs, counted as esxtop counts them from the
 * CPU object of an `esxtop -b -a` capture: every `Vcpu(...)` world, and the
 * `vmx-vcpu-N` worlds of the VMs. Checked against the capture's own header
 * (read here independently) and against the CPU scheduler's own member counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../../src/sources/capture/csv-scanner';
import { parseCounterPath } from '../../../src/sources/capture/pdh-header';
import { RecordingWriter } from '../../../src/output/recording-writer';
import { openSampleFile } from '../../../src/sources/file/open-file';
import { capture } from '../../support/paths';
import { readCapture } from './read';
import { memoryOnlyCopy, path, tempDir, toCsv, write } from './synthetic';

/** From the header and the first row alone: the Vcpu worlds, the VMs' vmx-vcpu worlds, and the sum of Group Cpu Members. */
function oracle(file: string): { worlds: number; vcpus: number; members: number } {
  const rows = parseCsv(readFileSync(file)).map((r) => r.cells as string[]);
  const worlds = new Set<string>();
  const vcpus = new Set<string>();
  let members = 0;
  rows[0].forEach((cell, i) => {
    const p = parseCounterPath(cell);
    if (!p || p.instance === null) return;
    if (p.object === 'Vcpu') {
      worlds.add(p.instance);
      if (/^\d+:[^:]+:\d+:vmx-vcpu-\d+:/.test(p.instance)) vcpus.add(p.instance);
    }
    if (p.object === 'Group Cpu' && p.counter === 'Members') members += Number(rows[1][i]);
  });
  return { worlds: worlds.size, vcpus: vcpus.size, members };
}

for (const [name, worlds, vcpus] of [['esxi65-ballooning-a.csv', 485, 7], ['esxi65-ballooning-b.csv', 483, 7]] as const) {
  test(`${name}: ${worlds} worlds and ${vcpus} vCPUs, on every sample, as the CPU scheduler counts them`, async () => {
    const { samples } = await readCapture(capture(name));
    const o = oracle(capture(name));
    assert.deepEqual({ worlds: o.worlds, vcpus: o.vcpus }, { worlds, vcpus });
    assert.equal(o.members, worlds, 'the sum of Group Cpu Members is the same count');
    for (const s of samples) assert.deepEqual(s.host.cpu, { worlds, vcpus });
  });
}

test('no CPU object (a memory-only capture, a spreadsheet re-save): no counts, the summary says "-"', async (t) => {
  const dir = tempDir(t);
  const memoryOnly = write(dir, 'memory-only.csv', toCsv(memoryOnlyCopy(capture('esxi65-ballooning-a.csv'))));
  for (const file of [memoryOnly, capture('excel-resaved.csv')]) {
    const { samples } = await readCapture(file);
    assert.ok(samples.length > 0);
    assert.ok(samples.every((s) => s.host.cpu === undefined), file);
  }
});

test('vCPUs are the vmx-vcpu worlds of the VMs (a VM name with a colon too); worlds are every Vcpu world, system ones included', async (t) => {
  const dir = tempDir(t);
  const header = [
    '(PDH-CSV 4.0) (UTC)(0)',
    path('Memory', null, 'Free MBytes'),
    path('Group Memory', '100:db:prod', 'Memory Size MBytes'),
    path('Group Memory', '200:odd.300', 'Memory Size MBytes'),
    path('Vcpu', '100:db:prod:101:vmx:db:prod', '% Used'),
    path('Vcpu', '100:db:prod:102:vmx-vcpu-0:db:prod', '% Used'),
    path('Vcpu', '100:db:prod:103:vmx-vcpu-1:db:prod', '% Used'),
    path('Vcpu', '200:odd.300:300:odd', '% Used'),
    path('Vcpu', '200:odd.300:301:odd-helper', '% Used'),
    path('Vcpu', '1:system:1:idle0', '% Used'),
  ];
  const file = write(dir, 'cpu.csv', toCsv([header, ['04/24/2018 10:49:12', ...header.slice(1).map(() => '1')]]));
  const { samples } = await readCapture(file);
  assert.deepEqual(samples[0].groups.map((g) => [g.name, g.kind]), [['db:prod', 'vm'], ['odd.300', 'userworld']]);
  assert.deepEqual(samples[0].host.cpu, { worlds: 6, vcpus: 2 });
});

test('the counts travel with the sample: recordings (plain and gzip) keep them', async (t) => {
  const dir = tempDir(t);
  const { samples, source } = await readCapture(capture('esxi65-ballooning-a.csv'));
  for (const ext of ['jsonl', 'jsonl.gz']) {
    const file = join(dir, `a.${ext}`);
    const w = RecordingWriter.open({ path: file, gzip: ext.endsWith('gz'), mode: 'create', source: source.info });
    for (const s of samples) w.write(s);
    w.close();
    const back = await openSampleFile(file);
    const again = [];
    for (let s; (s = await back.next()); ) again.push(s);
    await back.close();
    assert.deepEqual(again.map((s) => s.host.cpu), samples.map(() => ({ worlds: 485, vcpus: 7 })), ext);
  }
});
