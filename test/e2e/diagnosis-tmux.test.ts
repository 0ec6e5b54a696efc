/**
 * The diagnosis and the guest page in a real 80x24 terminal: tmux runs the
 * built CLI, the test types as a person would and reads the pane.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFieldLine } from '../../src/config/field-layout';
import { parseEsxtopRc } from '../../src/config/esxtoprc';
import { requireTool } from '../support/tools';
import { capture } from '../support/paths';
import { balloontop, has, Terminal } from '../support/tmux';
import { FixtureRoot, meminfo, modernVmmemctl } from '../sources/guest/fixtures';

function tmuxOrSkip(t: TestContext): boolean {
  return requireTool(t, 'tmux', 'apt-get install tmux');
}

/** PgDn, a page at a time, until the pane shows what is looked for. */
async function pageDownUntil(term: Terminal, cond: (lines: string[]) => boolean, what: string): Promise<string[]> {
  for (let i = 0; i < 12; i++) {
    const lines = term.pane();
    if (cond(lines)) return lines;
    term.keys('PageDown');
    await term.until((l) => l.join('\n') !== lines.join('\n') || has(l, /^-- end/), `a page further (${what})`);
  }
  return term.until(cond, what);
}

const status = (l: string[]) => l.filter((x) => x.trim() !== '' && !x.startsWith('EXIT=')).pop() ?? '';

