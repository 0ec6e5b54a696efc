/** What the user chose on screen (the screen shown, fields, sort, filter): plain data, changed only by key bindings. */
import type { FieldLayout } from '../src/config/field-layout';
import type { ColumnId, GroupLetter } from '../src/fields/group-fields';

/** Every screen of the dashboard (each is registered in `screen-list.ts`). */
export type ScreenId = 'table' | 'hostGraph' | 'groupGraph' | 'fields' | 'order' | 'help' | 'outline' | 'act';

export type PromptKind = 'rows' | 'delay' | 'jump' | 'write' | 'record' | 'limit' | 'maxmemctl' | 'reservation' | 'hostMemory';

export interface Prompt {
  kind: PromptKind;
  label: string;
  text: string;
  /** What Enter on an empty prompt means (shown in brackets), or '' for nothing. */
  fallback: string;
  /** The VM an instructor's action is for. */
  target?: string;
}

export interface Message {
  text: string;
  level: 'info' | 'error';
  /** A message about pausing or resuming: shown only while the replay is still in that state (a caption's pause, the end, change it). */
  playState?: 'paused' | 'playing';
}

export interface SortSpec {
  column: ColumnId;
  descending: boolean;
}

export interface ViewState {
  /** The screen shown: the memory page's table, a graph, or a panel over the page. */
  screen: ScreenId;
  /** The screen a panel (f, o, h) goes back to: the one it was opened over. */
  previous: ScreenId;
  layout: FieldLayout;
  sort: SortSpec;
  /** `V`: only virtual machines. */
  vmsOnly: boolean;
  /** `#`: at most this many rows, or all. */
  maxRows: number | null;
  /**
   * Left/Right: the first scrolling column shown when the columns are wider
   * than the terminal (an index into the columns after GID and NAME; the
   * frame keeps it in range, `column-window.ts`).
   */
  columnOffset: number;
  /** The field group switched on last in the `f` panel: leaving the panel scrolls it into view. */
  revealGroup: GroupLetter | null;
  /** The highlighted row (`2`/`8`, arrows), 0-based in the visible rows. */
  selected: number;
  /** First line of the help screen shown. */
  helpTop: number;
  prompt: Prompt | null;
  message: Message | null;
  /** `z` in the host graph: the free-memory chart's scale ends just above the high boundary (400% of minFree). */
  graphZoom: boolean;
  /** `Tab` in a graph: which chart the last place shows when not every chart fits. */
  graphChart: number;
  /** `s`: seconds between samples of a realtime source (written by `W`). */
  delaySeconds: number;
  /** The lesson outline's highlighted caption (`C`); null: the caption in force. */
  outlineRow: number | null;
}

/** esxtop sorts its memory page by MEMSZ, largest first. */
const DEFAULT_SORT: SortSpec = { column: 'MEMSZ', descending: true };

export function initialView(layout: FieldLayout, delaySeconds: number): ViewState {
  return { screen: 'table', previous: 'table', layout, sort: DEFAULT_SORT, vmsOnly: false, maxRows: null, columnOffset: 0, revealGroup: null, selected: 0, helpTop: 0, prompt: null, message: null, delaySeconds, graphZoom: false, graphChart: 0, outlineRow: null };
}
