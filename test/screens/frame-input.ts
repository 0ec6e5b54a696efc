/** Builds frame inputs for pure frame tests. */
import { defaultFieldLayout } from '../../src/config/field-layout';
import { Diagnoser } from '../../src/diagnosis/engine';
import type { Diagnosis } from '../../src/diagnosis/finding';
import type { Sample } from '../../src/sample/sample';
import { pageRows, renderFrame, scrollLength } from '../../screens/frame';
import type { KeyEnv } from '../../screens/keys/binding';
import { lineText, type Line } from '../../screens/parts/line';
import { visibleRows } from '../../screens/rows';
import type { FrameInput } from '../../screens/screen';
import { initialView, type ViewState } from '../../screens/view-state';

/**
 * A frame input for `sample`, without a diagnosis (no diagnosis line) unless
 * one is given, or `diagnose` asks for the sample's own (a diagnosis of it alone).
 */
export function frameInput(sample: Sample | null, opts: { view?: Partial<ViewState>; width?: number; height?: number; index?: number; total?: number; diagnosis?: Diagnosis | null; diagnose?: boolean } = {}): FrameInput {
  const view = { ...initialView(defaultFieldLayout(), 5), ...opts.view };
  const diagnosis = opts.diagnosis ?? (opts.diagnose && sample ? new Diagnoser().push(sample) : null);
  return {
    view,
    sample,
    rows: visibleRows(sample, view, diagnosis),
    diagnosis,
    notes: sample?.notes ?? [],
    width: opts.width ?? 200,
    height: opts.height ?? 60,
    status: {
      info: { kind: 'capture', label: 'esxi65-ballooning-a.csv', realtime: false },
      time: sample?.time ?? null,
      position: { index: opts.index ?? 1, total: opts.total ?? 3, dropped: 0, complete: true },
      paused: false,
      atLast: false,
      speed: 1,
      delaySeconds: 5,
      status: null,
      warnings: 0,
      recording: null,
      now: 0,
    },
  };
}

/** The frame's lines (styled segments). */
export function frameLines(input: FrameInput): Line[] {
  return renderFrame(input).lines;
}

export function frameText(input: FrameInput): string[] {
  return frameLines(input).map(lineText);
}

/** The key environment the app gives a key pressed on this frame (rows, page and scroll lengths as the frame has them). */
export function keyEnv(input: FrameInput): KeyEnv {
  return { rowCount: input.rows.length, pageRows: pageRows(input), defaultWritePath: '/tmp/rc', scrollLength: scrollLength(input), recording: false, defaultRecordPath: '/tmp/r.jsonl', selectedName: null, width: input.width, selectedIsVm: false, canAct: false, outlineLength: 0, outlineCurrent: -1 };
}

/** Splits a table row into its cells by the title line's column positions. */
export function cellOf(lines: string[], rowName: string, column: string): string {
  const title = lines.find((l) => /\bGID\b/.test(l) && /\bNAME\b/.test(l));
  if (!title) throw new Error('no title line');
  const row = lines.find((l) => l.split(/\s+/).includes(rowName));
  if (!row) throw new Error(`no row ${rowName}`);
  const end = title.indexOf(` ${column}`) + column.length + 1;
  if (end <= column.length) throw new Error(`no column ${column} in ${title}`);
  let start = end;
  while (start > 0 && title[start - 1] !== ' ') start--;
  // A right-aligned cell ends where its title ends; take everything back to the previous gap.
  let s = end - 1;
  while (s >= 0 && row[s] !== ' ') s--;
  return row.slice(s + 1, end).trim();
}
