/**
 * The diagnosis of each real capture, written out finding by finding.
 *
 * esxi65-ballooning-a (3 samples, 10 s): the host is in clear state all
 * along (free 589-591 MB = 146% of minFree 403 MB) with 5.1 GB ballooned and
 * 1.1 GB swapped, and no swap traffic to speak of. Nothing in the capture is
 * under pressure, so every balloon is residual: inflated before the capture
 * began (inferred). portunus, hermes and ananke have their balloon at MCTLMAX
 * (1302 of 1300.15 MB), which is why they were also swapped (SWTGT > 0 shows
 * the host wanted more than the balloon could give). poseidon holds 1230 MB
 * well under its MCTLMAX and is swapped too; ouranos' small balloon deflates
 * (18.21 -> 15.75 MB). styx was never ballooned in the capture yet has 11 MB
 * swapped: nothing in the capture says why. No VM has a limit, a reservation,
 * a missing driver or MCTLMAX 0; user worlds get nothing.
 *
 * esxi65-ballooning-b lacks every per-VM balloon counter: the host counter
 * says 5.3 GB is ballooned (residual), the VMs only that they are swapped.
 *
 * excel-resaved has host counters only, in high state: nothing to find.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnoser } from '../../src/diagnosis/engine';
import { FINDING_CODES, codesOf, VM_ONLY_CODES, type FindingCode } from '../../src/diagnosis/codes';
import { describe as words } from '../../src/diagnosis/describe';
import type { Episode, ScopeTrack } from '../../src/diagnosis/episodes';
import { captureSamples } from '../screens/samples';

interface Expected {
  codes: FindingCode[];
  /** Variant of a code's (only) episode. */
  variants?: Partial<Record<FindingCode, string>>;
  /** Causes named during a code's episode. */
  causes?: Partial<Record<FindingCode, FindingCode[]>>;
}

async function diagnose(name: string): Promise<Diagnoser> {
  const d = new Diagnoser();
  for (const s of await captureSamples(name)) d.push(s);
  return d;
}

function episodesOf(track: ScopeTrack): Episode[] {
  return FINDING_CODES.flatMap((c) => [...track.episodes(c)]);
}

function check(track: ScopeTrack, expected: Expected, samples: number): void {
  const eps = episodesOf(track);
  assert.deepEqual([...new Set(eps.map((e) => e.code))].sort(), [...expected.codes].sort(), `${track.name}: codes`);
  for (const e of eps) assert.equal(e.samples, samples, `${track.name} ${e.code}: holds in every sample`);
  for (const [code, variant] of Object.entries(expected.variants ?? {})) {
    assert.equal(eps.find((e) => e.code === code)?.peak.variant, variant, `${track.name} ${code} variant`);
  }
  for (const [code, causes] of Object.entries(expected.causes ?? {})) {
    assert.deepEqual(codesOf(eps.find((e) => e.code === code)!.causeBits), causes, `${track.name} ${code} causes`);
  }
}

test('esxi65-ballooning-a: residual balloons on a host in clear state; three VMs at MCTLMAX are why they were swapped', async () => {
  const d = await diagnose('esxi65-ballooning-a.csv');
  const swappedBehindMax: Expected = {
    codes: ['balloon-max', 'residual-balloon', 'ballooning', 'hypervisor-swap', 'compression'],
    variants: { 'balloon-max': 'at-max', 'residual-balloon': 'held' },
    causes: { 'hypervisor-swap': ['balloon-max'], ballooning: ['residual-balloon'] },
  };
  const expected: Record<string, Expected> = {
    styx: { codes: ['hypervisor-swap', 'compression'], causes: { 'hypervisor-swap': [], compression: [] } },
    portunus: swappedBehindMax,
    hermes: swappedBehindMax,
    ananke: { ...swappedBehindMax, codes: ['balloon-max', 'residual-balloon', 'ballooning', 'hypervisor-swap'] },
    ouranos: { codes: ['residual-balloon', 'ballooning', 'hypervisor-swap'], variants: { 'residual-balloon': 'deflating' }, causes: { 'hypervisor-swap': [] } },
    poseidon: { codes: ['residual-balloon', 'ballooning', 'hypervisor-swap'], variants: { 'residual-balloon': 'held' }, causes: { 'hypervisor-swap': [] } },
  };
  let vms = 0;
  for (const g of d.groups()) {
    if (g.kind !== 'vm') {
      assert.deepEqual(episodesOf(g), [], `${g.name} (${g.kind}) has no finding`);
      continue;
    }
    vms++;
    check(g, expected[g.name], 3);
    const residual = g.episodes('residual-balloon')[0];
    if (!residual) continue;
    assert.equal(residual.peak.past?.kind, 'before-data');
    assert.equal(residual.peak.inferred, true);
    assert.equal(residual.sinceFirstSample, true);
  }
  assert.equal(vms, 6);
  check(d.host(), {
    codes: ['residual-balloon', 'ballooning', 'hypervisor-swap', 'compression'],
    variants: { 'residual-balloon': 'per-vm' },
    causes: { 'hypervisor-swap': ['balloon-max'], compression: ['balloon-max'], ballooning: ['residual-balloon'] },
  }, 3);

  const portunus = [...d.groups()].find((g) => g.name === 'portunus')!;
  const max = words(portunus.episodes('balloon-max')[0].peak);
  assert.match(max.text, /MCTLSZ 1302 MB, MCTLMAX 1300\.15 MB/);
  assert.match(max.text, /swapped 459\.\d\d MB/);
  const residual = words(d.host().episodes('residual-balloon')[0].peak);
  assert.match(residual.text, /515\d MB still ballooned host-wide though the host is in clear state \(free 5(89|90|91) MB = 146% of minFree 403 MB\)/);
  assert.match(residual.text, /before the data begins \(10:49:12\)/);
  assert.ok(residual.explanation.some((s) => s.includes('(inferred)')));
});

test('esxi65-ballooning-b: per-VM balloon counters are missing; the host counter shows a residual balloon, the VMs only their swap', async () => {
  const d = await diagnose('esxi65-ballooning-b.csv');
  for (const g of d.groups()) {
    if (g.kind !== 'vm') {
      assert.deepEqual(episodesOf(g), [], g.name);
      continue;
    }
    check(g, { codes: ['hypervisor-swap'], causes: { 'hypervisor-swap': [] } }, 3);
    assert.deepEqual(g.episodes('hypervisor-swap')[0].peak.missing, ['MCTL?', 'MCTLSZ', 'MCTLMAX']);
    for (const code of VM_ONLY_CODES) assert.equal(g.episodes(code).length, 0);
  }
  check(d.host(), { codes: ['residual-balloon', 'ballooning', 'hypervisor-swap', 'compression'], variants: { 'residual-balloon': 'host-only' } }, 3);
  assert.match(words(d.host().episodes('residual-balloon')[0].peak).explanation.join(' '), /per-VM balloon counters are not in the data/);
});

test('excel-resaved: host counters only, high state, nothing swapped: no finding at all', async () => {
  const samples = await captureSamples('excel-resaved.csv');
  const d = new Diagnoser();
  for (const s of samples) {
    const now = d.push(s);
    assert.deepEqual(now.host, []);
    assert.deepEqual(now.groups, []);
  }
  assert.equal(d.samples, samples.length);
});
