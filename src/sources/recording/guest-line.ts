/**
 * The guest section of a sample line in a recording (and on the feed's wire):
 * the optional key `gu`,
 *
 * `{"driver":"vmw_balloon","driverStatus":"active","balloonState":"inflating","hypervisor":"VMware",
 *   "values":{"balloonMB":2048,...},"missing":{"limitMB":"..."},"from":{"balloonMB":"..."},
 *   "oomKills":[[time|null,pid,"process",uptimeS|null,cgroup,"clock"],...]|null}`
 *
 * Values are keyed by guest field id and only present ones are written; a
 * reader takes the ids it knows (the others are ignored) and treats absent
 * ones as missing.
 */
import { GUEST_FIELD_IDS, emptyGuestValues, isGuestFieldId } from '../../fields/guest-fields';
import type { BalloonDriver, BalloonState, DriverStatus, GuestSection, OomClock, OomKill } from '../../sample/guest';
import { sampleTime } from '../../sample/sample-time';

type KillLine = [number | null, number, string, number | null, boolean, OomClock];

export interface GuestLine {
  driver: string | null;
  driverStatus: string | null;
  balloonState: string | null;
  hypervisor: string | null;
  values: Record<string, number>;
  missing: Record<string, string>;
  from: Record<string, string>;
  oomKills: KillLine[] | null;
}

const DRIVERS = new Set<string>(['vmw_balloon', 'virtio_balloon', 'hv_balloon']);
const STATUSES = new Set<string>(['active', 'loaded', 'not loaded']);
const STATES = new Set<string>(['inflating', 'deflating', 'steady', 'resetting', 'empty']);
const CLOCKS = new Set<string>(['boot', 'log', 'local', 'local-year', 'none']);
const MISSING_KEYS = new Set<string>([...GUEST_FIELD_IDS, 'driver', 'driverStatus', 'balloonState', 'hypervisor', 'oomKills']);
const MAX_TEXT = 1000;

export function encodeGuest(g: GuestSection): GuestLine {
  const values: Record<string, number> = {};
  for (const id of GUEST_FIELD_IDS) {
    const v = g.values[id];
    if (typeof v === 'number' && Number.isFinite(v)) values[id] = v;
  }
  return {
    driver: g.driver,
    driverStatus: g.driverStatus,
    balloonState: g.balloonState,
    hypervisor: g.hypervisor,
    values,
    missing: g.missing,
    from: g.from,
    oomKills: g.oomKills === null ? null : g.oomKills.map((k) => [k.time, k.pid, k.process, k.uptimeS, k.cgroup, k.clock]),
  };
}

function isRecord(o: unknown): o is Record<string, unknown> {
  return !!o && typeof o === 'object' && !Array.isArray(o);
}

function text(v: unknown): string | null | undefined {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v.slice(0, MAX_TEXT) : undefined;
}

function oneOf<T extends string>(v: unknown, allowed: Set<string>): T | null | undefined {
  const t = text(v);
  if (t === undefined) return undefined;
  return t === null || allowed.has(t) ? (t as T | null) : undefined;
}

function texts(o: unknown, keep: (key: string) => boolean): Record<string, string> | undefined {
  if (o === undefined) return {};
  if (!isRecord(o)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'string') return undefined;
    if (keep(k)) out[k] = v.slice(0, MAX_TEXT);
  }
  return out;
}

function kill(k: unknown): OomKill | undefined {
  if (!Array.isArray(k) || k.length < 6) return undefined;
  const [time, pid, process, uptimeS, cgroup, clock] = k as unknown[];
  const num = (x: unknown): x is number | null => x === null || (typeof x === 'number' && Number.isFinite(x));
  if (!(time === null || sampleTime(time) !== null) || typeof pid !== 'number' || !Number.isInteger(pid) || typeof process !== 'string' || !num(uptimeS) || typeof cgroup !== 'boolean' || typeof clock !== 'string' || !CLOCKS.has(clock)) return undefined;
  return { time: time as number | null, pid, process: process.slice(0, 64), uptimeS, cgroup, clock: clock as OomClock };
}

/** The `gu` value back to a section, or why it is not one. */
export function decodeGuest(o: unknown): GuestSection | { problem: string } {
  if (!isRecord(o)) return { problem: '"gu" must be an object' };
  const driver = oneOf<BalloonDriver>(o.driver, DRIVERS);
  const driverStatus = oneOf<DriverStatus>(o.driverStatus, STATUSES);
  const balloonState = oneOf<BalloonState>(o.balloonState, STATES);
  const hypervisor = text(o.hypervisor);
  if (driver === undefined || driverStatus === undefined || balloonState === undefined || hypervisor === undefined) {
    return { problem: '"gu": driver, driverStatus, balloonState or hypervisor is not one this build knows' };
  }
  if (!isRecord(o.values)) return { problem: '"gu.values" must map field ids to numbers' };
  const values = emptyGuestValues();
  for (const [id, v] of Object.entries(o.values)) {
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) return { problem: `"gu.values.${id}" is not a number` };
    if (isGuestFieldId(id)) values[id] = v;
  }
  const missing = texts(o.missing, (k) => MISSING_KEYS.has(k));
  const from = texts(o.from, isGuestFieldId);
  if (!missing || !from) return { problem: '"gu.missing" and "gu.from" must map ids to texts' };
  let oomKills: OomKill[] | null = null;
  if (o.oomKills !== null && o.oomKills !== undefined) {
    if (!Array.isArray(o.oomKills)) return { problem: '"gu.oomKills" must be a list' };
    oomKills = [];
    for (const k of o.oomKills) {
      const decoded = kill(k);
      if (!decoded) return { problem: '"gu.oomKills": each kill must be [time, pid, process, uptimeS, cgroup, clock]' };
      oomKills.push(decoded);
    }
  }
  return { driver, driverStatus, balloonState, hypervisor, values, missing, from, oomKills };
}
