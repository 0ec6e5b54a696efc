/**
 * A lesson's view (from a caption's note) applied to the dashboard's view:
 * the field groups and their order, VMs only, the sort and the highlighted
 * VM. What the note leaves out stays as the user has it; the user may change
 * anything after.
 */
import { parseFieldLine } from '../../src/config/field-layout';
import { findColumn } from '../../src/fields/registry';
import type { NoteView, Sample } from '../../src/sample/sample';
import { visibleRows } from '../rows';
import type { ViewState } from '../view-state';

export function applyNoteView(view: ViewState, nv: NoteView, sample: Sample | null): ViewState {
  const v: ViewState = { ...view };
  if (nv.fields !== undefined) {
    const layout = parseFieldLine(nv.fields);
    if (!('problem' in layout)) {
      // The lesson's columns from the left edge, as it was written for.
      v.layout = layout;
      v.columnOffset = 0;
      v.revealGroup = null;
    }
  }
  if (nv.vmsOnly !== undefined) v.vmsOnly = nv.vmsOnly;
  const col = nv.sort === undefined ? undefined : findColumn(nv.sort);
  if (col) v.sort = { column: col.id, descending: col.format !== 'text' && col.source !== 'gid' };
  if (nv.select !== undefined) {
    const i = visibleRows(sample, v).findIndex((g) => g.kind === 'vm' && g.name === nv.select);
    if (i >= 0) v.selected = i;
  }
  return v;
}

/** What the lesson set, in words, for the message line. */
export function describeNoteView(nv: NoteView): string {
  const parts: string[] = [];
  if (nv.fields !== undefined) parts.push(nv.fields);
  if (nv.vmsOnly !== undefined) parts.push(nv.vmsOnly ? 'VMs only' : 'all groups');
  if (nv.sort !== undefined) parts.push(`by ${nv.sort}`);
  if (nv.select !== undefined) parts.push(nv.select);
  return `lesson view: ${parts.join(', ')} (f, o, V, sort keys change it)`;
}
