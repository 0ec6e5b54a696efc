/**
 * The simulated ESXi host: machine memory, the VMkernel's minFree and memory
 * state, the VMs, and one `step(dt)` that moves everything on.
 *
 * Reclamation, in the order ESXi applies it:
 * - page sharing always runs; below high (large pages broken) it shares much more;
 * - a host-wide reclaim target (enough to bring free back to 1.3 x minFree) is
 *   shared out by the proportional-share allocation with the idle-memory tax
 *   (`reclaim-split.ts`), never into reservations; a limit below the VM's
 *   size takes what is over it in any state;
 * - soft: balloons inflate toward MCTLTGT (at most MCTLMAX); what a VM cannot
 *   balloon (no Tools, or beyond MCTLMAX) is compressed and swapped;
 * - hard and low: the balloon stops inflating; compression and swap take the rest;
 * - low: VMs are blocked from touching new memory below 16% of minFree;
 * - clear after soft: reclamation goes on as in soft (balloons track their
 *   targets; what cannot be ballooned is compressed and swapped) until the
 *   host is back in high, holding free memory near the goal instead of
 *   flapping between soft and clear;
 * - high, and clear before any soft: nothing is reclaimed except for limits;
 *   balloons deflate toward smaller targets; swapped pages come back only
 *   when touched.
 */
import type { MemState } from '../../../sample/mem-state';
import { STATE_THRESHOLDS } from '../../../sample/mem-state';
import type { SampleNote } from '../../../sample/sample';
import { SIM } from './constants';
import { managedMB, minFreeMB } from './min-free';
import { allocateByShares, type ShareInput } from './reclaim-split';
import type { Scenario } from '../scenario/scenario';
import { inflateBalloon, squeezeGuest } from './guest-balloon';
import { nextState } from './state-machine';
import {
  advanceDemand, balloonMax, canBalloon, createVm, levelAt, machineUse, resident, sharesPerMB, type SimVm,
} from './vm-model';

export interface UserWorld {
  gid: number;
  name: string;
  memSizeMB: number;
  consumedMB: number;
}

/** A few host user worlds, as in a real capture (`hostd.<cartel>`), with fixed small footprints. */
const USER_WORLDS: readonly UserWorld[] = [
  { gid: 5481, name: 'hostd.66694', memSizeMB: 196.5, consumedMB: 142.3 },
  { gid: 5523, name: 'vpxa.67012', memSizeMB: 88.2, consumedMB: 61.7 },
  { gid: 5561, name: 'sfcb-ProviderMa.67341', memSizeMB: 41.9, consumedMB: 23.4 },
];

export class HostModel {
  readonly hostname: string;
  readonly machineMB: number;
  readonly kernelMB: number;
  readonly managedMB: number;
  readonly minFreeMB: number;
  readonly vms: SimVm[];
  readonly userWorlds = USER_WORLDS;
  readonly byName: Map<string, SimVm>;
  state: MemState = 'high';
  /** Seconds since the scenario start. */
  time = 0;
  overcommit = [0, 0, 0];
  /** VMs held back from touching new memory in the last step (free at 16% of minFree, in low). */
  blocked = 0;
  /**
   * Set when the host enters soft (or worse), cleared when it is back in high:
   * while set, balloons keep tracking their targets in clear too, so the host
   * holds free memory near the goal instead of flapping between soft and clear
   * (a real host in clear shows MCTLSZ at MCTLTGT, as the real capture does).
   */
  reclaiming = false;
  private readonly alloc: ShareInput;
  private readonly keep: Float64Array;

  constructor(scenario: Scenario, readonly seed: number) {
    this.hostname = scenario.host.name;
    this.machineMB = scenario.host.memoryMB;
    this.kernelMB = scenario.host.kernelMB ?? Math.round(this.machineMB * 0.04 + 500);
    this.managedMB = managedMB(this.machineMB);
    this.minFreeMB = minFreeMB(this.managedMB);
    this.vms = scenario.vms.map((spec, i) => createVm(spec, i, seed));
    this.byName = new Map(this.vms.map((v) => [v.spec.name, v]));
    const n = this.vms.length;
    this.alloc = { shares: new Float64Array(n), active: new Float64Array(n), lo: new Float64Array(n), hi: new Float64Array(n) };
    this.keep = new Float64Array(n);
  }

  /** Start: running VMs have touched their working set and cache, as far as the host has room. */
  boot(): void {
    for (const vm of this.vms) if (vm.on) this.bootVm(vm);
    // Fit into memory: scale footprints down if the scenario starts overcommitted.
    const room = this.freeMB() - this.blockFloorMB();
    if (room < 0) {
      const total = this.vms.reduce((a, v) => a + (v.on ? resident(v) * (1 - v.shareLevel * (1 - SIM.pshareCommonShare)) : 0), 0);
      const f = total > 0 ? Math.max(0, 1 + room / total) : 1;
      for (const v of this.vms) if (v.on) v.footprint *= f;
    }
    this.state = nextState('high', this.freeMB() / this.minFreeMB);
    this.overcommit = [0, 1, 2].map(() => this.overcommitNow());
  }

