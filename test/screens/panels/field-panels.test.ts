/** The f and o panels in a low terminal: two columns of groups, and what the keys do whenever there is a row for it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureSamples } from '../samples';
import { frameInput, frameText } from '../frame-input';

test('the o panel at 80x15 lists the groups in two columns and still says what upper and lower case do', async () => {
  const [sample] = await captureSamples('esxi65-ballooning-a.csv');
  const lines = frameText(frameInput(sample, { width: 80, height: 15, view: { screen: 'order' } }));
  assert.ok(lines.some((l) => /^ {2}A: ID +J: MCTL/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('Upper case letter moves field left, lower case letter moves field right')), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('Any other key to return')));
});
