import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultFieldLayout, formatFieldLine } from '../../../src/config/field-layout';
import type { KeyEnv, KeyPress } from '../../../screens/keys/binding';
import { findBinding, handleKey } from '../../../screens/keys/dispatch';
import { KEY_BINDINGS, SCREENS } from '../../../screens/screen-list';
import type { ScreenId } from '../../../screens/view-state';
import { initialView, type ViewState } from '../../../screens/view-state';

const ctx: KeyEnv = { rowCount: 54, pageRows: 14, defaultWritePath: '/home/u/.config/balloontop/esxtop60rc', scrollLength: 0, recording: false, defaultRecordPath: 'balloontop-esx01-20261126-101500.jsonl.gz', selectedName: 'portunus', width: 200, selectedIsVm: true, canAct: false, outlineLength: 0, outlineCurrent: -1 };

/** Keys as blessed reports them: printable characters carry `ch`; Enter comes as `enter` then `return`. */
function keys(...names: string[]): KeyPress[] {
  return names.flatMap((k): KeyPress[] => {
    if (k === 'Enter') return [{ name: 'enter', full: 'enter' }, { name: 'return', full: 'return' }];
    if (['up', 'down', 'home', 'end', 'escape', 'backspace', 'pagedown', 'pageup'].includes(k)) return [{ name: k, full: k }];
    if (k === 'C-c') return [{ name: 'c', full: 'C-c', ch: '\x03' }];
    return [...k].map((ch) => ({ ch, name: /[a-z]/i.test(ch) ? ch.toLowerCase() : undefined, full: ch }));
  });
}

function press(view: ViewState, ...names: string[]) {
  const effects = [];
  for (const k of keys(...names)) {
    const r = handleKey(KEY_BINDINGS, view, k, ctx);
    view = r.view;
    effects.push(...r.effects);
  }
  return { view, effects };
}

const start = () => initialView(defaultFieldLayout(), 5);

test('m f j Enter: the esxtop flow shows the MCTL group and returns to the memory page', () => {
  const { view } = press(start(), 'm', 'f', 'j', 'Enter');
  assert.equal(view.screen, 'table');
  assert.equal(formatFieldLine(view.layout), 'aBcDefgHiJKLmnOpq');
  const again = press(view, 'f', 'J', 'x');
  assert.equal(formatFieldLine(again.view.layout), 'aBcDefgHijKLmnOpq', 'upper case toggles too; another key returns');
  assert.equal(again.view.screen, 'table');
});

test('o panel: upper case moves a group left, lower case right', () => {
  const { view } = press(start(), 'o', 'D', 'D', 'h', 'Enter');
  assert.equal(formatFieldLine(view.layout), 'aDBcefgiHjKLmnOpq', 'D twice left, H once right');
  assert.equal(view.screen, 'table');
});

test('sort keys M B N < > R, V, # and the highlight', () => {
  let { view } = press(start(), 'B');
  assert.deepEqual(view.sort, { column: 'MCTLSZ', descending: true });
  assert.match(view.message!.text, /MCTLSZ.*f j shows it/);
  view = press(view, 'N').view;
  assert.deepEqual(view.sort, { column: 'GID', descending: false });
  view = press(view, '>').view;
  assert.equal(view.sort.column, 'NAME');
  view = press(view, '<', '<').view;
  assert.equal(view.sort.column, 'OVHDMAX', 'wraps to the last shown column');
  view = press(view, 'R').view;
  assert.equal(view.sort.descending, false);
  view = press(view, 'M').view;
  assert.deepEqual(view.sort, { column: 'MEMSZ', descending: true });
  view = press(view, 'V').view;
  assert.equal(view.vmsOnly, true);
  view = press(view, '#', '1', '0', 'Enter').view;
  assert.equal(view.maxRows, 10);
  view = press(view, '#', 'Enter').view;
  assert.equal(view.maxRows, null);
  view = press(view, '#', 'x', 'Enter').view;
  assert.equal(view.message?.level, 'error');
  view = press(view, '2', '2', 'down', '8').view;
  assert.equal(view.selected, 2);
  view = press(view, 'up', 'up', 'up').view;
  assert.equal(view.selected, 0);
  view = press(view, 'pagedown', 'pagedown', 'pagedown', 'pagedown').view;
  assert.equal(view.selected, 53, 'clamped to the last row');
});

