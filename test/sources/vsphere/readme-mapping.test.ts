/** The README's live section documents every vSphere counter and property balloontop maps, and says which fields are approximations. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { HOST_FIELDS, VM_FIELDS, type VsphereMapping } from '../../../src/sources/vsphere/registry-mapping';
import { PROJECT_ROOT } from '../../support/paths';

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('#### Where the numbers come from'), readme.indexOf('#### When things go wrong'));
const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| esxtop') && !l.startsWith('|---'));

function source(m: VsphereMapping): string | null {
  if ('counter' in m) return m.counter;
  if ('property' in m) return m.property;
  return null;
}

test('every mapped counter and property is in the README\'s tables', () => {
  for (const m of [...Object.values(VM_FIELDS), ...Object.values(HOST_FIELDS)]) {
    const name = source(m);
    if (name) assert.ok(section.includes(name.replace(/\.(reservation|limit)$/, '')), name);
  }
});

test('the README marks exactly the approximate VM columns as approximations', () => {
  for (const [id, m] of Object.entries(VM_FIELDS)) {
    const row = rows.find((r) => r.split('|')[1].split(',').map((c) => c.trim()).includes(id));
    assert.ok(row, `${id} has a row`);
    const approx = m.approximate !== false;
    assert.equal(/\| approximation[^|]*\|$/.test(row), approx, `${id}: ${row}`);
  }
});
