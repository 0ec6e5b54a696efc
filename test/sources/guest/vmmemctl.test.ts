import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagesToMb, parseVmmemctl } from '../../../src/sources/guest/vmmemctl';
import { parseHvBalloon } from '../../../src/sources/guest/hv-balloon';
import { hasDeflateOnOom, parseInflated } from '../../../src/sources/guest/virtio-balloon';
import { hvBalloon, modernVmmemctl, outOfTreeVmmemctl, pagesVmmemctl } from './fixtures';

test('modern vmmemctl: the first "target" is the size, the GET_TARGET command count later is not', () => {
  const r = parseVmmemctl(modernVmmemctl({ targetPages: 786432, currentPages: 524288 }));
  assert.deepEqual(r, { targetPages: 786432, currentPages: 524288, resetting: false, format: 'modern' });
});

test('Linux 4.x vmmemctl: "target: N pages", then "target: 118 ( 0 failed)" among the command counters', () => {
  const r = parseVmmemctl(pagesVmmemctl({ targetPages: 262144, currentPages: 131072, resetting: true }));
  assert.deepEqual(r, { targetPages: 262144, currentPages: 131072, resetting: true, format: 'pages' });
});

test('the out-of-tree /proc/vmmemctl has no resetting line', () => {
  const r = parseVmmemctl(outOfTreeVmmemctl({ targetPages: 1000, currentPages: 999 }));
  assert.deepEqual(r, { targetPages: 1000, currentPages: 999, resetting: null, format: 'pages' });
});

test('a vmmemctl with only command counters, or anything else, is not the balloon statistics', () => {
  assert.ok('problem' in parseVmmemctl('start: 1 (0 failed)\ntarget:  9 (0 failed)\n'));
  assert.ok('problem' in parseVmmemctl('\0\0\0\0'));
  assert.ok('problem' in parseVmmemctl(''));
});

test('pages are 4 KiB: 524288 pages are 2048 MB', () => {
  assert.equal(pagesToMb(524288), 2048);
  assert.equal(pagesToMb(1), 0);
  assert.equal(pagesToMb(3), 0.01);
});

test('hv-balloon: pages_ballooned times page_size, and the state name', () => {
  const r = parseHvBalloon(hvBalloon({ pagesBallooned: 262144, state: 'Balloon Up', stateNumber: 2 }));
  assert.deepEqual(r, { pagesBallooned: 262144, pageBytes: 4096, state: 'Balloon Up' });
  assert.ok('problem' in parseHvBalloon('host_version : 2.0\n'));
});

test('virtio features: bit 2 (the third character) is deflate-on-OOM', () => {
  assert.equal(hasDeflateOnOom('0110000000000000000000000000110010000000000000000000000000000000'), true);
  assert.equal(hasDeflateOnOom('0100000000000000000000000000110010000000000000000000000000000000\n'), false);
  assert.equal(hasDeflateOnOom('garbage'), null);
});

test('OpenVZ virtio-balloon debugfs: InflatedTotal and InflatedFree in kB', () => {
  assert.deepEqual(parseInflated('InflatedTotal: 1048576 kB\nInflatedFree: 0 kB\n'), { totalKb: 1048576, freeKb: 0 });
  assert.ok('problem' in parseInflated('hello'));
});
