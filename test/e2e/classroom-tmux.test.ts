/**
 * The classroom in real terminals (tmux, 80x24): a lesson opens with the
 * columns its captions name, } walks the captions to the end of the lesson,
 * and an instructor's action on the highlighted VM changes it, shows as a
 * caption and reaches a student's `connect` dashboard.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireTool } from '../support/tools';
import { balloontop, Terminal } from '../support/tmux';
import { resolveScenario } from '../../src/sources/simulation/scenario/catalog';

const text = (l: string[]) => l.join('\n');
/** The caption lines at the bottom of the pane, joined (they wrap at 78 columns). */
const flat = (l: string[]) => l.map((x) => x.trim()).join(' ');

test('80x24: a lesson opens with the MCTL columns it narrates; } goes from caption to caption up to the end of the lesson', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const term = new Terminal();
  t.after(() => term.kill());
  term.start(balloontop('sim', '--scenario', 'no-tools'), { width: 80, height: 24 });
  const first = resolveScenario('no-tools').timeline.find((e) => e.action === 'narrate')!;
  let lines = await term.until((l) => flat(l).includes(first.action === 'narrate' ? first.text : '') || text(l).includes('EXIT='), 'the first caption, whole');
  const title = lines.find((l) => l.startsWith('NAME'));
  assert.ok(title, text(lines));
  for (const col of ['MCTL?', 'MCTLSZ', 'MCTLTGT', 'MCTLMAX', 'SWCUR']) assert.ok(title.includes(col), `${col} on screen at 80 columns:\n${text(lines)}`);
  assert.ok(lines.some((l) => /^legacy01 +N +0\.00 +0\.00 +0\.00/.test(l)), text(lines));
  assert.match(lines[23], /PAUSED/, 'the first caption pauses');
  term.keys('}');
  lines = await term.until((l) => flat(l).includes('The load rises in every VM'), 'the next caption');
  assert.match(lines[23], /09:00:30/);
  for (let i = 0; i < 12 && !flat(term.pane()).includes('End of the lesson'); i++) {
    const before = term.pane()[23];
    term.keys('}');
    await term.until((l) => l[23] !== before || flat(l).includes('End of the lesson'), 'another caption');
  }
  lines = await term.until((l) => flat(l).includes('End of the lesson (14:00). The simulated host runs on.'), 'the end of the lesson');
  assert.match(lines[23], /09:14:00/);
  term.keys('}');
  lines = await term.until((l) => /no later caption: the lesson has ended/.test(text(l)), 'nothing after the end');
  term.keys('q');
  await term.until((l) => text(l).includes('EXIT=0'), 'quit');
});

test('80x24: an instructor action on the highlighted VM changes it, shows as a caption, and reaches a connected student', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const teacher = new Terminal();
  const student = new Terminal();
  t.after(() => {
    student.kill();
    teacher.kill();
  });
  teacher.start(balloontop('sim', '--scenario', 'no-tools', '--serve', '127.0.0.1:0'), { width: 80, height: 24 });
  let lines = await teacher.until((l) => /serving the class on ws:\/\/127\.0\.0\.1:\d+\//.test(text(l)) || text(l).includes('EXIT='), 'the feed address');
  const url = /ws:\/\/127\.0\.0\.1:\d+\//.exec(text(lines))![0];
  student.start(balloontop('connect', url), { width: 80, height: 24 });
  lines = await student.until((l) => /^legacy01/m.test(text(l)) && /student/.test(text(teacher.pane())), 'the student sees the lesson, the teacher sees the student');
  assert.ok(lines.find((l) => l.startsWith('NAME'))?.includes('MCTLMAX'), 'the lesson view reaches the student too');
  // The teacher highlights web01 (app01, legacy01, web01 by name) and stops its VMware Tools.
  teacher.keys('Down', 'a');
  lines = await teacher.until((l) => text(l).includes('On web01'), 'the actions on web01');
  teacher.keys('t');
  lines = await teacher.until((l) => /VMware Tools stopped in web01: no balloon driver \(MCTL\? N\) \(t shows it\)/.test(text(l)), 'the action taken');
  teacher.keys('t');
  lines = await teacher.until((l) => /^web01 +N +0\.00 +0\.00/m.test(text(l)) && flat(l).includes('VMware Tools stopped in web01'), 'web01 without its balloon driver, and the caption');
  lines = await student.until((l) => /^web01 +N +0\.00 +0\.00/m.test(text(l)) && flat(l).includes('VMware Tools stopped in web01: no balloon driver (MCTL? N)'), 'the student gets it');
  // The student goes back on their own; End follows the teacher again.
  student.keys('Home');
  lines = await student.until((l) => /(LIVE \(paused\)|PAUSED).*09:00:00/.test(l[23]), 'the student at the start');
  student.keys('End');
  await student.until((l) => /^ LIVE {2}01\/12\/2026 09:00:05/.test(l[23]), 'LIVE again');
  student.keys('q');
  teacher.keys('q');
  await teacher.until((l) => text(l).includes('EXIT=0'), 'the teacher quits');
});
