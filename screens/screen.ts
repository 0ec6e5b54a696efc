/**
 * What every screen of the dashboard is: a pure function from the state to
 * the lines between the top of the terminal and the bottom lines (caption,
 * message, status), which `frame.ts` adds. Graph screens also name the charts
 * the blessed layer draws into the rows they leave blank.
 *
 * A new screen is one file exporting a `Screen` (and the key bindings that
 * open it and that work on it), plus one line in `screen-list.ts`.
 */
import type { ThemeName } from '../src/config/settings';
import type { Diagnosis } from '../src/diagnosis/finding';
import type { Group, Sample, SampleNote } from '../src/sample/sample';
import type { GraphLayout } from './graph/graph-layout';
import type { OutlineEntry } from './lesson/outline';
import type { KeyBinding } from './keys/binding';
import type { Line } from './parts/line';
import type { StatusInput } from './parts/status-line';
import type { ScreenId, ViewState } from './view-state';

/** What the lesson screens need besides the sample. */
export interface LessonInput {
  /** The lesson outline (computed for the outline screen only; empty elsewhere). */
  outline: readonly OutlineEntry[];
  /** Time of the caption that ended the lesson, when the current sample is at or after it. */
  endedAt: number | null;
  /** The source can be acted on (the simulated host), and its memory-hungry VM. */
  canAct: boolean;
  hungryVm: string | null;
}

export interface FrameInput {
  view: ViewState;
  sample: Sample | null;
  /** The groups the table shows, in order (`visibleRows`). */
  rows: readonly Group[];
  /** The diagnosis of `sample` (the diagnosis line, the `w` panel, REASON), or null when there is none yet. */
  diagnosis: Diagnosis | null;
  notes: readonly SampleNote[];
  status: StatusInput;
  width: number;
  height: number;
  lesson?: LessonInput;
  /** The colours the frame is painted in (the help describes them); dark when not given. */
  theme?: ThemeName;
  /** How many colours the terminal has: below 256 the theme's basic colours are drawn (and described); 256 when not given. */
  colours?: number;
}

export interface ScreenBody {
  lines: Line[];
  /** Charts to draw over blank rows of `lines` (graph screens), or a reason they do not fit. */
  charts?: GraphLayout;
}

export interface Screen {
  id: ScreenId;
  /** At most `room` lines. */
  body(input: FrameInput, room: number): ScreenBody;
  /** A screen that scrolls: how many lines it has in all (the scrolling keys stop at its end). */
  lineCount?(input: FrameInput): number;
  /** Bindings this screen brings: its own keys, and the keys that open it. */
  keys: readonly KeyBinding[];
}
