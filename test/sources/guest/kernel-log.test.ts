import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOomKills } from '../../../src/sources/guest/kernel-log/oom-kills';
import { KernelLog, mergeKills } from '../../../src/sources/guest/kernel-log/kernel-log';
import { GuestRoot } from '../../../src/sources/guest/guest-root';
import type { OomKill } from '../../../src/sample/guest';
import { FixtureRoot, oomKilledLine, uptimeStamp } from './fixtures';

const REF = new Date(2026, 2, 10, 12, 0, 0).getTime(); // a file dated 10 March 2026, local time

test('dmesg: seconds since boot, the kill line of Linux 4.19 and later', () => {
  const text = `${uptimeStamp(3.5)} virtio_balloon virtio0: ready\n${uptimeStamp(8123.456789)} ${oomKilledLine(4242, 'java')}\n${uptimeStamp(8123.5)} oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n`;
  const kills = findOomKills(text, REF);
  assert.deepEqual(kills, [{ pid: 4242, process: 'java', cgroup: false, wall: null, uptimeS: 8123.456789 }]);
});

test('Linux 3.x and 4.x: "Kill process ... score ... or sacrifice child", then "Killed process" once', () => {
  const text = [
    `${uptimeStamp(100)} Out of memory: Kill process 1234 (mysqld) score 901 or sacrifice child`,
    `${uptimeStamp(100.01)} Killed process 1234 (mysqld) total-vm:2048000kB, anon-rss:1500000kB, file-rss:0kB, shmem-rss:0kB`,
    `${uptimeStamp(200)} Memory cgroup out of memory: Kill process 55 (php-fpm) score 500 or sacrifice child`,
    `${uptimeStamp(200.01)} Killed process 55 (php-fpm) total-vm:400000kB, anon-rss:300000kB, file-rss:0kB`,
  ].join('\n');
  const kills = findOomKills(text, REF);
  assert.deepEqual(kills.map((k) => [k.pid, k.process, k.cgroup, k.uptimeS]), [[1234, 'mysqld', false, 100.01], [55, 'php-fpm', true, 200.01]]);
});

test('Linux 2.6: "Killed process N (name)" with vsz: or nothing after it', () => {
  const kills = findOomKills(`${uptimeStamp(5)} Killed process 99 (httpd)\n${uptimeStamp(6)} Killed process 100 (sshd) vsz:12000kB, anon-rss:300kB, file-rss:10kB\n`, REF);
  assert.deepEqual(kills.map((k) => [k.pid, k.process]), [[99, 'httpd'], [100, 'sshd']]);
});

test('a memory cgroup kill of Linux 4.19 and later is marked as such', () => {
  const kills = findOomKills(`${uptimeStamp(7)} ${oomKilledLine(8, 'node', 'Memory cgroup out of memory')}\n`, REF);
  assert.equal(kills[0].cgroup, true);
});

test('process names with spaces and parentheses end where the kernel\'s fields start; control characters are replaced', () => {
  const kills = findOomKills([oomKilledLine(1, 'Web Content'), oomKilledLine(2, 'a) b'), oomKilledLine(3, 'evil\x1b[2Jname')].join('\n'), REF);
  assert.deepEqual(kills.map((k) => k.process), ['Web Content', 'a) b', 'evil?[2Jname']);
});

test('dmesg -T: local time with a year', () => {
  const kills = findOomKills(`[Tue Mar  3 09:15:02 2026] ${oomKilledLine(7, 'java')}\n`, REF);
  assert.deepEqual(kills[0].wall, { ms: new Date(2026, 2, 3, 9, 15, 2).getTime(), clock: 'local' });
});

test('syslog files: local time without a year, dated by the file; other programs\' "Killed process" lines are not the kernel', () => {
  const text = [
    `Mar  9 23:59:01 web01 kernel: [ 8123.456789] ${oomKilledLine(4242, 'java')}`,
    `Mar  9 23:59:02 web01 myapp[311]: Killed process 4243 (worker)`,
    `Dec 31 10:00:00 web01 kernel: ${oomKilledLine(17, 'postgres')}`,
  ].join('\n');
  const kills = findOomKills(text, REF);
  assert.equal(kills.length, 2);
  assert.deepEqual(kills[0], { pid: 4242, process: 'java', cgroup: false, wall: { ms: new Date(2026, 2, 9, 23, 59, 1).getTime(), clock: 'local-year' }, uptimeS: 8123.456789 });
  // December is after the file's date in 2026: the line is from the year before.
  assert.deepEqual(kills[1].wall, { ms: new Date(2025, 11, 31, 10, 0, 0).getTime(), clock: 'local-year' });
});

test('rsyslog precise and journalctl short-iso time stamps carry their zone: exact', () => {
  const kills = findOomKills([
    `2026-03-05T10:11:12.123456+01:00 web01 kernel: ${oomKilledLine(1, 'a')}`,
    `2026-03-05T10:11:13+0100 web01 kernel: ${oomKilledLine(2, 'b')}`,
    `2026-03-05T09:11:14Z web01 kernel: [ 55.000000] ${oomKilledLine(3, 'c')}`,
    `2026-03-05T10:11:15,000000+01:00 ${oomKilledLine(4, 'd')}`,
  ].join('\n'), REF);
  assert.deepEqual(kills.map((k) => [k.pid, k.wall]), [
    [1, { ms: Date.UTC(2026, 2, 5, 9, 11, 12, 123) + 0.456, clock: 'log' }],
    [2, { ms: Date.UTC(2026, 2, 5, 9, 11, 13), clock: 'log' }],
    [3, { ms: Date.UTC(2026, 2, 5, 9, 11, 14), clock: 'log' }],
    [4, { ms: Date.UTC(2026, 2, 5, 9, 11, 15), clock: 'log' }],
  ]);
  assert.equal(kills[2].uptimeS, 55);
});

