/**
 * The groups the table shows, in order: VMs only (`V`), sorted (the sort
 * column, missing values last, then GID), at most `#` of them. The frame, the
 * highlight and the keys all use this one list. REASON sorts by how telling
 * each group's main finding is (the diagnosis of the sample), not by its words.
 */
import type { Diagnosis } from '../src/diagnosis/finding';
import { columnValue } from '../src/fields/format';
import { getColumn, type Column } from '../src/fields/registry';
import type { Group, Sample } from '../src/sample/sample';
import { reasonRank } from './parts/findings';
import type { SortSpec, ViewState } from './view-state';

function compareBy(column: Column, descending: boolean, diagnosis: Diagnosis | null): (a: Group, b: Group) => number {
  const dir = descending ? -1 : 1;
  const value = column.source === 'diagnosis' ? (g: Group) => reasonRank(diagnosis, g.gid) : (g: Group) => columnValue(column, g);
  return (a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) {
      if (va === vb) return a.gid - b.gid;
      return va === null ? 1 : -1; // missing values last, whatever the direction
    }
    let c: number;
    if (typeof va === 'string' || typeof vb === 'string') c = String(va).localeCompare(String(vb));
    else c = va - vb;
    return c !== 0 ? c * dir : a.gid - b.gid;
  };
}

export function visibleRows(sample: Sample | null, view: Pick<ViewState, 'sort' | 'vmsOnly' | 'maxRows'>, diagnosis: Diagnosis | null = null): Group[] {
  if (!sample) return [];
  const rows = view.vmsOnly ? sample.groups.filter((g) => g.kind === 'vm') : [...sample.groups];
  rows.sort(compareBy(getColumn(view.sort.column), view.sort.descending, diagnosis));
  return view.maxRows === null ? rows : rows.slice(0, view.maxRows);
}

/** The highlighted row's index, kept inside the list. */
export function selectedIndex(view: Pick<ViewState, 'selected'>, rows: readonly Group[]): number {
  return Math.min(Math.max(0, view.selected), Math.max(0, rows.length - 1));
}

/**
 * `visibleRows` for one owner (the dashboard), computed again only when the
 * sample or the settings that decide the rows change (or the diagnosis, when
 * the rows are sorted by it): a frame and a key press on the same state share
 * one sort.
 */
export class RowCache {
  private last: { sample: Sample | null; sort: SortSpec; vmsOnly: boolean; maxRows: number | null; diagnosis: Diagnosis | null; rows: Group[] } | null = null;

  rows(sample: Sample | null, view: Pick<ViewState, 'sort' | 'vmsOnly' | 'maxRows'>, diagnosis: Diagnosis | null = null): Group[] {
    const l = this.last;
    const sortedByDiagnosis = getColumn(view.sort.column).source === 'diagnosis';
    if (l && l.sample === sample && l.sort === view.sort && l.vmsOnly === view.vmsOnly && l.maxRows === view.maxRows && (!sortedByDiagnosis || l.diagnosis === diagnosis)) return l.rows;
    const rows = visibleRows(sample, view, diagnosis);
    this.last = { sample, sort: view.sort, vmsOnly: view.vmsOnly, maxRows: view.maxRows, diagnosis, rows };
    return rows;
  }
}
