/**
 * Reading a real capture, writing it with the batch CSV writer (as `-b` does)
 * and reading that again gives identical samples; the same through a
 * balloontop recording (plain and gzip).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { writeBatch } from '../../src/output/batch';
import { RecordingWriter } from '../../src/output/recording-writer';
import { RecordingSource } from '../../src/sources/recording/recording-source';
import { CaptureSource } from '../../src/sources/capture/capture-source';
import { openSampleFile } from '../../src/sources/file/open-file';
import type { Sample } from '../../src/sample/sample';
import type { SampleSource } from '../../src/sources/source';
import { capture } from '../support/paths';

const CAPTURES = ['esxi65-ballooning-a.csv', 'esxi65-ballooning-b.csv', 'excel-resaved.csv'];

async function drain(src: SampleSource): Promise<Sample[]> {
  const out: Sample[] = [];
  try {
    for (let s; (s = await src.next()); ) out.push(s);
  } finally {
    await src.close();
  }
  return out;
}

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

async function batchCsv(path: string): Promise<{ text: string; warnings: string }> {
  const out = new Collect();
  const err = new Collect();
  const src = await CaptureSource.open(path);
  try {
    assert.equal(await writeBatch(src, { format: 'csv', limit: null, out, err }), 0);
  } finally {
    await src.close();
  }
  return { text: out.text(), warnings: err.text() };
}

const dir = mkdtempSync(join(tmpdir(), 'balloontop-roundtrip-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A sample as `-b` can carry it: memory counters only, so not the summary
 * line's worlds and vCPUs, which come from the capture's CPU object.
 */
function memoryOnly(s: Sample): Sample {
  const host = { ...s.host };
  delete host.cpu;
  return { ...s, host };
}

for (const name of CAPTURES) {
  test(`${name}: capture -> -b CSV -> reader gives identical samples (the memory counters; the CPU summary is not in -b)`, async () => {
    const original = (await drain(await CaptureSource.open(capture(name)))).map(memoryOnly);
    assert.ok(original.length > 0);
    const { text, warnings } = await batchCsv(capture(name));
    assert.equal(warnings, '', 'a clean capture gives no warnings');
    const file = join(dir, `${name}.b.csv`);
    writeFileSync(file, text);
    const again = await drain(await CaptureSource.open(file));
    assert.equal(again.length, original.length);
    for (let i = 0; i < original.length; i++) {
      const a = original[i];
      const b = again[i];
      assert.equal(b.time, a.time, `sample ${i}: time`);
      assert.deepEqual(b.host, a.host, `sample ${i}: host`);
      assert.equal(b.groups.length, a.groups.length);
      for (let k = 0; k < a.groups.length; k++) {
        assert.deepEqual(b.groups[k], a.groups[k], `sample ${i}: group ${a.groups[k].gid}:${a.groups[k].name}`);
      }
    }
    assert.deepEqual(again, original);
  });

  for (const ext of ['jsonl', 'jsonl.gz']) {
    test(`${name}: capture -> recording (.${ext}) -> replay gives identical samples`, async () => {
      const src = await CaptureSource.open(capture(name));
      const file = join(dir, `${name}.${ext}`);
      const w = RecordingWriter.open({ path: file, gzip: ext.endsWith('.gz'), mode: 'create', source: src.info });
      const original: Sample[] = [];
      for (let s; (s = await src.next()); ) {
        original.push(s);
        w.write(s);
      }
      w.close();
      await src.close();
      const back = await openSampleFile(file);
      assert.ok(back instanceof RecordingSource, 'told apart by content');
      assert.equal((back).header.source.kind, 'capture');
      const again = await drain(back);
      assert.deepEqual(again, original);
      assert.deepEqual(back.warnings(), []);
    });
  }
}

test('-b output follows the PDH conventions: quoted cells, UTC timestamps, LF, registry counter names', async () => {
  const { text } = await batchCsv(capture('esxi65-ballooning-a.csv'));
  const lines = text.split('\n');
  assert.equal(lines.at(-1), '', 'ends with LF');
  assert.ok(!text.includes('\r'));
  assert.ok(lines[0].startsWith('"(PDH-CSV 4.0) (UTC)(0)","\\\\localhost.home\\Memory\\Memory Overcommit (1 Minute Avg)",'));
  assert.ok(lines[0].includes('"\\\\localhost.home\\Group Memory(1303673:portunus)\\Memctl MBytes"'));
  assert.ok(lines[1].startsWith('"04/24/2018 10:49:12",'));
  const cells = lines[1].split(',');
  assert.ok(cells.every((c) => c.startsWith('"') && c.endsWith('"')));
  assert.equal(lines.length, 3 + 2);
});

test('kinds survive the memory-only -b output: the same six VMs, hostd.66694 a user world', async () => {
  const { text } = await batchCsv(capture('esxi65-ballooning-a.csv'));
  const file = join(dir, 'kinds.csv');
  writeFileSync(file, text);
  const [first] = await drain(await CaptureSource.open(file));
  assert.deepEqual(first.groups.filter((g) => g.kind === 'vm').map((g) => g.name).sort(), ['ananke', 'hermes', 'ouranos', 'portunus', 'poseidon', 'styx']);
  assert.equal(first.groups.find((g) => g.name === 'hostd.66694')?.kind, 'userworld');
});
