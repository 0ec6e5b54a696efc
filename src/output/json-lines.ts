/**
 * Samples as JSON lines (`--json`): one object per sample per line, field
 * names from the registry.
 *
 * `{"time":"2018-04-24T10:49:12.000Z","host":{"hostname":..,"state":"clear",
 *   "values":{"overcommit1":..,..},"extra":{..}},"groups":[{"gid":..,"name":..,
 *   "kind":"vm","values":{"NWLD":..,..},"extra":{..}}],"notes":[..]}`
 *
 * Every registry field is present in `values` (null when missing), in registry
 * order; `extra` holds counters the registry does not know; `notes` only when
 * the sample has narration; `approximate` (on the host and on a group) only
 * when some of its values are approximations (a live host's derived fields). A guest sample (`balloontop guest`) is written
 * flat instead (`guest-json.ts`).
 */
import { HOST_COUNTER_IDS } from '../fields/host-counters';
import { COUNTER_IDS } from '../fields/registry';
import type { Sample, Value } from '../sample/sample';
import { guestToJson } from './guest-json';

function finite(v: Value | undefined): Value {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function sampleToJson(s: Sample): object {
  if (s.guest) return guestToJson(s.time, s.host.hostname, s.guest);
  const hv = s.host.values as Record<string, Value>;
  const hostValues: Record<string, Value> = {};
  for (const id of HOST_COUNTER_IDS) hostValues[id] = finite(hv[id]);
  const out: Record<string, unknown> = {
    time: new Date(s.time).toISOString(),
    host: withApproximate({ hostname: s.host.hostname, state: s.host.state, values: hostValues, extra: s.host.extra }, s.host.approximate),
    groups: s.groups.map((g) => {
      const values: Record<string, Value> = {};
      for (const id of COUNTER_IDS) values[id] = finite(g.values[id]);
      return withApproximate({ gid: g.gid, name: g.name, kind: g.kind, values, extra: g.extra }, g.approximate);
    }),
  };
  if (s.notes && s.notes.length > 0) out.notes = s.notes;
  return out;
}

function withApproximate<T extends object>(o: T, approximate: readonly string[] | undefined): T & { approximate?: readonly string[] } {
  return approximate && approximate.length > 0 ? { ...o, approximate } : o;
}

export function jsonLine(s: Sample): string {
  return `${JSON.stringify(sampleToJson(s))}\n`;
}
