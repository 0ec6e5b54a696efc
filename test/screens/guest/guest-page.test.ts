/**
 * The guest page as pure frames at 80x24, 100x30 and 200x60, from samples of
 * the guest source on fixture roots: every figure with its unit, what the
 * numbers mean, the diagnosis, the OOM kills with the balloon then, and each
 * value that could not be read shown as `-` with its reason (never 0). The
 * page follows the sample; its keys.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnoser } from '../../../src/diagnosis/engine';
import type { Sample } from '../../../src/sample/sample';
import { scrollLength, tableRows } from '../../../screens/frame';
import { pageForSample } from '../../../screens/guest/guest-screen';
import { handleKey } from '../../../screens/keys/dispatch';
import type { KeyEnv, KeyResult } from '../../../screens/keys/binding';
import type { FrameInput } from '../../../screens/screen';
import { KEY_BINDINGS } from '../../../screens/screen-list';
import { initialView } from '../../../screens/view-state';
import { defaultFieldLayout } from '../../../src/config/field-layout';
import { FixtureRoot, guestSamples, vmwareGuestRoot } from '../../sources/guest/fixtures';
import { captureSamples } from '../samples';
import { frameInput, frameText } from '../frame-input';

const SIZES = [[80, 24], [100, 30], [200, 60]] as const;



function guestInput(s: Sample, diagnosis: ReturnType<Diagnoser['push']>, width: number, height: number, guestTop = 0): FrameInput {
  return frameInput(s, { diagnosis, width, height, view: { screen: 'guest', previous: 'guest', guestTop } });
}

function envOf(input: FrameInput): KeyEnv {
  return { rowCount: 0, pageRows: tableRows(input), defaultWritePath: '/tmp/rc', scrollLength: scrollLength(input), recording: false, defaultRecordPath: '/tmp/r.jsonl', selectedName: null, width: input.width, selectedIsVm: false, canAct: false, outlineLength: 0, outlineCurrent: -1 };
}

function press(input: FrameInput, key: { ch?: string; name?: string }): KeyResult {
  return handleKey(KEY_BINDINGS, input.view, { ...key, full: key.ch ?? key.name }, envOf(input));
}

/** The whole page at the input's width: a screen tall enough for all of it (the status line left out). */
function wholePage(input: FrameInput): string[] {
  const lines = frameText({ ...input, height: 500 });
  assert.ok(!lines.some((l) => /^-- (more|end)/.test(l)));
  return lines.slice(0, -1).filter((l) => l !== '');
}

/** Scrolled to its end with PgDn: the last line of the page is on screen above the marker. */
function scrolledToEnd(input: FrameInput): string[] {
  let view = input.view;
  for (let i = 0; i < 100; i++) {
    const next = press({ ...input, view }, { name: 'pagedown' }).view;
    if (next.guestTop === view.guestTop) break;
    view = next;
  }
  return frameText({ ...input, view });
}

