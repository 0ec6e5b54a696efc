/**
 * A guest sample (`balloontop guest --json`) as one flat JSON object:
 * `time`, `hostname`, the texts (`driver`, `driverStatus`, `balloonState`,
 * `hypervisor`), every guest field of the registry in its order (null when
 * missing), `oomKills` as a list of `{time, pid, process, uptimeS, cgroup,
 * clock}` (null when no kernel log could be read), `missing` (why each null
 * is null), `from` (where a value came from) and `meaning` (what the numbers
 * mean, in sentences).
 */
import { GUEST_FIELD_IDS, GUEST_TEXT_FIELDS } from '../fields/guest-fields';
import { explainGuest } from '../guest/meaning';
import type { GuestSection, OomKill } from '../sample/guest';
import type { Value } from '../sample/sample';

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function finite(v: Value | undefined): Value {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function oomKillToJson(k: OomKill): object {
  return { time: iso(k.time), pid: k.pid, process: k.process, uptimeS: k.uptimeS, cgroup: k.cgroup, clock: k.clock };
}

export function guestToJson(time: number, hostname: string | null, g: GuestSection): object {
  const out: Record<string, unknown> = { time: new Date(time).toISOString(), hostname };
  for (const f of GUEST_TEXT_FIELDS) out[f.id] = g[f.id];
  for (const id of GUEST_FIELD_IDS) out[id] = finite(g.values[id]);
  out.oomKills = g.oomKills === null ? null : g.oomKills.map(oomKillToJson);
  out.missing = g.missing;
  out.from = g.from;
  out.meaning = explainGuest(g);
  return out;
}
