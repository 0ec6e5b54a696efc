/** What the user chose on screen (fields, sort, filter, panel): plain data, changed only by the key map. */
import type { FieldLayout } from '../src/config/field-layout';

export type Mode = 'main' | 'fields' | 'order' | 'help';
/** `g`: the host graph; `G`/Enter: the highlighted group's graph; 'off': the table. */
export type GraphMode = 'off' | 'host' | 'group';
export type PromptKind = 'rows' | 'delay' | 'jump' | 'write' | 'record';

export interface Prompt {
  kind: PromptKind;
  label: string;
  text: string;
  /** What Enter on an empty prompt means (shown in brackets), or '' for nothing. */
  fallback: string;
}

export interface Message {
  text: string;
  level: 'info' | 'error';
}

export interface SortSpec {
  /** A registry column id. */
  column: string;
  descending: boolean;
}

export interface ViewState {
  layout: FieldLayout;
  sort: SortSpec;
  /** `V`: only virtual machines. */
  vmsOnly: boolean;
  /** `#`: at most this many rows, or all. */
  maxRows: number | null;
  /** The highlighted row (`2`/`8`, arrows), 0-based in the sorted list. */
  selected: number;
  mode: Mode;
  /** First line of the help screen shown. */
  helpTop: number;
  prompt: Prompt | null;
  message: Message | null;
  /** The graph view in place of the table (the header and status lines stay). */
  graph: GraphMode;
  /** `z` in the host graph: the free-memory chart's scale ends just above the high boundary (400% of minFree). */
  graphZoom: boolean;
  /** `s`: seconds between samples of a realtime source (written by `W`). */
  delaySeconds: number;
}

/** esxtop sorts its memory page by MEMSZ, largest first. */
export const DEFAULT_SORT: SortSpec = { column: 'MEMSZ', descending: true };

export function initialView(layout: FieldLayout, delaySeconds: number): ViewState {
  return { layout, sort: DEFAULT_SORT, vmsOnly: false, maxRows: null, selected: 0, mode: 'main', helpTop: 0, prompt: null, message: null, delaySeconds, graph: 'off', graphZoom: false };
}