test('the guest page of a VMware guest at 80x24, 100x30 and 200x60: figures, meaning, diagnosis, kills; every line fits', async () => {
  const root = vmwareGuestRoot();
  try {
    const [s] = await guestSamples(root, 1);
    const d = new Diagnoser().push(s);
    for (const [width, height] of SIZES) {
      const input = guestInput(s, d, width, height);
      const lines = frameText(input);
      assert.equal(lines.length, height);
      assert.ok(lines.every((l) => l.length <= width), `${width}x${height}`);
      assert.equal(lines[0], ' web01: the balloon seen from inside the guest, 03/01/2026 12:00:00 UTC');
      assert.equal(lines[1], 'DRIVER      vmw_balloon active on VMware; balloon inflating');
      assert.match(lines[2], /^BALLOON {5}2,048 MB = 25\.7% of 7,961 MB; target 3,072 MB \(38\.6%\); VMware's cap/);
      assert.match(lines[height - 1], /03\/01\/2026 12:00:00 UTC/, 'the status line');
      const page = wholePage(input).join('\n').replace(/\n {4,}/g, ' ');
      for (const part of [
        'MEMORY      MemTotal 7,961 MB, MemFree 1,024 MB, MemAvailable 2,048 MB',
        'SWAP        SwapTotal 2,048 MB, used 1,024 MB',
        'HOST SET    limit 4,096 MB, reservation -, host swapped 0 MB, Tools balloon 2,048 MB',
        'SINCE BOOT  balloon pages in 600,000, out 75,712, migrated 12 (4 KiB); OOM kills 1',
        '2,048 MB held by the balloon look used to free and top; they have been handed back to the host.',
        'limit: The host limits this VM to 4096 MB of the 7961.27 MB it sees',
        'OOM+balloon: OOM kill of java (pid 4242) at 08:00:00, before the data; the balloon held 2048 MB at the first sample',
        'reservation: ', 'OpenHandle failed: VMware Guest API is not enabled on the host',
        'OOM KILLS   1 in the kernel log, newest first',
        '03/01/2026 08:00:00 UTC pid 4242 java; balloon then: not in the data (before the first sample, 12:00:00)',
      ]) assert.ok(page.includes(part), `${width}x${height}: "${part}" in\n${page}`);
      assert.ok(!lines.some((l) => l.startsWith(' why ')), 'the page has its own diagnosis section');
      const whole = wholePage(input);
      if (whole.length > height - 1) {
        const end = scrolledToEnd(input);
        assert.equal(end[height - 2], '-- end: Up/PgUp --');
        assert.equal(end[height - 3], whole[whole.length - 1], `${width}x${height}: scrolled to the page's last line`);
      }
    }
  } finally {
    root.remove();
  }
});

test('what cannot be read is "-" with its reason and how to get it, never 0', async () => {
  const root = new FixtureRoot();
  try {
    root.write('proc/sys/kernel/hostname', 'db02\n');
    root.write('sys/class/dmi/id/sys_vendor', 'VMware, Inc.\n');
    root.write('proc/modules', 'vmw_balloon 24576 0 - Live 0xffffffffc0a1b000\n');
    root.mkdir('sys/kernel/debug/vmmemctl');
    const [s] = await guestSamples(root, 1);
    const d = new Diagnoser().push(s);
    const g = s.guest!;
    assert.equal(g.values.balloonMB, null);
    for (const [width, height] of SIZES) {
      const input = guestInput(s, d, width, height);
      const page = wholePage(input);
      const text = page.join('\n').replace(/\n {4,}/g, ' ');
      assert.match(text, /BALLOON {5}-; target -/);
      assert.match(text, /MEMORY {6}MemTotal -, MemFree -, MemAvailable -/);
      assert.match(text, /HOST SET {4}limit -, reservation -, host swapped -, Tools balloon -/);
      assert.doesNotMatch(text, /\b0 MB\b/, 'nothing missing reads as 0');
      assert.match(text, /MISSING \(shown as -, never as 0\): why, and how to get it/);
      // Every reason the source gave is on the page, with the values it explains.
      for (const reason of new Set(Object.values(g.missing))) assert.ok(text.includes(reason), `${width}x${height}: reason "${reason}"`);
      assert.match(text, /target, target %: \S*sys\/kernel\/debug\/vmmemctl: is a directory, not a file/);
      assert.match(text, /balloon, balloon %, balloon state: \S*vmmemctl: is a directory, not a file; no saved output/);
      assert.match(text, /OOM KILLS {3}- \(no kernel log read: see missing\)/);
      assert.ok(page.every((l) => l.length <= width));
    }
  } finally {
    root.remove();
  }
});

test('the page follows the sample: a guest sample shows the guest page, a host sample the memory page; panels go back to the right one', async () => {
  const root = vmwareGuestRoot();
  try {
    const [guest] = await guestSamples(root, 1);
    const [hostSample] = await captureSamples('esxi65-ballooning-a.csv');
    const start = initialView(defaultFieldLayout(), 5);
    assert.equal(pageForSample(start, null).screen, 'table', 'no sample yet: as it was');
    const onGuest = pageForSample(start, guest);
    assert.deepEqual([onGuest.screen, onGuest.previous], ['guest', 'guest']);
    assert.equal(pageForSample(onGuest, guest), onGuest, 'already there: the same view');
    const help = { ...onGuest, screen: 'help' as const, previous: 'guest' as const };
    assert.deepEqual([pageForSample(help, hostSample).screen, pageForSample(help, hostSample).previous], ['help', 'table']);
    assert.equal(pageForSample(onGuest, hostSample).screen, 'table');
  } finally {
    root.remove();
  }
});

test("guest page keys: scrolling, time, w for the guest's findings, and the host page's keys say they are for a host", async () => {
  const root = vmwareGuestRoot();
  try {
    const [s] = await guestSamples(root, 1);
    const d = new Diagnoser().push(s);
    const input = guestInput(s, d, 80, 24);
    assert.ok(envOf(input).scrollLength > 0, 'longer than 80x24');
    const down = press(input, { name: 'down' }).view;
    assert.equal(down.guestTop, 1);
    assert.equal(frameText({ ...input, view: down })[0], 'DRIVER      vmw_balloon active on VMware; balloon inflating');
    assert.deepEqual(press(input, { ch: 'T' }).effects, [{ kind: 'step', delta: -1 }]);
    assert.deepEqual(press(input, { ch: 'p' }).effects, [{ kind: 'pause' }]);
    assert.deepEqual(press(input, { ch: 'q' }).effects, [{ kind: 'quit' }]);
    for (const ch of ['f', 'M', 'g', 'W']) {
      const r = press(input, { ch });
      assert.equal(r.view.screen, 'guest', ch);
      assert.match(r.view.message?.text ?? '', new RegExp(`^'${ch}' works on a host's memory page; this is a guest's page`));
    }
    const why = press(input, { ch: 'w' }).view;
    assert.equal(why.screen, 'why');
    const panel = frameText({ ...input, view: why }).join('\n');
    assert.match(panel, /^the guest web01$/m);
    assert.match(panel, /1\. limit {2}\(guest-limit\)/);
    assert.equal(press({ ...input, view: why }, { name: 'escape' }).view.screen, 'guest');
  } finally {
    root.remove();
  }
});