test('tmux 80x24: replay, the diagnosis line of the highlighted VM, w explains portunus at MCTLMAX, f r shows REASON', async (t) => {
  if (!tmuxOrSkip(t)) return;
  const term = new Terminal();
  try {
    term.start(balloontop('replay', capture('esxi65-ballooning-a.csv')), { width: 80, height: 24 });
    await term.until((l) => has(l, /^ 1303673 portunus/), 'the memory page');
    term.keys('p');
    await term.until((l) => /PAUSED/.test(status(l)), 'paused');
    // Rows by MEMSZ: poseidon, ananke, hermes, portunus.
    term.keys('Down', 'Down', 'Down');
    let lines = await term.until((l) => has(l, /^ why portunus: Balloon at its maximum \(MCTLSZ 1302 MB, MCTLMAX 1300\.15 MB\)/), 'the diagnosis line of portunus');
    assert.match(lines[22], /^ why portunus: /, 'right above the status line');
    assert.ok(lines.every((l) => l.length <= 80));
    term.keys('w');
    lines = await term.until((l) => has(l, /^portunus \(VM, GID 1303673\)/), 'the w panel');
    assert.ok(has(lines, /^ {2}1\. at MCTLMAX {2}\(balloon-max\)/), lines.join('\n'));
    assert.ok(has(lines, /^ {5}Balloon at its maximum \(MCTLSZ 1302 MB, MCTLMAX 1300\.15 MB\): more is/));
    assert.ok(has(lines, /^ {5}Why: MCTLMAX is the most the balloon may take: 65% of the VM's memory by/));
    assert.ok(has(lines, /^-- more: Down\/PgDn, any other key returns --/), 'it scrolls at 80x24');
    await pageDownUntil(term, (l) => has(l, /^the host localhost\.home/), "the host's findings further down");
    term.keys('Escape');
    await term.until((l) => has(l, /^\s+GID NAME/) && has(l, /^ why portunus:/), 'back to the memory page');
    term.keys('f', 'r');
    await term.until((l) => has(l, /^\* R: +REASON/), 'R switched on in the f panel');
    term.keys('Enter');
    lines = await term.until((l) => has(l, /^\s+GID NAME .*REASON/), 'the REASON column');
    assert.match(lines.find((l) => l.startsWith(' 1303673 portunus')) ?? '', / at MCTLMAX$/);
    assert.match(lines.find((l) => l.startsWith(' 1302698 styx')) ?? '', / swapped$/);
    term.keys('q');
    lines = await term.until((l) => has(l, /^EXIT=/), 'the exit');
    assert.ok(lines.includes('EXIT=0'), lines.join('\n'));
  } finally {
    term.kill();
  }
});

test('tmux 80x24: guest --root DIR -d 2 shows the new balloon after the files change, and missing values with their reasons', async (t) => {
  if (!tmuxOrSkip(t)) return;
  const root = new FixtureRoot();
  const term = new Terminal();
  try {
    root.write('proc/sys/kernel/hostname', 'web01\n');
    root.write('sys/class/dmi/id/sys_vendor', 'VMware, Inc.\n');
    root.write('proc/meminfo', meminfo({ MemTotal: 8152340, MemFree: 1048576, MemAvailable: 2097152, SwapTotal: 2097148, SwapFree: 1048572 }));
    root.write('proc/modules', 'vmw_balloon 24576 0 - Live 0xffffffffc0a1b000\n');
    root.write('sys/kernel/debug/vmmemctl', modernVmmemctl({ targetPages: 786432, currentPages: 524288 }));
    term.start(balloontop('guest', '--root', root.dir, '-d', '2'), { width: 80, height: 24 });
    let lines = await term.until((l) => has(l, /^BALLOON {5}2,048 MB = 25\.7% of 7,961 MB; target 3,072 MB/), 'the guest page');
    assert.match(lines[0], /^ web01: the balloon seen from inside the guest/);
    assert.ok(has(lines, /^DRIVER {6}vmw_balloon active on VMware; balloon inflating$/));
    assert.ok(has(lines, /^HOST SET {4}limit -, reservation -, host swapped -, Tools balloon -$/), 'missing, not 0');
    assert.match(status(lines), /^ LIVE /);
    // The balloon reaches its target between two samples.
    root.write('sys/kernel/debug/vmmemctl', modernVmmemctl({ targetPages: 786432, currentPages: 786432 }));
    lines = await term.until((l) => has(l, /^BALLOON {5}3,072 MB = 38\.6% of 7,961 MB/), 'the new balloon size', 15_000);
    assert.ok(has(lines, /^DRIVER {6}vmw_balloon active on VMware; balloon steady$/));
    // What could not be read, with why and how to get it, further down the page.
    lines = await pageDownUntil(term, (l) => has(l, /^ {2}reservation: no saved output/), 'the reasons of the missing values');
    assert.ok(has(lines, /stat-memres\.txt \(save/) || has(lines, /^ {4}"vmware-toolbox-cmd stat memres 2>&1" there\)/), lines.join('\n'));
    assert.ok(has(lines, /^ {2}OOM kills in the log: no kernel log under /) || has(lines, /OOM kills since boot/), lines.join('\n'));
    term.keys('T');
    await term.until((l) => /PAUSED|LIVE \(paused\)/.test(status(l)) && /sample \d+ of/.test(status(l)), 'T browses back');
    term.keys('q');
    lines = await term.until((l) => has(l, /^EXIT=/), 'the exit');
    assert.ok(lines.includes('EXIT=0'), lines.join('\n'));
  } finally {
    term.kill();
    root.remove();
  }
});

test('tmux: reason-column = on in balloontop.conf shows REASON at start; W writes esxtop\'s 17 letters, which read back', async (t) => {
  if (!tmuxOrSkip(t)) return;
  const term = new Terminal();
  try {
    mkdirSync(join(term.config, 'balloontop'), { recursive: true });
    writeFileSync(join(term.config, 'balloontop', 'balloontop.conf'), '# the reason per row\nreason-column = on\n');
    term.start(balloontop('replay', capture('esxi65-ballooning-a.csv')), { width: 200, height: 50 });
    let lines = await term.until((l) => has(l, /^\s+GID NAME .* REASON/), 'REASON at start');
    assert.match(lines.find((l) => l.startsWith(' 1303673 portunus')) ?? '', / at MCTLMAX\s*$/);
    term.keys('W');
    await term.until((l) => has(l, /Save config file to \[/), 'the W prompt');
    term.keys('Enter');
    lines = await term.until((l) => has(l, /wrote .*esxtop60rc \(memory fields aBcDefgHijKLmnOpq, delay 5 s\); REASON is balloontop's own/), 'written');
    const rc = readFileSync(join(term.config, 'balloontop', 'esxtop60rc'), 'utf8').split('\n');
    assert.equal(rc[1], 'aBcDefgHijKLmnOpq', "esxtop's 17 letters, no R");
    const back = parseEsxtopRc(rc.join('\n'), 'esxtop60rc');
    assert.equal(formatFieldLine(back.fields), 'aBcDefgHijKLmnOpq');
    term.keys('q');
    lines = await term.until((l) => has(l, /^EXIT=/), 'the exit');
    assert.ok(lines.includes('EXIT=0'), lines.join('\n'));
  } finally {
    term.kill();
  }
});