test('/dev/kmsg records: microseconds since boot; a record written from user space (facility 1) is not the kernel', () => {
  const kills = findOomKills(`3,1842,8123456789,-;${oomKilledLine(4242, 'java')}\n SUBSYSTEM=memory\n12,1843,8123456800,-;${oomKilledLine(1, 'fake')}\n`, REF);
  assert.deepEqual(kills.map((k) => [k.pid, k.uptimeS, k.wall]), [[4242, 8123.456789, null]]);
});

test('dmesg -r keeps the level: <3>[...]', () => {
  assert.equal(findOomKills(`<3>${uptimeStamp(9)} ${oomKilledLine(9, 'x')}\n`, REF)[0].uptimeS, 9);
});

test('a saved dmesg gets wall times from the boot time in proc/stat; a kill in two logs is listed once, with the boot-based time', () => {
  const root = new FixtureRoot();
  try {
    const boot = new Date(2026, 2, 1, 6, 0, 0).getTime(); // the guest's local time, as its syslog writes it
    root.write('dmesg.txt', `${uptimeStamp(3600.25)} ${oomKilledLine(4242, 'java')}\n`);
    root.write('var/log/kern.log', `Mar  1 07:00:00 web01 kernel: ${uptimeStamp(3600.25)} ${oomKilledLine(4242, 'java')}\nMar  1 08:00:00 web01 kernel: ${uptimeStamp(7200)} ${oomKilledLine(5000, 'python3')}\n`, new Date(REF));
    const log = new KernelLog(GuestRoot.at(root.dir));
    const r = log.read(boot);
    assert.equal(r.problem, null);
    assert.deepEqual(r.read.length, 2);
    assert.deepEqual(r.kills?.map((k) => [k.pid, k.process, k.clock, k.time]), [
      [4242, 'java', 'boot', boot + 3600250],
      [5000, 'python3', 'local-year', new Date(2026, 2, 1, 8, 0, 0).getTime()],
    ]);
  } finally {
    root.remove();
  }
});

test('without a boot time, a dmesg kill has no wall time (clock "none"), never a made-up one', () => {
  const root = new FixtureRoot();
  try {
    root.write('dmesg.txt', `${uptimeStamp(12)} ${oomKilledLine(1, 'x')}\n`);
    const r = new KernelLog(GuestRoot.at(root.dir)).read(null);
    assert.deepEqual(r.kills?.map((k) => [k.time, k.clock, k.uptimeS]), [[null, 'none', 12]]);
  } finally {
    root.remove();
  }
});

test('no kernel log under --root: no list (null) and a reason with how to get one', () => {
  const root = new FixtureRoot();
  try {
    const r = new KernelLog(GuestRoot.at(root.dir)).read(null);
    assert.equal(r.kills, null);
    assert.match(r.problem ?? '', /no kernel log under .*dmesg\.txt/);
  } finally {
    root.remove();
  }
});

test('a log file that changes between reads is read again; one that does not is not', () => {
  const root = new FixtureRoot();
  try {
    root.write('dmesg.txt', `${uptimeStamp(12)} ${oomKilledLine(1, 'x')}\n`);
    const log = new KernelLog(GuestRoot.at(root.dir));
    assert.equal(log.read(0).kills?.length, 1);
    root.write('dmesg.txt', `${uptimeStamp(12)} ${oomKilledLine(1, 'x')}\n${uptimeStamp(13)} ${oomKilledLine(2, 'y')}\n`);
    assert.deepEqual(log.read(0).kills?.map((k) => k.process), ['x', 'y']);
  } finally {
    root.remove();
  }
});

test('merging keeps the same pid and name twice when the kernel time stamps differ (two boots)', () => {
  const k = (uptimeS: number, time: number): OomKill => ({ pid: 812, process: 'mysqld', uptimeS, time, cgroup: false, clock: 'boot' });
  assert.equal(mergeKills([[k(100, 1000)], [k(5000, 2000)]]).length, 2);
  assert.equal(mergeKills([[k(100, 1000)], [k(100.5, 1000)]]).length, 1);
});

test('under --root, kernel logs are found by name: a saved log at the top, rotated syslog files, an sos report\'s dmesg; not .gz, not directories', () => {
  const root = new FixtureRoot();
  try {
    root.write('kern.log', `${uptimeStamp(1)} ${oomKilledLine(1, 'a')}\n`);
    root.write('var/log/messages-20260301', `2026-03-01T10:00:00Z web01 kernel: ${oomKilledLine(2, 'b')}\n`);
    root.write('sos_commands/kernel/dmesg_-T', `[Sun Mar  1 11:00:00 2026] ${oomKilledLine(3, 'c')}\n`);
    root.write('var/log/kern.log.2.gz', 'not read');
    root.mkdir('kernel');
    const r = new KernelLog(GuestRoot.at(root.dir)).read(0);
    assert.deepEqual(r.unreadable, []);
    assert.deepEqual(r.read.map((p) => p.slice(root.dir.length + 1)).sort(), ['kern.log', 'sos_commands/kernel/dmesg_-T', 'var/log/messages-20260301']);
    assert.deepEqual(r.kills?.map((k) => k.process).sort(), ['a', 'b', 'c']);
  } finally {
    root.remove();
  }
});
