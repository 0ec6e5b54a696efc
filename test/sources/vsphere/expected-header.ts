/**
 * The host header a live source should show, computed from the simulator's
 * own figures (what it injects, in the API's units), independently of
 * balloontop's mapping: each rule written out as the README states it.
 */
import assert from 'node:assert/strict';
import type { HostCounterId } from '../../../src/fields/host-counters';
import type { Value } from '../../../src/sample/sample';
import type { HostProfile, VmProfile } from '../../support/vcsim/vcsim';

/** Host counters whose live values are exact (the rest are approximations). */
export const EXACT_HOST = new Set<HostCounterId>(['machine', 'state', 'pshareShared', 'pshareCommon', 'pshareSavings', 'swapUsed', 'swapReadRate', 'swapWriteRate', 'zipped', 'memctlCurrent']);

const mb = (kb: number) => kb / 1024;
const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** What the VMs running on `hosts` and those hosts add up to, before any averaging over time. */
export function expectedHeader(hosts: readonly HostProfile[], vms: readonly VmProfile[]): Record<HostCounterId, number> {
  const refs = new Set(hosts.map((h) => h.ref));
  const mine = vms.filter((v) => refs.has(v.hostRef));
  const sumHosts = (f: (h: HostProfile) => number) => total(hosts.map(f));
  const machine = sumHosts((h) => h.memoryBytes / 1048576);
  const kernel = sumHosts((h) => mb(h.sysUsageKB));
  const free = machine - sumHosts((h) => mb(h.consumedKB));
  const reserved = sumHosts((h) => h.reservedCapacityMB);
  const unreserved = sumHosts((h) => mb(h.unreservedKB));
  const managed = reserved + unreserved;
  const shared = sumHosts((h) => mb(h.sharedKB));
  const common = sumHosts((h) => mb(h.sharedCommonKB));
  const overcommit = Math.max(0, total(mine.map((v) => v.memoryMB)) / managed - 1);
  return {
    overcommit1: overcommit,
    overcommit5: overcommit,
    overcommit15: overcommit,
    machine,
    kernel,
    nonKernel: machine - kernel - free,
    free,
    managed,
    minFree: sumHosts((h) => mb(h.lowFreeThresholdKB)),
    reserved,
    unreserved,
    state: Math.max(...hosts.map((h) => h.state)),
    pshareShared: shared,
    pshareCommon: common,
    pshareSavings: shared - common,
    swapUsed: sumHosts((h) => mb(h.swapUsedKB)),
    swapTarget: total(mine.filter((v) => v.swapTargetKB >= 0).map((v) => mb(v.swapTargetKB))),
    swapReadRate: sumHosts((h) => mb(h.swapInKBps)),
    swapWriteRate: sumHosts((h) => mb(h.swapOutKBps)),
    zipped: sumHosts((h) => mb(h.compressedKB)),
    zipSaved: total(mine.map((v) => mb(v.zipSavedKB))),
    memctlCurrent: sumHosts((h) => mb(h.balloonKB)),
    memctlTarget: total(mine.map((v) => mb(v.balloonTargetKB))),
    memctlMax: total(mine.map((v) => (v.maxMemctlMB >= 0 ? v.maxMemctlMB : Math.min(0.65 * v.memoryMB, v.memoryMB - v.reservationMB)))),
  };
}

/** Each counter within the rounding of the values it sums (two decimals each). */
export function assertHeader(actual: Readonly<Record<HostCounterId, Value>>, expected: Record<HostCounterId, number>): void {
  for (const [id, want] of Object.entries(expected) as [HostCounterId, number][]) {
    const got = actual[id];
    assert.ok(got !== null && Math.abs(got - want) < 0.2, `${id}: ${got} instead of ${want.toFixed(2)}`);
  }
}
