import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyTableMarkdown, replaceKeyTable } from '../../../screens/keys/key-table';
import { KEY_BINDINGS } from '../../../screens/screen-list';
import { PROJECT_ROOT } from '../../support/paths';

test("the README's key table is the binding table (npm run docs rewrites it)", () => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  assert.equal(replaceKeyTable(readme, KEY_BINDINGS), readme, 'README.md is out of date: run npm run docs');
});

test('the key table lists every binding, with its keys, where it works and its help', () => {
  const md = keyTableMarkdown(KEY_BINDINGS);
  for (const b of KEY_BINDINGS) assert.ok(md.includes(b.help.replace(/[|*<]/g, (c) => `\\${c}`)), b.help);
  assert.match(md, /\| `Ctrl-C` \| everywhere \| quit/);
  assert.match(md, /\| `z` \| host graph \|/);
});
