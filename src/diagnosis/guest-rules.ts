/**
 * A Linux guest's findings, from what it sees of ballooning inside
 * (`balloontop guest`): a limit below its memory, a balloon close to
 * VMware's cap, an OOM kill while the balloon held memory, and the balloon
 * itself. Pure; a sample's cost is its kill list (at most 100).
 *
 * The facts they stand on:
 * - The host enforces a VM's limit in any state: above it, the VM is
 *   ballooned, then compressed and swapped, even on a host with free memory.
 *   From inside, `vmware-toolbox-cmd stat memlimit` shows it; it is compared
 *   with the memory the guest sees (MemTotal counting the balloon), a little
 *   below the configured size.
 * - A VMware balloon takes at most Mem.CtlMaxPercent (65%) of the VM's
 *   memory; beyond it the host compresses and swaps, which the guest cannot
 *   see.
 * - The balloon driver does not know which pages the guest's processes have
 *   locked: an inflating balloon can push Linux into its OOM killer.
 * - Whether the host is short of memory cannot be seen from inside.
 */
import type { GuestFieldId } from '../fields/guest-fields';
import type { GuestSection, OomKill } from '../sample/guest';
import type { FindingCode } from './codes';
import { add } from './evidence';
import type { Evidence, Finding } from './finding';
import type { GuestKills, KillBalloon } from './guest-kills';
import { EQUAL_MB, num, SIZE_MB } from './readings';
import { facts } from './rule-kit';

/** The balloon counts as close to the cap from this share of it. */
const NEAR_CAP = 0.9;

function value(g: GuestSection, id: GuestFieldId): number | null {
  return num(g.values[id]);
}

function addValues(e: Evidence[], g: GuestSection, ids: readonly GuestFieldId[]): void {
  for (const id of ids) add(e, id, value(g, id), id.endsWith('Pct') ? '%' : 'MB');
}

/** The balloon as the guest reads it, else as the host counts it (Tools). */
function balloonOf(g: GuestSection): number | null {
  return value(g, 'balloonMB') ?? value(g, 'toolsBalloonMB');
}

function isVmware(g: GuestSection): boolean {
  return g.driver === 'vmw_balloon' || g.hypervisor === 'VMware';
}

/** The host's limit is below the memory the guest sees. */
function limitFinding(g: GuestSection): Finding | null {
  const limit = value(g, 'limitMB');
  const memory = value(g, 'guestMemoryMB');
  if (limit === null || limit < 0 || memory === null || limit >= memory - EQUAL_MB) return null;
  const balloon = balloonOf(g) ?? 0;
  const swapped = value(g, 'hostSwappedMB') ?? 0;
  const reclaiming = balloon >= SIZE_MB || swapped >= SIZE_MB;
  const e: Evidence[] = [];
  addValues(e, g, ['limitMB', 'guestMemoryMB', 'memTotalMB', 'balloonMB', 'targetMB', 'hostSwappedMB', 'toolsBalloonMB']);
  return facts('guest-limit', null, reclaiming ? 'reclaiming' : 'latent', e, memory - limit);
}

/** The balloon (or its target) is close to 65% of the guest's memory, or at it (or above: the host's own cap is a little higher). */
function capFinding(g: GuestSection): Finding | null {
  const cap = value(g, 'balloonMaxMB');
  const balloon = value(g, 'balloonMB');
  const target = value(g, 'targetMB');
  if (!isVmware(g) || cap === null || cap <= 0 || balloon === null) return null;
  if (Math.max(balloon, target ?? 0) < NEAR_CAP * cap) return null;
  const e: Evidence[] = [];
  addValues(e, g, ['balloonMB', 'targetMB', 'balloonMaxMB', 'guestMemoryMB', 'balloonPct', 'memAvailableMB', 'swapUsedMB', 'hostSwappedMB']);
  const variant = balloon >= cap - EQUAL_MB ? 'at-cap' : balloon >= NEAR_CAP * cap ? 'near' : 'target-near';
  return facts('guest-balloon-max', null, variant, e, balloon);
}

/** The latest OOM kill (not a cgroup's) while the balloon held memory; else one before the data with the balloon inflated at the first sample (inferred). */
function oomFinding(g: GuestSection, kills: GuestKills): Finding | null {
  const during: { k: OomKill; b: KillBalloon }[] = [];
  const before: OomKill[] = [];
  for (const k of g.oomKills ?? []) {
    if (k.cgroup) continue;
    const b = kills.balloonAt(k, g);
    if (b.how === 'sample' && (b.mb ?? 0) >= SIZE_MB) during.push({ k, b });
    else if (b.how === 'before-data') before.push(k);
  }
  const first = kills.firstBalloon();
  const e: Evidence[] = [];
  const last = during[during.length - 1];
  if (last) {
    addKill(e, last.k, during.length);
    add(e, 'balloonAtKillMB', last.b.mb, 'MB');
    add(e, 'balloonSampleAt', last.b.at, 'time');
    addValues(e, g, ['balloonMB', 'guestMemoryMB']);
    return facts('guest-oom-balloon', null, 'during', e, last.b.mb as number);
  }
  if (before.length > 0 && first !== null && first >= SIZE_MB) {
    addKill(e, before[before.length - 1], before.length);
    add(e, 'firstSampleBalloonMB', first, 'MB');
    add(e, 'firstSampleAt', kills.firstTime, 'time');
    addValues(e, g, ['balloonMB', 'guestMemoryMB']);
    return facts('guest-oom-balloon', null, 'before-data', e, first, { inferred: true });
  }
  return null;
}

function addKill(e: Evidence[], k: OomKill, n: number): void {
  add(e, 'process', k.process, '');
  add(e, 'pid', k.pid, '');
  add(e, 'killedAt', k.time, 'time');
  add(e, 'kills', n, '');
}

/** The balloon holds memory: a consequence, caused by the limit when one reclaims. */
function ballooningFinding(g: GuestSection, limit: Finding | null): Finding | null {
  const balloon = value(g, 'balloonMB');
  if (balloon === null || balloon < SIZE_MB) return null;
  const e: Evidence[] = [];
  addValues(e, g, ['balloonMB', 'targetMB', 'guestMemoryMB', 'balloonPct', 'balloonMaxMB', 'memAvailableMB']);
  add(e, 'driver', g.driver, '');
  const causes: FindingCode[] = limit?.variant === 'reclaiming' ? ['guest-limit'] : [];
  return facts('guest-ballooning', null, g.balloonState ?? 'held', e, balloon, { causes });
}

/** Every finding of a guest sample, in no order (the engine sorts them). */
export function guestFindings(g: GuestSection, kills: GuestKills): Finding[] {
  const limit = limitFinding(g);
  return [limit, capFinding(g), oomFinding(g, kills), ballooningFinding(g, limit)].filter((f): f is Finding => f !== null);
}