test('timeline keys become effects; J, s and W prompt first', () => {
  const kinds = (...k: string[]) => press(start(), ...k).effects;
  assert.deepEqual(kinds('p'), [{ kind: 'pause' }]);
  assert.deepEqual(kinds('t', 'T'), [{ kind: 'step', delta: 1 }, { kind: 'step', delta: -1 }]);
  assert.deepEqual(kinds('home', 'end'), [{ kind: 'first' }, { kind: 'last' }]);
  assert.deepEqual(kinds('+', '-'), [{ kind: 'faster' }, { kind: 'slower' }]);
  assert.deepEqual(kinds(' '), [{ kind: 'refresh' }]);
  assert.deepEqual(kinds('J', '+5m', 'Enter'), [{ kind: 'jump', text: '+5m' }]);
  assert.deepEqual(kinds('J', '10:49:17', 'escape'), [], 'Escape cancels');
  assert.deepEqual(kinds('s', 'backspace', '1', '0', 'Enter'), [{ kind: 'delay', seconds: 10 }]);
  const short = press(start(), 's', 'backspace', '1', 'Enter');
  assert.deepEqual(short.effects, [{ kind: 'delay', seconds: 2 }], 'esxtop minimum');
  assert.deepEqual(kinds('W', 'Enter'), [{ kind: 'write', path: ctx.defaultWritePath }]);
  assert.deepEqual(kinds('q'), [{ kind: 'quit' }]);
  assert.deepEqual(kinds('f', 'C-c'), [{ kind: 'quit' }], 'Ctrl-C quits from any panel');
  assert.deepEqual(kinds('J', 'C-c'), [{ kind: 'quit' }], 'and from a prompt');
});

test('esxtop keys that do not apply say so; unknown keys point to help', () => {
  for (const [k, re] of [['c', /CPU panel/], ['n', /network panel/], ['d', /disk adapter/], ['v', /disk VM/], ['u', /disk device/], ['i', /interrupt/], ['e', /expanding/], ['z', /press h for help/]] as const) {
    const { view } = press(start(), k);
    assert.match(view.message?.text ?? '', re, k);
  }
  const { view } = press(start(), 'c', 'escape');
  assert.equal(view.message, null, 'Escape clears the message');
});

test('help: h and ? open it, arrows scroll, any other key returns', () => {
  let { view } = press(start(), '?');
  assert.equal(view.screen, 'help');
  for (const k of keys('down', 'down', '2')) view = handleKey(KEY_BINDINGS, view, k, { ...ctx, scrollLength: 40 }).view;
  assert.equal(view.helpTop, 3);
  view = press(view, 'x').view;
  assert.equal(view.screen, 'table');
  assert.equal(press(start(), 'h').view.screen, 'help');
});

test('r asks where to record (Enter takes the proposed name); r while recording stops', () => {
  const asked = press(start(), 'r');
  assert.equal(asked.view.prompt?.kind, 'record');
  assert.match(asked.view.prompt?.label ?? '', /\[balloontop-esx01-20261126-101500\.jsonl\.gz\]/);
  const taken = press(asked.view, 'Enter');
  assert.deepEqual(taken.effects, [{ kind: 'record', path: 'balloontop-esx01-20261126-101500.jsonl.gz' }]);
  const stop = handleKey(KEY_BINDINGS, start(), { ch: 'r', name: 'r', full: 'r' }, { ...ctx, recording: true });
  assert.deepEqual(stop.effects, [{ kind: 'stopRecording' }]);
  assert.equal(stop.view.prompt, null);
});

test('the binding table: no key is bound twice in one place, so no binding is shadowed', () => {
  const seen = new Map<string, string>();
  for (const b of KEY_BINDINGS) {
    for (const place of b.on) {
      for (const k of b.keys) {
        if (k === 'ANY' || k === 'TEXT' || k === 'LETTER') continue;
        const id = `${place} ${k}`;
        assert.ok(!seen.has(id), `${id} is bound by "${seen.get(id)}" and again by "${b.help}"`);
        seen.set(id, b.help);
      }
    }
  }
});

test('the binding table: every screen can be left, and Ctrl-C quits from every screen and the prompt', () => {
  for (const id of Object.keys(SCREENS) as ScreenId[]) {
    const view = { ...start(), screen: id, previous: 'table' as ScreenId };
    assert.deepEqual(handleKey(KEY_BINDINGS, view, { name: 'c', full: 'C-c', ch: '\x03' }, ctx).effects, [{ kind: 'quit' }], id);
    // The memory page and the guest page are where the others go back to.
    if (id === 'table' || id === 'guest') continue;
    const back = handleKey(KEY_BINDINGS, view, { name: 'escape', full: 'escape' }, ctx).view;
    assert.equal(back.screen, 'table', `Esc leaves ${id}`);
  }
});

test('each binding is found for its own keys where it applies', () => {
  for (const b of KEY_BINDINGS) {
    for (const place of b.on) {
      for (const k of b.keys) {
        if (k === 'ANY' || k === 'TEXT' || k === 'LETTER') continue;
        const press = k.length === 1 ? { ch: k, full: k } : k === 'C-c' ? { full: 'C-c', ch: '\x03' } : { name: k, full: k };
        assert.equal(findBinding(KEY_BINDINGS, place, press), b, `${place} ${k}`);
      }
    }
  }
});
