/** The built CLI as a user runs it: help, version, batch output, and every bad input of issue 2 item 7. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { capture, CLI, NODE_FLAGS, PROJECT_ROOT } from '../support/paths';
import { runCli, type CliResult } from '../support/run-cli';
import { runWithFilePermissions } from '../support/unprivileged';

const dir = mkdtempSync(join(tmpdir(), 'balloontop-cli-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

/** A fatal problem: exactly one line on stderr naming the file, exit 2, nothing on stdout, no stack. */
function assertFatal(r: CliResult, path: string, what: RegExp): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one line on stderr, got: ${r.stderr}`);
  assert.ok(lines[0].startsWith(`balloontop: ${path}`), `names the file: ${lines[0]}`);
  assert.match(lines[0], what);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

/** A recoverable problem: one line on stderr naming file and line, the rest written, exit 0. */
function assertRecovered(r: CliResult, path: string, line: number, rows: number): void {
  assert.equal(r.code, 0, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one line on stderr, got: ${r.stderr}`);
  assert.ok(lines[0].startsWith(`balloontop: ${path}:${line}: `), lines[0]);
  const out = r.stdout.split('\n').filter(Boolean);
  assert.equal(out.length, 1 + rows, 'header and the good rows');
  assert.ok(out[0].startsWith('"(PDH-CSV 4.0) (UTC)(0)"'));
}

const HEADER = '"(PDH-CSV 4.0) (UTC)(0)","\\\\esx\\Memory\\Free MBytes","\\\\esx\\Memory\\Kernel State","\\\\esx\\Group Memory(10:vm1)\\Memctl MBytes","\\\\esx\\Group Memory(10:vm1)\\Memctl Max MBytes"\n';
const row = (t: string, free = '590') => `"${t}","${free}","1","12.5","600"\n`;
const GOOD = HEADER + row('04/24/2018 10:49:12') + row('04/24/2018 10:49:17') + row('04/24/2018 10:49:22');