  /** A VM that was running when the scenario starts. */
  private bootVm(vm: SimVm): void {
    vm.demand = levelAt(vm, this.time);
    vm.footprint = Math.min(vm.spec.memoryMB, vm.demand * (1 + SIM.cacheFactor[vm.spec.os]));
    vm.balloon = vm.swapped = vm.zipped = 0;
    vm.shareLevel = this.state === 'high' ? vm.zeroShare : vm.sharePotential;
    vm.actFast = vm.actSlow = vm.actInstant = vm.demand / vm.spec.memoryMB;
  }

  blockFloorMB(): number {
    return STATE_THRESHOLDS.low * this.minFreeMB;
  }

  nonKernelMB(): number {
    let s = 0;
    for (const vm of this.vms) if (vm.on) s += machineUse(vm);
    for (const uw of this.userWorlds) s += uw.consumedMB;
    return s;
  }

  freeMB(): number {
    return this.machineMB - this.kernelMB - this.nonKernelMB();
  }

  overcommitNow(): number {
    let s = 0;
    for (const vm of this.vms) if (vm.on) s += vm.spec.memoryMB + vm.overheadMaxMB;
    return Math.max(0, s / this.managedMB - 1);
  }

  /** Host memory reserved: the VMkernel, VM reservations and overhead reservations, user worlds. */
  reservedMB(): number {
    let s = this.kernelMB;
    for (const vm of this.vms) if (vm.on) s += vm.spec.reservationMB + vm.overheadMaxMB;
    for (const uw of this.userWorlds) s += uw.memSizeMB;
    return Math.min(this.managedMB, s);
  }

  unreservedMB(): number {
    return this.managedMB - this.reservedMB();
  }

