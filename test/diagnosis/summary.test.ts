/** What a screen will show: a line per group, a short reason per row, the full explanation for a panel. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain, headline, shortReason } from '../../src/diagnosis/summary';
import { captureSamples } from '../screens/samples';
import { Diagnoser } from '../../src/diagnosis/engine';

test('the real capture: a headline per VM, the short reason, and each finding explained with its evidence', async () => {
  const d = new Diagnoser();
  let last: ReturnType<Diagnoser['push']> | undefined;
  for (const s of await captureSamples('esxi65-ballooning-a.csv')) last = d.push(s);
  assert.ok(last);
  const byName = new Map(last.groups.map((g) => [g.name, g]));
  const reasons = Object.fromEntries([...byName].map(([name, g]) => [name, shortReason(g.findings)]));
  assert.deepEqual(reasons, { portunus: 'at MCTLMAX', hermes: 'at MCTLMAX', ananke: 'at MCTLMAX', poseidon: 'residual', ouranos: 'residual', styx: 'swapped' });
  const line = headline(byName.get('portunus')!.findings)!;
  assert.equal(line.code, 'balloon-max');
  assert.equal(line.since, Date.UTC(2018, 3, 24, 10, 49, 12));
  assert.equal(line.sinceFirstSample, true);
  assert.match(line.text, /^Balloon at its maximum \(MCTLSZ 1302 MB, MCTLMAX 1300\.15 MB\)/);
  assert.equal(headline([]), null);
  assert.equal(shortReason([]), '');
  const host = explain(last.host);
  assert.deepEqual(host.map((e) => e.code), ['residual-balloon', 'hypervisor-swap', 'compression', 'ballooning']);
  assert.ok(host[0].evidence.includes('memctlCurrent 5152 MB'), host[0].evidence.join(', '));
  assert.ok(host[0].explanation.length >= 3 && host[0].inferred);
  assert.deepEqual(host[1].causes, ['balloon-max']);
});
