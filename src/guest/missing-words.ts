/**
 * What a guest sample could not read, for the guest page and the report:
 * the missing values grouped by their reason (the four /proc/vmstat figures
 * share one), each reason with the labels of the values it explains.
 */
import { GUEST_FIELDS, GUEST_TEXT_FIELDS } from '../fields/guest-fields';
import type { GuestSection } from '../sample/guest';

const LABEL: Readonly<Record<string, string>> = {
  ...Object.fromEntries(GUEST_FIELDS.map((f) => [f.id, f.id === 'oomKillsSinceBoot' ? 'OOM kills since boot' : f.label])),
  ...Object.fromEntries(GUEST_TEXT_FIELDS.map((f) => [f.id, f.id === 'balloonState' ? 'balloon state' : f.label])),
  oomKills: 'OOM kills in the log',
};

export function missingByReason(g: GuestSection): { labels: string[]; reason: string }[] {
  const byReason = new Map<string, string[]>();
  for (const [id, reason] of Object.entries(g.missing)) {
    if (reason === undefined) continue;
    const labels = byReason.get(reason) ?? [];
    labels.push(LABEL[id] ?? id);
    byReason.set(reason, labels);
  }
  return [...byReason].map(([reason, labels]) => ({ labels, reason }));
}
