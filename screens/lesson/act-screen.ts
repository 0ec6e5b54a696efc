/**
 * The instructor's actions on the simulated host (`a`): on the highlighted VM
 * (a limit, the balloon driver, sched.mem.maxmemctl, a reservation) or on
 * the host (its memory-hungry VM, its memory). Each is applied from the next
 * sample and shows there as a caption, so recordings and students connected
 * with `connect` get it too.
 */
import { columnValue, formatValue } from '../../src/fields/format';
import { getColumn } from '../../src/fields/registry';
import type { Group } from '../../src/sample/sample';
import { error, result, type KeyBinding, type KeyEnv } from '../keys/binding';
import { PAGE } from '../keys/page-keys';
import { openPrompt } from '../keys/prompt-keys';
import { LineBuilder, textLine, type Line } from '../parts/line';
import { safeText } from '../../src/text/safe-text';
import { selectedIndex } from '../rows';
import type { FrameInput, Screen } from '../screen';
import type { PromptKind, ViewState } from '../view-state';

const S = 'lessons and the classroom' as const;

function shown(g: Group, id: Parameters<typeof getColumn>[0]): string {
  const col = getColumn(id);
  return formatValue(col, columnValue(col, g)).trim();
}

function choice(width: number, key: string, what: string): Line {
  return new LineBuilder(width).add(`   ${key.padEnd(3)}`, 'key').add(what).build();
}

function body(input: FrameInput): Line[] {
  const { width, rows, view, sample } = input;
  const g = rows.length > 0 ? rows[selectedIndex(view, rows)] : undefined;
  const lines: Line[] = [
    textLine(' Instructor actions                                                   Esc: back', width, 'title'),
    textLine(' Each applies from the next sample, as a caption students and recordings get.', width, 'dim'),
    [],
  ];
  if (g && g.kind === 'vm') {
    lines.push(textLine(` On ${safeText(g.name)} (Up/Down: another VM)`, width, 'title'));
    lines.push(textLine(`   MEMSZ ${shown(g, 'MEMSZ')}  AMAX ${shown(g, 'AMAX')}  AMIN ${shown(g, 'AMIN')}  MCTL? ${shown(g, 'MCTL?')}  MCTLMAX ${shown(g, 'MCTLMAX')}`, width, 'dim'));
    lines.push(choice(width, 'l', 'set a memory limit (MB)'), choice(width, 'u', 'remove the limit'));
    lines.push(choice(width, 't', 'stop VMware Tools: no balloon driver'), choice(width, 'T', 'start VMware Tools again'));
    lines.push(choice(width, 'x', 'set sched.mem.maxmemctl (MB; Enter alone: back to the default, 65%)'), choice(width, 'r', 'set a reservation (MB; 0: none)'));
  } else lines.push(textLine(' Highlight a VM (Up/Down) to act on it.', width, 'dim'));
  lines.push([]);
  const hungry = input.lesson?.hungryVm ?? null;
  const machine = sample?.host.values.machine ?? null;
  lines.push(textLine(` On the host${machine !== null ? ` (${machine} MB)` : ''}:`, width, 'title'));
  if (hungry) {
    const on = sample?.groups.some((x) => x.kind === 'vm' && x.name === hungry) ?? false;
    lines.push(choice(width, on ? 'P' : 'p', on ? `power off ${safeText(hungry)}, the memory-hungry VM` : `power on ${safeText(hungry)}, a memory-hungry VM`));
  }
  lines.push(choice(width, 'm', "change the host's memory (MB)"));
  return lines;
}

/** The highlighted VM's name, or an error on the message line. */
function vmOf(env: KeyEnv): string | null {
  return env.selectedIsVm ? env.selectedName : null;
}

const back = (v: ViewState): ViewState => ({ ...v, screen: v.previous });

function ask(kind: PromptKind, needsVm: boolean): KeyBinding['run'] {
  return (v, e) => {
    const vm = vmOf(e);
    if (needsVm && vm === null) return result(error(v, 'highlight a VM first (Up/Down)'));
    return result(openPrompt(back(v), kind, '', needsVm ? (vm ?? undefined) : undefined));
  };
}

function onVm(make: (vm: string) => Parameters<typeof result>[1]): KeyBinding['run'] {
  return (v, e) => {
    const vm = vmOf(e);
    return vm === null ? result(error(v, 'highlight a VM first (Up/Down)')) : result(back(v), make(vm));
  };
}

function moveSelection(view: ViewState, d: number, env: KeyEnv): ViewState {
  const max = Math.max(0, env.rowCount - 1);
  return { ...view, selected: Math.min(max, Math.max(0, Math.min(view.selected, max) + d)) };
}

const keys: readonly KeyBinding[] = [
  {
    keys: ['a'], on: PAGE, section: S, help: "instructor actions on the simulated host: a limit, the balloon driver, sched.mem.maxmemctl or a reservation on the highlighted VM; a memory-hungry VM or the host's memory",
    run: (v, e) => (e.canAct ? result({ ...v, screen: 'act', previous: v.screen }) : result(error(v, 'actions need the simulated host (balloontop sim); this source shows what happened, it cannot be changed'))),
  },
  { keys: ['l'], on: ['act'], section: S, help: 'set a memory limit on the highlighted VM (asks for MB)', run: ask('limit', true) },
  { keys: ['u'], on: ['act'], section: S, help: "remove the highlighted VM's limit", run: onVm((vm) => ({ kind: 'act', action: { kind: 'removeLimit', vm } })) },
  { keys: ['t'], on: ['act'], section: S, help: 'stop VMware Tools in the highlighted VM (its balloon driver goes, MCTL? N)', run: onVm((vm) => ({ kind: 'act', action: { kind: 'stopTools', vm } })) },
  { keys: ['T'], on: ['act'], section: S, help: 'start VMware Tools in the highlighted VM again', run: onVm((vm) => ({ kind: 'act', action: { kind: 'startTools', vm } })) },
  { keys: ['x'], on: ['act'], section: S, help: 'set sched.mem.maxmemctl on the highlighted VM (asks for MB; Enter alone: the default)', run: ask('maxmemctl', true) },
  { keys: ['r'], on: ['act'], section: S, help: 'set a reservation on the highlighted VM (asks for MB)', run: ask('reservation', true) },
  { keys: ['p', 'P'], on: ['act'], section: S, help: 'power on / off the memory-hungry VM', run: (v, _e, k) => result(back(v), { kind: 'act', action: { kind: 'powerHungryVm', on: k.ch === 'p' } }) },
  { keys: ['m'], on: ['act'], section: S, help: "change the host's memory (asks for MB)", run: ask('hostMemory', false) },
  { keys: ['down', '2'], on: ['act'], section: S, help: 'instructor actions: highlight the next VM', run: (v, e) => result(moveSelection(v, 1, e)) },
  { keys: ['up', '8'], on: ['act'], section: S, help: 'instructor actions: highlight the previous VM', run: (v, e) => result(moveSelection(v, -1, e)) },
  { keys: ['ANY'], on: ['act'], section: S, help: 'instructor actions: back to the memory page', run: (v) => result(back(v)) },
];

export const actScreen: Screen = {
  id: 'act',
  body: (input, room) => ({ lines: body(input).slice(0, room) }),
  keys,
};
