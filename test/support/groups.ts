/** Building groups in tests: every registry counter present, the ones given set. */
import type { CounterId } from '../../src/fields/group-fields';
import { emptyGroupValues } from '../../src/fields/registry';
import type { Group, GroupValues, Value } from '../../src/sample/sample';

export function groupValues(given: Partial<Record<CounterId, Value>> = {}): GroupValues {
  return { ...emptyGroupValues(), ...given };
}

export function makeGroup(gid: number, name: string, kind: Group['kind'], given: Partial<Record<CounterId, Value>> = {}, extra: Record<string, Value> = {}): Group {
  return { gid, name, kind, values: groupValues(given), extra };
}
