/**
 * QueryPerf answers as real servers and vcsim write them: the newest sample
 * is picked by timestamp whatever the order, -1 is "no data", a series with
 * sample info and no values is 0 (vcsim drops zeros), another instance than
 * the aggregate is ignored, a missing series is missing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PerfAnswerReader, PerfValues } from '../../../src/sources/vsphere/perf-reader';
import { answerStream } from '../../../src/sources/vsphere/soap-client';

function read(xml: string, slots: number[]): PerfValues {
  const reader = new PerfAnswerReader(new PerfValues(new Map(slots.map((k, i) => [k, i]))));
  const { stream } = answerStream('QueryPerf', () => reader);
  stream.write(xml);
  stream.end();
  return reader.result();
}

const envelope = (body: string) =>
  `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><QueryPerfResponse xmlns="urn:vim25">${body}</QueryPerfResponse></soapenv:Body></soapenv:Envelope>`;
const series = (key: number, values: number[], instance = '') =>
  `<value xsi:type="PerfMetricIntSeries"><id><counterId>${key}</counterId><instance>${instance}</instance></id>${values.map((v) => `<value>${v}</value>`).join('')}</value>`;
const info = (times: string[]) => times.map((t) => `<sampleInfo><timestamp>${t}</timestamp><interval>20</interval></sampleInfo>`).join('');

test('oldest first (a real server) and newest first (vcsim) give the newest value', () => {
  const oldestFirst = `<returnval xsi:type="PerfEntityMetric"><entity type="VirtualMachine">vm-1</entity>${info(['2024-01-01T00:00:00Z', '2024-01-01T00:00:20Z'])}${series(10, [100, 200])}</returnval>`;
  const newestFirst = `<returnval xsi:type="PerfEntityMetric"><entity type="VirtualMachine">vm-2</entity>${info(['2024-01-01T00:00:20Z', '2024-01-01T00:00:00Z'])}${series(10, [300, 400])}</returnval>`;
  const perf = read(envelope(oldestFirst + newestFirst), [10]);
  assert.equal(perf.get('vm-1', 10), 200);
  assert.equal(perf.get('vm-2', 10), 300);
});

test('-1 is no data, no values with sample info is 0, another instance is ignored, an absent series or entity is missing', () => {
  const body = `<returnval><entity type="HostSystem">host-9</entity>${info(['2024-01-01T00:00:00Z'])}${series(10, [-1])}${series(11, [])}${series(12, [5], 'vmnic0')}</returnval>`;
  const perf = read(envelope(body), [10, 11, 12, 13]);
  assert.equal(perf.get('host-9', 10), null);
  assert.equal(perf.get('host-9', 11), 0);
  assert.equal(perf.get('host-9', 12), null);
  assert.equal(perf.get('host-9', 13), null);
  assert.equal(perf.get('host-8', 10), null);
  assert.ok(perf.has('host-9') && !perf.has('host-8'));
});
