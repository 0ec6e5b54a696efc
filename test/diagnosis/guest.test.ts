/**
 * A guest's own findings, on constructed guest samples: a limit below the
 * memory the guest sees, a balloon close to VMware's 65% cap, an OOM kill
 * while the balloon held memory (placed against the sample before it, or
 * inferred when it is older than the data), and the balloon itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnoser } from '../../src/diagnosis/engine';
import type { Diagnosis, Finding } from '../../src/diagnosis/finding';
import { describe as words } from '../../src/diagnosis/describe';
import { headline, shortReason } from '../../src/diagnosis/summary';
import { GUEST_CODES, type FindingCode } from '../../src/diagnosis/codes';
import { ev, guestSample, guestSection, oomKill, STEP, T0 } from './build';

function guestCodes(d: Diagnosis): FindingCode[] {
  return d.guest.map((f) => f.code).sort();
}

function finding(d: Diagnosis, code: FindingCode): Finding | undefined {
  return d.guest.find((f) => f.code === code);
}

test('a healthy guest has no finding; a host sample has no guest findings', () => {
  const d = new Diagnoser().push(guestSample(0, guestSection()));
  assert.deepEqual(d.guest, []);
  assert.deepEqual(d.host, []);
  assert.deepEqual(d.groups, []);
  assert.deepEqual(d.guestKills, []);
});

test('a limit below the memory the guest sees: latent with nothing taken, reclaiming with a balloon, and the cause of the balloon', () => {
  const latent = new Diagnoser().push(guestSample(0, guestSection({ limitMB: 4096 })));
  assert.deepEqual(guestCodes(latent), ['guest-limit']);
  assert.equal(latent.guest[0].variant, 'latent');
  assert.match(words(latent.guest[0]).text, /limits this VM to 4096 MB of the 7961\.27 MB it sees: use above the limit will be ballooned or swapped even on an idle host/);

  const reclaiming = new Diagnoser().push(guestSample(0, guestSection({ limitMB: 4096, balloonMB: 2048, targetMB: 2048, toolsBalloonMB: 2048 })));
  assert.deepEqual(guestCodes(reclaiming), ['guest-ballooning', 'guest-limit']);
  const limit = finding(reclaiming, 'guest-limit')!;
  assert.equal(limit.variant, 'reclaiming');
  assert.equal(ev(limit, 'limitMB'), 4096);
  assert.equal(ev(limit, 'guestMemoryMB'), 7961.27);
  assert.deepEqual(finding(reclaiming, 'guest-ballooning')!.causes, ['guest-limit']);
  assert.equal(reclaiming.guest[0].code, 'guest-limit', 'a reclaiming limit is the headline, before the balloon it causes');
  assert.match(headline(reclaiming.guest)!.text, /reclaimed whatever the host's free memory \(balloon 2048 MB\)/);
  assert.equal(shortReason(reclaiming.guest), 'limit');
});

test('no limit finding for no limit (-1), a limit at or above the guest memory, or a limit that could not be read', () => {
  for (const limitMB of [-1, 8192, 7961, 7961.27, null]) {
    assert.deepEqual(guestCodes(new Diagnoser().push(guestSample(0, guestSection({ limitMB })))), [], String(limitMB));
  }
});

test("a balloon close to VMware's 65% cap (90% of it), or a target there; not on another hypervisor's driver", () => {
  const near = new Diagnoser().push(guestSample(0, guestSection({ balloonMB: 4700, targetMB: 4700 })));
  assert.deepEqual(guestCodes(near), ['guest-balloon-max', 'guest-ballooning']);
  const cap = finding(near, 'guest-balloon-max')!;
  assert.equal(cap.variant, 'near');
  assert.match(words(cap).text, /^Balloon 4700 MB \(59% of the guest's 7961\.27 MB\), near VMware's default cap of 65% \(5174\.83 MB\)/);

  assert.deepEqual(guestCodes(new Diagnoser().push(guestSample(0, guestSection({ balloonMB: 4000, targetMB: 4000 })))), ['guest-ballooning'], '77% of the cap is not close');
  const target = new Diagnoser().push(guestSample(0, guestSection({ balloonMB: 3000, targetMB: 4800 }, { balloonState: 'inflating' })));
  assert.equal(finding(target, 'guest-balloon-max')?.variant, 'target-near');
  assert.match(words(finding(target, 'guest-balloon-max')!).text, /the host asking for 4800 MB/);
  assert.match(words(finding(target, 'guest-ballooning')!).text, /inflating toward 4800 MB/);

  const full = finding(new Diagnoser().push(guestSample(0, guestSection({ balloonMB: 5300, targetMB: 5300 }))), 'guest-balloon-max')!;
  assert.equal(full.variant, 'at-cap');
  assert.match(words(full).text, /^Balloon 5300 MB \(67% of the guest's 7961\.27 MB\), at VMware's default cap of 65% \(5174\.83 MB\) or above: more pressure means host swapping/);

  const kvm = new Diagnoser().push(guestSample(0, guestSection({ balloonMB: 4700 }, { driver: 'virtio_balloon', hypervisor: 'KVM' })));
  assert.deepEqual(guestCodes(kvm), ['guest-ballooning'], "the 65% cap is VMware's");
  const kvmWords = words(finding(kvm, 'guest-ballooning')!);
  assert.equal(ev(finding(kvm, 'guest-ballooning'), 'driver'), 'virtio_balloon');
  assert.doesNotMatch(`${kvmWords.text} ${kvmWords.explanation.join(' ')}`, /resource pool|esxtop/, 'no VMware words on KVM');
  assert.match(kvmWords.text, /the cause is on the host \(its memory pressure, or the memory it set for this VM: virsh dommemstat\)/);
  const hv = new Diagnoser().push(guestSample(0, guestSection({ balloonMB: 1024 }, { driver: 'hv_balloon', hypervisor: 'Hyper-V' })));
  assert.match(words(finding(hv, 'guest-ballooning')!).text, /the cause is on the host \(its memory pressure, or this VM's Dynamic Memory settings\)/);
  assert.match(words(finding(near, 'guest-ballooning')!).text, /the cause is on the host \(its memory pressure, or a limit on the VM's resource pool\)/);
  assert.deepEqual(guestCodes(new Diagnoser().push(guestSample(0, guestSection({ balloonMB: 4700, balloonMaxMB: null })))), ['guest-ballooning'], 'no cap known, no claim');
});

test('an OOM kill while the balloon held memory: placed against the last sample before it', () => {
  const d = new Diagnoser();
  const killAt = T0 + 2 * STEP - 1000; // between the samples 1 and 2
  const [s0, s1, s2] = [
    guestSample(0, guestSection()),
    guestSample(1, guestSection({ balloonMB: 2048, targetMB: 3072 }, { balloonState: 'inflating' })),
    guestSample(2, guestSection({ balloonMB: 3072, targetMB: 3072 }, { oomKills: [oomKill(killAt)] })),
  ];
  d.push(s0);
  d.push(s1);
  const at2 = d.push(s2);
  const oom = finding(at2, 'guest-oom-balloon')!;
  assert.ok(oom, 'the kill is a finding');
  assert.equal(oom.variant, 'during');
  assert.equal(oom.inferred, false);
  assert.equal(ev(oom, 'balloonAtKillMB'), 2048, 'the balloon at the sample before the kill, not now');
  assert.equal(ev(oom, 'balloonSampleAt'), s1.time);
  assert.equal(ev(oom, 'process'), 'java');
  assert.equal(at2.guest[0].code, 'guest-oom-balloon', 'the kill is the headline');
  assert.match(headline(at2.guest)!.text, /^OOM kill of java \(pid 4242\) at 09:00:09 while the balloon held 2048 MB$/);
  assert.deepEqual(at2.guestKills, [{ how: 'sample', mb: 2048, at: s1.time }]);

  // The log keeps the kill: later samples still list it, and it still stands where it was placed.
  const at3 = d.push(guestSample(3, guestSection({ balloonMB: 0, targetMB: 0 }, { oomKills: [oomKill(killAt)] })));
  assert.equal(ev(finding(at3, 'guest-oom-balloon'), 'balloonAtKillMB'), 2048);
  assert.equal(finding(at3, 'guest-oom-balloon')!.since, s2.time, 'held since the sample that first listed it');

  // Browsing back: the sample before the kill has no kill finding; the one after has it.
  assert.equal(finding(d.diagnoseAt(s1), 'guest-oom-balloon'), undefined);
  assert.equal(ev(finding(d.diagnoseAt(s2), 'guest-oom-balloon'), 'balloonAtKillMB'), 2048);
});

test('no OOM finding for a kill while the balloon was empty, for a memory cgroup kill, or when no page was ever ballooned since boot', () => {
  const killAt = T0 + STEP - 1000; // between samples 0 (empty balloon) and 1
  const d = new Diagnoser();
  d.push(guestSample(0, guestSection()));
  const after = d.push(guestSample(1, guestSection({ balloonMB: 2048 }, { oomKills: [oomKill(killAt)] })));
  assert.equal(finding(after, 'guest-oom-balloon'), undefined, 'the balloon was empty before the kill');
  assert.deepEqual(after.guestKills, [{ how: 'sample', mb: 0, at: T0 }]);

  const cg = new Diagnoser();
  cg.push(guestSample(0, guestSection({ balloonMB: 2048 })));
  assert.equal(finding(cg.push(guestSample(1, guestSection({ balloonMB: 2048 }, { oomKills: [oomKill(killAt, 77, 'worker', true)] }))), 'guest-oom-balloon'), undefined, "a cgroup's limit, not the guest out of memory");

  const never = new Diagnoser().push(guestSample(1, guestSection({ balloonMB: 0, balloonInflatePages: 0 }, { oomKills: [oomKill(T0 - 3_600_000)] })));
  assert.equal(finding(never, 'guest-oom-balloon'), undefined);
  assert.deepEqual(never.guestKills, [{ how: 'never-inflated', mb: 0, at: null }]);
});

test('an OOM kill older than the data, with the balloon inflated at the first sample: inferred, and said so', () => {
  const first = guestSample(0, guestSection({ balloonMB: 2048, targetMB: 2048 }, { oomKills: [oomKill(T0 - 4 * 3_600_000), oomKill(null, 99, 'cron')] }));
  const d = new Diagnoser().push(first);
  const oom = finding(d, 'guest-oom-balloon')!;
  assert.equal(oom.variant, 'before-data');
  assert.equal(oom.inferred, true);
  assert.equal(ev(oom, 'firstSampleBalloonMB'), 2048);
  assert.equal(ev(oom, 'kills'), 1, 'a kill without a time is not counted');
  const w = words(oom);
  assert.match(w.text, /^OOM kill of java \(pid 4242\) at 05:00:00, before the data; the balloon held 2048 MB at the first sample$/);
  assert.ok(w.explanation.some((s) => /inferred, not in the data/.test(s)));
  assert.deepEqual(d.guestKills, [{ how: 'before-data', mb: null, at: T0 }, { how: 'unknown', mb: null, at: null }]);
});

test('guest findings have words of their own kind: short labels within 12 characters, the numbers from the evidence', () => {
  const d = new Diagnoser();
  d.push(guestSample(0, guestSection({ balloonMB: 2048, limitMB: 4096 })));
  const last = d.push(guestSample(1, guestSection({ balloonMB: 4800, targetMB: 4500, limitMB: 4096, hostSwappedMB: 300 }, { balloonState: 'deflating', oomKills: [oomKill(T0 + 1000)] })));
  assert.deepEqual(guestCodes(last), [...GUEST_CODES].sort());
  for (const f of last.guest) {
    const w = words(f);
    assert.ok(w.short.length > 0 && w.short.length <= 12, w.short);
    assert.ok(w.explanation.length > 0);
    assert.doesNotMatch([w.text, ...w.explanation].join(' '), /undefined|NaN|null/);
  }
  assert.match(words(finding(last, 'guest-ballooning')!).text, /deflating toward 4500 MB; cause: its memory limit/);
  assert.match(words(finding(last, 'guest-limit')!).text, /host swapped 300 MB/);
});
