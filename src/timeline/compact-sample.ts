/**
 * Samples in history, packed: one Float64Array per sample holding every
 * group's registry counters (NaN = missing), names interned, so that a
 * 1,000-sample history of a real host costs a few MB instead of one object per
 * counter. `expand` gives back an ordinary `Sample`.
 */
import type { CounterId } from '../fields/group-fields';
import { COUNTER_IDS, emptyGroupValues } from '../fields/registry';
import type { Group, GroupKind, GroupValues, Sample, Value } from '../sample/sample';

const IDS = COUNTER_IDS;
const N = IDS.length;
const ID_INDEX = new Map<string, number>(IDS.map((id, i) => [id, i]));

export interface CompactSample {
  time: number;
  host: Sample['host'];
  notes: Sample['notes'];
  guest: Sample['guest'];
  gids: Int32Array | Float64Array;
  names: string[];
  kinds: GroupKind[];
  /** `groups x N` values, NaN where missing. */
  values: Float64Array;
  /** Per-group counters the registry does not know (by batch name); null when no group has any. */
  extras: (Record<string, Value> | null)[] | null;
}

const names = new Map<string, string>();

/** One copy of each name string (and never a slice that keeps a whole CSV row alive). */
function intern(name: string): string {
  let n = names.get(name);
  if (n === undefined) {
    n = (' ' + name).slice(1);
    if (names.size > 100_000) names.clear();
    names.set(n, n);
  }
  return n;
}

export function compact(sample: Sample): CompactSample {
  const count = sample.groups.length;
  const values = new Float64Array(count * N).fill(NaN);
  const allInt = sample.groups.every((g) => Number.isInteger(g.gid) && g.gid >= -2147483648 && g.gid <= 2147483647);
  const gids = allInt ? new Int32Array(count) : new Float64Array(count);
  const nameList = new Array<string>(count);
  const kinds = new Array<GroupKind>(count);
  let extras: (Record<string, Value> | null)[] | null = null;
  for (let g = 0; g < count; g++) {
    const group = sample.groups[g];
    gids[g] = group.gid;
    nameList[g] = intern(group.name);
    kinds[g] = group.kind;
    const gv = group.values;
    for (let i = 0; i < N; i++) {
      const v = gv[IDS[i]];
      if (v !== null && v !== undefined) values[g * N + i] = v;
    }
    for (const _ in group.extra) {
      (extras ??= new Array(count).fill(null))[g] = group.extra;
      break;
    }
  }
  return { time: sample.time, host: sample.host, notes: sample.notes, guest: sample.guest, gids, names: nameList, kinds, values, extras };
}

export function expand(c: CompactSample): Sample {
  const groups = new Array<Group>(c.names.length);
  for (let g = 0; g < groups.length; g++) {
    const values: GroupValues = emptyGroupValues();
    const base = g * N;
    for (let i = 0; i < N; i++) {
      const v = c.values[base + i];
      if (!Number.isNaN(v)) values[IDS[i]] = v;
    }
    groups[g] = { gid: c.gids[g], name: c.names[g], kind: c.kinds[g], values, extra: { ...c.extras?.[g] } };
  }
  const s: Sample = { time: c.time, host: c.host, groups };
  if (c.notes) s.notes = c.notes;
  if (c.guest) s.guest = c.guest;
  return s;
}

/** One registry counter of one group in a packed sample (null when missing, or the group or column is unknown). */
export function compactGroupValue(c: CompactSample, gid: number, column: CounterId): Value {
  const i = ID_INDEX.get(column);
  if (i === undefined) return null;
  const gids = c.gids;
  for (let g = 0; g < gids.length; g++) {
    if (gids[g] === gid) {
      const v = c.values[g * N + i];
      return Number.isNaN(v) ? null : v;
    }
  }
  return null;
}