test('help, usage and --version', async () => {
  const help = await runCli(['help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: balloontop/);
  assert.match(help.stdout, /replay FILE/);
  assert.match(help.stdout, /record SOURCE/);
  const rh = await runCli(['help', 'record']);
  assert.equal(rh.code, 0);
  assert.match(rh.stdout, /^usage: balloontop record SOURCE/);
  assert.match(rh.stdout, /-o, --output FILE +the recording to write/);
  assert.match(rh.stdout, /--append/);
  const rp = await runCli(['replay', '--help']);
  assert.equal(rp.code, 0);
  assert.match(rp.stdout, /^usage: balloontop replay FILE/);
  assert.match(rp.stdout, /-b, --batch/);
  assert.match(rp.stdout, /-n, --iterations N/);
  const unknown = await runCli(['help', 'nope']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, "balloontop: unknown command 'nope' (see 'balloontop help')\n");
  const v = await runCli(['--version']);
  assert.equal(v.code, 0);
  assert.equal(v.stdout, `balloontop ${JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).version}\n`);
});

test('unknown commands and options: one line, exit 2', async () => {
  for (const args of [['frobnicate'], ['replay', capture('excel-resaved.csv'), '--frob'], ['replay', capture('excel-resaved.csv'), '-b', '-Z'], ['replay'], ['replay', capture('excel-resaved.csv'), '-b', '-n', 'ten'], ['replay', capture('excel-resaved.csv'), '-b', '--json']]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
    assert.match(r.stderr, /^balloontop: /);
    assert.equal(r.stdout, '');
  }
});

test('replay -b / --json / -n on a real capture', async () => {
  const b = await runCli(['replay', capture('esxi65-ballooning-a.csv'), '-b']);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(b.stderr, '');
  assert.equal(b.stdout.split('\n').filter(Boolean).length, 4);
  const n = await runCli(['replay', capture('excel-resaved.csv'), '-b', '-n', '10']);
  assert.equal(n.stdout.split('\n').filter(Boolean).length, 11);
  const j = await runCli(['replay', capture('esxi65-ballooning-a.csv'), '--json', '-n', '2']);
  const lines = j.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.equal(lines[0].time, '2018-04-24T10:49:12.000Z');
  assert.equal(lines[0].groups.find((g: { name: string }) => g.name === 'portunus').values.MCTLSZ, 1302);
});

test('replay -b | head: the closed pipe ends the output quietly with exit 0', async () => {
  const rows = Array.from({ length: 20000 }, (_, i) => row(`04/24/2018 ${String(10 + Math.floor(i / 3600)).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`));
  const big = file('big.csv', HEADER + rows.join(''));
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, CLI, 'replay', big, '-b'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
});

test('fatal inputs: missing, directory, empty, header only, not PDH, binary, corrupt gzip', async () => {
  const missing = join(dir, 'no-such.csv');
  assertFatal(await runCli(['replay', missing, '-b']), missing, /no such file/);
  const sub = join(dir, 'a-directory');
  mkdirSync(sub);
  assertFatal(await runCli(['replay', sub, '-b']), sub, /directory/);
  const empty = file('empty.csv', '');
  assertFatal(await runCli(['replay', empty, '-b']), empty, /empty/);
  const headerOnly = file('header-only.csv', HEADER);
  assertFatal(await runCli(['replay', headerOnly, '-b']), headerOnly, /no (samples|data)/);
  const notPdh = file('not-pdh.csv', 'name,value\nfoo,1\n');
  assertFatal(await runCli(['replay', notPdh, '-b']), notPdh, /not an esxtop|PDH/);
  const garbage = Buffer.alloc(8192);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
  const binary = file('garbage.bin', garbage);
  assertFatal(await runCli(['replay', binary, '-b']), binary, /binary|not an esxtop/);
  const gz = gzipSync(readFileSync(capture('esxi65-ballooning-b.csv')));
  gz.fill(0x41, Math.floor(gz.length / 2), Math.floor(gz.length / 2) + 64);
  const corrupt = file('corrupt.csv.gz', gz);
  const r = await runCli(['replay', corrupt, '-b']);
  assert.equal(r.code, 2);
  const errLines = r.stderr.split('\n').filter(Boolean);
  assert.equal(errLines.length, 1, r.stderr);
  // The garbage the damage decodes to comes before zlib notices; the damage is what is named, with the line it hit.
  assert.match(errLines[0], new RegExp(`^balloontop: ${corrupt.replace(/[.]/g, '\\.')}:\\d+: corrupt gzip`));
});

test('fatal input: an unreadable file (as root too: without the capabilities that override permissions)', (t) => {
  const p = file('unreadable.csv', GOOD);
  chmodSync(p, 0o000);
  const r = runWithFilePermissions(t, process.execPath, [...NODE_FLAGS, CLI, 'replay', p, '-b']);
  if (r) assertFatal({ code: r.status, stdout: r.stdout, stderr: r.stderr }, p, /permission denied/);
});

test('recoverable inputs: truncated last line, wrong column count, non-numeric cell, absurd timestamp', async () => {
  const truncated = file('truncated.csv', GOOD.slice(0, -12));
  assertRecovered(await runCli(['replay', truncated, '-b']), truncated, 4, 2);
  const width = file('width.csv', HEADER + row('04/24/2018 10:49:12') + '"04/24/2018 10:49:17","590","1"\n' + row('04/24/2018 10:49:22'));
  assertRecovered(await runCli(['replay', width, '-b']), width, 3, 2);
  const nonNumeric = file('nonnumeric.csv', HEADER + row('04/24/2018 10:49:12') + row('04/24/2018 10:49:17', 'lots') + row('04/24/2018 10:49:22'));
  const r = await runCli(['replay', nonNumeric, '-b']);
  assertRecovered(r, nonNumeric, 3, 3);
  assert.match(r.stdout.split('\n')[2], /^"04\/24\/2018 10:49:17","",/, 'the bad cell is missing, not 0');
  const absurd = file('absurd.csv', HEADER + row('04/24/2018 10:49:12') + row('13/45/9999 99:99:99') + row('04/24/2018 10:49:22'));
  assertRecovered(await runCli(['replay', absurd, '-b']), absurd, 3, 2);
});

test('warnings of the same kind are reported once, with a count', async () => {
  const many = file('many.csv', HEADER + row('04/24/2018 10:49:12') + row('bad') + row('worse') + row('04/24/2018 10:49:22'));
  const r = await runCli(['replay', many, '-b']);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /^balloontop: .*many\.csv:3: .*\(and 1 more like it\)\n$/);
});

test('a bad -c config file is reported in batch mode too, before any output', async () => {
  const bad = file('bad.esxtop60rc', 'ABcDEFghij\nnot letters!\n5m\n');
  const r = await runCli(['replay', capture('esxi65-ballooning-a.csv'), '-c', bad, '-b']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `balloontop: ${bad}:2: expected field letters, found "not letters!"\n`);
});
