/** The help says, next to each column a live host cannot fill, why it stays empty there; every other column has a live mapping. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOST_COUNTER_IDS } from '../../../src/fields/host-counters';
import { COUNTER_IDS } from '../../../src/fields/registry';
import { LIVE_COLUMN_GAPS, LIVE_HOST_GAPS } from '../../../src/sources/vsphere/live-gaps';
import { HOST_FIELDS, VM_FIELDS } from '../../../src/sources/vsphere/registry-mapping';
import { helpLines } from '../../../screens/panels/help-screen';
import { lineText } from '../../../screens/parts/line';
import { KEY_BINDINGS } from '../../../screens/screen-list';

test('every registry field has a live mapping or a reason it stays empty, never both', () => {
  for (const id of COUNTER_IDS) assert.ok((id in VM_FIELDS) !== (id in LIVE_COLUMN_GAPS), id);
  for (const id of HOST_COUNTER_IDS) assert.ok((id in HOST_FIELDS) !== (id in LIVE_HOST_GAPS), id);
});

test('the help\'s column descriptions give each reason, and only for those columns', () => {
  const text = helpLines(400, KEY_BINDINGS).map(lineText);
  for (const id of COUNTER_IDS) {
    const line = text.find((l) => new RegExp(`^  [A-Q] ${id.replace(/[?%/]/g, '\\$&')} `).test(l));
    assert.ok(line, id);
    const gap = (LIVE_COLUMN_GAPS as Record<string, string | undefined>)[id];
    if (gap) assert.ok(line.includes(`Live host: always -, ${gap}`), line);
    else assert.ok(!line.includes('Live host'), line);
  }
});
