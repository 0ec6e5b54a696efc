/** Scenario files with mistakes: one clear line naming the file, the line, the path and what is wrong. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorText, UserError } from '../../../src/errors';
import { loadScenarioFile, parseScenarioText, resolveScenario } from '../../../src/sources/simulation/scenario/catalog';
import { runCli } from '../../support/run-cli';

function errorOf(text: string, file = 'scenarios/x.json'): string {
  try {
    parseScenarioText(text, file);
  } catch (err) {
    assert.ok(err instanceof UserError, `not a UserError: ${errorText(err)}`);
    assert.ok(!err.message.includes('\n'), 'one line');
    return err.message;
  }
  assert.fail('no error');
}

const GOOD = {
  description: 'ok',
  host: { memoryMB: 8192 },
  vms: [
    { name: 'a', memoryMB: 2048 },
    { name: 'b', memoryMB: 2048, limitMB: null, maxMemctlMB: null, demandMB: '50%', shares: 500 },
    { name: 'c', memoryMB: 1024 },
  ],
  timeline: [{ at: 0, action: 'narrate', text: 'hello' }],
};

test('a good file loads, with defaults for what it leaves out', () => {
  const sc = parseScenarioText(JSON.stringify(GOOD, null, 2), 'dir/lesson.json');
  assert.equal(sc.name, 'lesson');
  assert.equal(sc.vms[0].tools, 'running');
  assert.equal(sc.vms[0].shares, 'normal');
  assert.equal(sc.vms[0].limitMB, null);
  assert.equal(sc.vms[0].maxMemctlMB, null);
  assert.equal(sc.timeline[0].action, 'narrate');
  assert.deepEqual([sc.vms[1].limitMB, sc.vms[1].maxMemctlMB, sc.vms[1].demandMB, sc.vms[1].shares], [null, null, 1024, 500]);
});

test('a wrong value names the file, the line and the JSON path', () => {
  const bad = structuredClone(GOOD) as Record<string, unknown>;
  (bad.vms as Record<string, unknown>[])[2].memoryMB = '2G';
  const text = JSON.stringify(bad, null, 2);
  const line = text.split('\n').findIndex((l) => l.includes('"2G"')) + 1;
  assert.equal(errorOf(text), `scenarios/x.json:${line}: vms[2].memoryMB: expected a positive number, got "2G"`);
});

test('JSON syntax errors give line and column', () => {
  assert.equal(errorOf('{\n  "description": "x",\n  "host": { "memoryMB": 8192, }\n}'), 'scenarios/x.json:3:31: not valid JSON: trailing comma before }');
  assert.match(errorOf('{\n  "description": "x"\n  "host": {}\n}'), /^scenarios\/x\.json:3:3: not valid JSON: expected ',' or '}', found "\\""$/);
  assert.match(errorOf(''), /scenarios\/x\.json:1:1: not valid JSON: unexpected end of file/);
  assert.match(errorOf('{"a": 1, "a": 2}'), /duplicate property "a"/);
});

test('each kind of mistake is named', () => {
  const cases: [unknown, RegExp][] = [
    [{ ...GOOD, description: undefined }, /:1: \(top level\): missing "description"/],
    [{ ...GOOD, colour: 'red' }, /colour: unknown property \(expected one of: name, description/],
    [{ ...GOOD, host: { memoryMB: -5 } }, /host\.memoryMB: expected a positive number, got -5/],
    [{ ...GOOD, vms: [{ name: 'a', memoryMB: 2048, memorySize: 1 }] }, /vms\[0\]\.memorySize: unknown property/],
    [{ ...GOOD, vms: [{ name: 'a', memoryMB: 2048 }, { name: 'a', memoryMB: 1024 }] }, /vms\[1\]\.name: duplicate VM name "a"/],
    [{ ...GOOD, vms: [{ name: 'a', memoryMB: 2048, tools: 'yes' }] }, /vms\[0\]\.tools: expected one of "running", "stopped", "none", got "yes"/],
    [{ ...GOOD, vms: [{ name: 'a', memoryMB: 2048, reservationMB: 4096 }] }, /vms\[0\]\.reservationMB: 4096 is more than memoryMB \(2048\)/],
    [{ ...GOOD, vms: [{ name: 'a', memoryMB: 2048, reservationMB: 1024, limitMB: 512 }] }, /vms\[0\]\.limitMB: 512 is less than the reservation/],
    [{ ...GOOD, vms: [{ name: 'a', memoryMB: 2048, demandMB: '150%' }] }, /vms\[0\]\.demandMB: expected MB as a number >= 0, or a share of memoryMB like "60%", got "150%"/],
    [{ ...GOOD, timeline: [{ at: 'soon', action: 'narrate', text: 'x' }] }, /timeline\[0\]\.at: expected a time/],
    [{ ...GOOD, timeline: [{ at: 5, action: 'explode', vm: 'a' }] }, /timeline\[0\]\.action: expected one of "narrate", "powerOn"/],
    [{ ...GOOD, timeline: [{ at: 5, action: 'powerOff', vm: 'zz' }] }, /timeline\[0\]\.vm: no VM named "zz" in vms \(have: a, b, c\)/],
    [{ ...GOOD, timeline: [{ at: 5, action: 'setLimit', vm: 'a' }] }, /timeline\[0\]: missing "limitMB"/],
    [{ ...GOOD, timeline: [{ at: 5, action: 'narrate', text: 'x', vm: 'a' }] }, /timeline\[0\]\.vm: unknown property/],
    [{ ...GOOD, timeline: [{ at: 5, action: 'narrate', text: 'x', pause: 'yes' }] }, /timeline\[0\]\.pause: expected true or false, got "yes"/],
    [{ ...GOOD, vms: {} }, /vms: expected a list of VMs, got an object/],
    [{ ...GOOD, durationS: 60, timeline: [{ at: 0, action: 'narrate', text: 'x' }, { at: '10m', action: 'stopTools', vm: 'a' }] }, /:\d+: timeline\[1\]\.at: 10:00 is after the end of the lesson \(durationS is 1:00\)$/],
    [{ ...GOOD, durationS: 60, timeline: [{ at: 90, action: 'narrate', text: 'late', when: { host: 'soft' } }] }, /timeline\[0\]\.at: 1:30 is after the end of the lesson/],
  ];
  for (const [doc, re] of cases) assert.match(errorOf(JSON.stringify(doc, null, 2)), re);
  const atTheEnd = parseScenarioText(JSON.stringify({ ...GOOD, durationS: 60, timeline: [{ at: '1:00', action: 'stopTools', vm: 'a' }] }), 'x.json');
  assert.equal(atTheEnd.timeline[0].at, 60, 'an event at the very end is in the lesson');
});

test('files: missing, empty, a directory, an unknown shipped name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bt-sim-'));
  assert.throws(() => loadScenarioFile(join(dir, 'nope.json')), (e: Error) => e instanceof UserError && /nope\.json: no such file/.test(e.message));
  writeFileSync(join(dir, 'empty.json'), '  \n');
  assert.throws(() => loadScenarioFile(join(dir, 'empty.json')), /empty\.json: is empty/);
  assert.throws(() => loadScenarioFile(dir), /is a directory/);
  assert.throws(() => resolveScenario('overcomit'), /no scenario named 'overcomit' \(shipped: balloon-max, limit, linux-oom/);
});

test('CLI: a bad scenario file exits 2 with one line; --list lists the lessons with their length and pauses; bad --seed is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bt-sim-'));
  const file = join(dir, 'bad.json');
  writeFileSync(file, '{\n  "description": "x",\n  "host": { "memoryMB": "lots" },\n  "vms": []\n}\n');
  const r = await runCli(['sim', '--scenario', file, '-b']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `balloontop: ${file}:3: host.memoryMB: expected a positive number, got "lots"\n`);
  const list = await runCli(['sim', '--list']);
  assert.equal(list.code, 0);
  const lines = list.stdout.trim().split('\n');
  assert.equal(lines.length, 7);
  assert.match(lines.find((l) => l.startsWith('no-tools'))!, /^no-tools\s+14:00 {2}3 pauses {2}A VM without VMware Tools is swapped while its neighbours balloon$/);
  assert.match(lines.find((l) => l.startsWith('balloon-max'))!, /^balloon-max\s+6:00 {2}2 pauses {2}The balloon reaches MCTLMAX/);
  const seed = await runCli(['sim', '--seed', 'abc', '-b']);
  assert.equal(seed.code, 2);
  assert.match(seed.stderr, /--seed needs a whole number, got "abc"/);
  const extra = await runCli(['sim', 'overcommit']);
  assert.equal(extra.code, 2);
  assert.match(extra.stderr, /use --scenario NAME\|FILE/);
});