  /** Moves the host on by dt seconds; returns captions the guests produce (OOM kills). */
  step(dt: number): SampleNote[] {
    const notes: SampleNote[] = [];
    this.time += dt;
    const t = this.time;
    const vms = this.vms;
    const n = vms.length;
    const state = this.state;
    const pressure = state === 'soft' || state === 'hard' || state === 'low';
    const balloonHolds = state === 'hard' || state === 'low';
    if (pressure) this.reclaiming = true;
    else if (state === 'high') this.reclaiming = false;
    const balloonTracks = state === 'soft' || (state === 'clear' && this.reclaiming);

    for (const vm of vms) if (vm.on) advanceDemand(vm, t, dt);

    // 1. Targets: the host-wide amount to reclaim (free back to the goal), shared out by
    //    shares and idle memory; a limit takes what is over it in any state.
    const free0 = this.freeMB();
    let reclaimed = 0;
    let held = 0;
    const sh = this.alloc;
    for (let i = 0; i < n; i++) {
      const vm = vms[i];
      sh.shares[i] = sh.active[i] = sh.lo[i] = sh.hi[i] = 0;
      if (!vm.on) continue;
      const claim = vm.footprint + vm.balloon;
      sh.lo[i] = Math.min(vm.spec.reservationMB, claim);
      sh.hi[i] = vm.limitMB === null ? claim : Math.max(sh.lo[i], Math.min(claim, vm.limitMB));
      sh.shares[i] = sharesPerMB(vm) * vm.spec.memoryMB;
      sh.active[i] = Math.min(vm.demand, claim);
      reclaimed += vm.balloon + vm.swapped + vm.zipped;
      held += claim;
    }
    const goal = SIM.goalFreeRatio * this.minFreeMB;
    const hostTarget = Math.max(0, reclaimed + goal - free0);
    const keepMB = this.keep;
    allocateByShares(sh, held - hostTarget, keepMB);

    // Pages touched again come back from swap and compression, as far as there is free memory for them.
    const touch = new Float64Array(n);
    let touchWant = 0;
    for (let i = 0; i < n; i++) {
      const vm = vms[i];
      if (!vm.on || vm.footprint <= 0) continue;
      touch[i] = Math.min(1, ((vm.demand / vm.footprint) * dt) / SIM.touchPeriodS);
      touchWant += (vm.swapped + vm.zipped) * touch[i];
    }
    if (touchWant > Math.max(0, free0)) {
      const f = Math.max(0, free0) / touchWant;
      for (let i = 0; i < n; i++) touch[i] *= f;
    }

    // 2. Per VM: targets, balloon, swap-in of touched pages.
    const swapWant = new Float64Array(n);
    let swapWantTotal = 0;
    for (let i = 0; i < n; i++) {
      const vm = vms[i];
      if (!vm.on) continue;
      const claim = vm.footprint + vm.balloon;
      const lp = claim - sh.hi[i]; // what the limit takes
      const rt = Math.max(0, claim - keepMB[i]);
      const max = balloonMax(vm);
      const balloonable = canBalloon(vm);
      const mctlTgt = balloonable ? Math.min(rt, max) : 0;
      const swTgt = balloonHolds ? Math.max(0, rt - Math.min(vm.balloon, mctlTgt)) : Math.max(0, rt - mctlTgt);
      vm.mctlTarget = mctlTgt;
      vm.swapTarget = swTgt;
      vm.sizeTarget = Math.max(0, vm.footprint + vm.balloon - rt) + vm.overheadMB;
      const protectedMB = Math.min(vm.spec.reservationMB, vm.footprint + vm.balloon);

      // Balloon.
      if (!balloonable) vm.balloon = 0;
      else {
        const limitBalloon = Math.min(lp, max);
        const inflateTo = balloonTracks ? mctlTgt : limitBalloon;
        if (inflateTo > vm.balloon) inflateBalloon(vm, Math.min(SIM.balloonInflateMBps * dt, inflateTo - vm.balloon), protectedMB);
        else if (mctlTgt < vm.balloon) vm.balloon -= Math.min(SIM.balloonDeflateMBps * dt, vm.balloon - mctlTgt);
        squeezeGuest(vm, t, notes);
      }

      // Swap-in and decompression: the guest touches its working set again.
      const sin = vm.swapped * touch[i];
      const unz = vm.zipped * touch[i];
      vm.swapped -= sin;
      vm.zipped -= unz;
      vm.swapInMBps = sin / dt;
      vm.unzipMBps = unz / dt;

      // What compression and swap-out should take: in soft (and clear after soft) only what
      // cannot be ballooned, in hard and low everything the balloon does not hold; otherwise only for limits.
      const swapGoal = pressure || balloonTracks ? swTgt : Math.max(0, lp - (balloonable ? Math.min(lp, max) : 0));
      const w = Math.max(0, Math.min(swapGoal - vm.swapped - vm.zipped, resident(vm) - protectedMB));
      swapWant[i] = w;
      swapWantTotal += w;
    }

    // Compression and swap-out, sharing the host's swap bandwidth in proportion to what each VM should give.
    const swapShare = swapWantTotal > SIM.hostSwapOutMBps * dt ? (SIM.hostSwapOutMBps * dt) / swapWantTotal : 1;
    for (let i = 0; i < n; i++) {
      const vm = vms[i];
      if (!vm.on) continue;
      const out = swapWant[i] * swapShare;
      let z = 0;
      if (out > 0) {
        const zipRoom = Math.max(0, (vm.spec.memoryMB * SIM.zipMaxPercent) / 100 / SIM.zipRatio - vm.zipped);
        z = Math.min(out * vm.compressible, zipRoom);
        vm.zipped += z;
        vm.swapped += out - z;
      }
      vm.swapOutMBps = (out - z) / dt;
      vm.zipMBps = z / dt;
    }

    // 3. Guests touch new memory, as far as the host lets them (blocked below 16% of minFree).
    let want = 0;
    const grow = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const vm = vms[i];
      if (!vm.on) continue;
      const room = vm.spec.memoryMB - vm.balloon;
      const forWorkingSet = Math.max(0, Math.min(room, vm.demand) - vm.footprint);
      const forCache = Math.max(0, Math.min(room, vm.demand * (1 + SIM.cacheFactor[vm.spec.os])) - vm.footprint - forWorkingSet);
      grow[i] = Math.min(forWorkingSet, SIM.guestGrowMBps * dt) + Math.min(forCache, SIM.guestCacheGrowMBps * dt);
      want += grow[i];
    }
    const budget = Math.max(0, this.freeMB() - this.blockFloorMB());
    const f = want > budget ? budget / want : 1;
    this.blocked = 0;
    for (let i = 0; i < n; i++) {
      if (grow[i] <= 0) continue;
      // New pages are not shared yet: keep the shared amount, not the share.
      const vm = vms[i];
      const r0 = resident(vm);
      vm.footprint += grow[i] * f;
      const r1 = resident(vm);
      if (r1 > 0) vm.shareLevel = (vm.shareLevel * r0) / r1;
      if (f < 1) this.blocked++;
    }

    // 4. Page sharing tends to its level (large pages are broken below high), activity estimates.
    const k = 1 - Math.exp(-dt / SIM.tpsTimeConstantS);
    const kf = 1 - Math.exp(-dt / 60);
    const ks = 1 - Math.exp(-dt / 900);
    for (const vm of vms) {
      if (!vm.on) continue;
      const target = state === 'high' ? vm.zeroShare : vm.sharePotential;
      vm.shareLevel += (target - vm.shareLevel) * k;
      const act = vm.demand / vm.spec.memoryMB;
      vm.actInstant = act;
      vm.actFast += (act - vm.actFast) * kf;
      vm.actSlow += (act - vm.actSlow) * ks;
    }

    // 5. Overcommit averages (1, 5, 15 minutes) and the state.
    const oc = this.overcommitNow();
    [60, 300, 900].forEach((tau, j) => {
      this.overcommit[j] += (oc - this.overcommit[j]) * (1 - Math.exp(-dt / tau));
    });
    return notes;
  }

  /** Sets the state from the free memory the sample will show. */
  updateState(shownFreeMB: number): void {
    this.state = nextState(this.state, shownFreeMB / this.minFreeMB);
  }
}
