import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captionLines, tableRows } from '../../screens/frame';
import { wrap } from '../../screens/parts/text-width';
import { captureSamples } from './samples';
import { frameInput, frameText } from './frame-input';

test('wrap: words to lines of at most the width; too many lines end in ...; long words are cut', () => {
  assert.deepEqual(wrap('the balloon inflates toward MCTLTGT', 15, 5), ['the balloon', 'inflates toward', 'MCTLTGT']);
  assert.deepEqual(wrap('one two three four five six', 9, 2), ['one two', 'three...']);
  assert.deepEqual(wrap('  spaced   out  ', 20, 2), ['spaced out']);
  assert.deepEqual(wrap('vmmemctl-balloon-driver', 10, 1), ['vmmemctl-~']);
  assert.deepEqual(wrap('宽字 符宽', 5, 3), ['宽字', '符宽'], 'wide characters count two columns');
  assert.deepEqual(wrap('宽字符宽字符', 6, 3), ['宽字 ~'], 'never half a wide character');
  assert.deepEqual(wrap('anything', 0, 3), []);
});

const LONG =
  'Four VMs with 22 GB configured share a 16 GB host. Free memory is far above minFree: the host is in the high state and nothing is reclaimed. Watch VMKMEM and the state word as the load rises.';

test('a long narration caption is wrapped so the class reads all of it, and the table gives up those rows', async () => {
  const [sample] = await captureSamples('esxi65-ballooning-a.csv');
  const withNote = { ...sample, notes: [{ text: LONG, pause: true }] };
  const input = { ...frameInput(withNote, { width: 120, height: 36 }), notes: withNote.notes };
  const caption = captionLines(input);
  assert.ok(caption.length >= 2 && caption.length <= 4, `${caption.length} lines`);
  assert.equal(caption.join(' '), LONG, 'nothing is lost at this size');
  const lines = frameText(input);
  const shown = lines.slice(-1 - caption.length, -1).map((l) => l.trim());
  assert.deepEqual(shown, caption);
  const plain = frameInput(sample, { width: 120, height: 36 });
  assert.equal(tableRows(plain) - tableRows(input), caption.length);
  // A small terminal keeps a quarter of its rows, and says where the rest is.
  const small = captionLines({ ...input, width: 60, height: 12 });
  assert.equal(small.length, 3);
  assert.equal(small[2], '... (2 more lines: C shows it whole)');
  assert.equal([...small.slice(0, 2)].join(' '), LONG.slice(0, small.slice(0, 2).join(' ').length));
});

test('at 80x24 a caption of up to six lines is read whole; the end of a lesson is marked when another caption is in force', async () => {
  const [sample] = await captureSamples('esxi65-ballooning-a.csv');
  const six = `${LONG} ${LONG}`.slice(0, 6 * 70);
  const input = { ...frameInput(sample, { width: 80, height: 24 }), notes: [{ text: six, pause: false }] };
  const lines = captionLines(input);
  assert.ok(lines.length <= 6 && lines.join(' ') === six, lines.join('\n'));
  const end = Date.UTC(2026, 0, 12, 9, 25, 0);
  const after = captionLines({ ...input, notes: [{ text: 'limit of 2048 MB set on web01', pause: false }], lesson: { outline: [], endedAt: end, canAct: true, hungryVm: null } });
  assert.deepEqual(after, ['limit of 2048 MB set on web01', 'End of the lesson at 09:25:00 UTC; the simulated host runs on.']);
  const atEnd = captionLines({ ...input, notes: [{ text: 'End of the lesson (25:00). The simulated host runs on.', pause: true, end: true }], lesson: { outline: [], endedAt: end, canAct: true, hungryVm: null } });
  assert.deepEqual(atEnd, ['End of the lesson (25:00). The simulated host runs on.']);
});

test('two captions on one sample (a console message, then the lesson\'s words) each begin a line of their own', async () => {
  const [sample] = await captureSamples('esxi65-ballooning-a.csv');
  const consoleLine = '[api01 console] Out of memory: Killed process 15473 (java) total-vm:1391307kB, anon-rss:1070236kB, file-rss:0kB';
  const lesson = 'The balloon does not know which pages other processes need.';
  const input = { ...frameInput(sample, { width: 80, height: 24 }), notes: [{ text: consoleLine, pause: false }, { text: lesson, pause: true }] };
  const lines = captionLines(input);
  assert.deepEqual(lines, [...wrap(consoleLine, 78, Infinity), lesson]);
});
