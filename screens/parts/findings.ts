/**
 * The diagnosis of the current sample as the screens read it: a group's
 * findings by GID (looked up once per diagnosis, not per frame), the REASON
 * cell of a row and the rank it sorts by.
 */
import type { Diagnosis, Finding } from '../../src/diagnosis/finding';
import { priority } from '../../src/diagnosis/priority';
import { shortReason } from '../../src/diagnosis/summary';

const byGid = new WeakMap<Diagnosis, Map<number, Finding[]>>();

/** A group's findings, most telling first; none when it has none or there is no diagnosis. */
export function groupFindings(diagnosis: Diagnosis | null, gid: number): readonly Finding[] {
  if (!diagnosis) return [];
  let index = byGid.get(diagnosis);
  if (!index) {
    index = new Map(diagnosis.groups.map((g) => [g.gid, g.findings]));
    byGid.set(diagnosis, index);
  }
  return index.get(gid) ?? [];
}

/** The REASON cell: the most telling finding in a few words, '' when the group has none, null without a diagnosis. */
export function reasonText(diagnosis: Diagnosis | null, gid: number): string | null {
  return diagnosis ? shortReason(groupFindings(diagnosis, gid)) : null;
}

/**
 * What REASON sorts by: how telling the group's main finding is
 * (`priority.ts`), then how much it weighs (MB reclaimed...) as a fraction
 * below the next priority; null when the group has none.
 */
export function reasonRank(diagnosis: Diagnosis | null, gid: number): number | null {
  const first = groupFindings(diagnosis, gid)[0];
  if (!first) return null;
  const w = Math.max(0, first.weight);
  return priority(first) + w / (w + 1);
}
