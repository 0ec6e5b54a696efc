/** The help scrolls to its last line at every size, whatever the bottom lines take. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handleKey } from '../../../screens/keys/dispatch';
import { helpLines } from '../../../screens/panels/help-screen';
import { lineText } from '../../../screens/parts/line';
import { KEY_BINDINGS } from '../../../screens/screen-list';
import { captureSamples } from '../samples';
import { frameInput, frameText, keyEnv } from '../frame-input';

test('h then PgDn to the end shows the help\'s last line, with a caption and a message below it too', async () => {
  const [sample] = await captureSamples('esxi65-ballooning-a.csv');
  const caption = { ...sample, notes: [{ text: 'A caption of the lesson that takes two lines at 80 columns, so the help has fewer rows than the screen has.', pause: false }] };
  for (const [s, width, height] of [[sample, 80, 24], [sample, 100, 30], [caption, 80, 24], [sample, 40, 12]] as const) {
    let input = frameInput(s, { width, height, view: { message: { text: 'a message', level: 'info' } } });
    for (const name of ['h', ...Array<string>(300).fill('pagedown')]) {
      const key = name === 'h' ? { ch: 'h', name: 'h', full: 'h' } : { name, full: name };
      input = { ...input, view: handleKey(KEY_BINDINGS, input.view, key, keyEnv(input)).view };
    }
    const last = lineText(helpLines(width, KEY_BINDINGS).at(-1)!);
    const lines = frameText(input);
    assert.ok(lines.includes(last), `${width}x${height}: the last help line "${last}" is on screen:\n${lines.join('\n')}`);
    assert.ok(lines.some((l) => /-- end/.test(l)), `${width}x${height}: the end is marked`);
  }
});
