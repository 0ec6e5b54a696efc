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
 *   balloon (no Tools, or beyond MCTLMAX) is compressed and swapped, once its
 *   balloon has reached its target (the balloon goes first; so for a limit);
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
  activeShare, advanceDemand, balloonMax, canBalloon, createVm, demandAt, machineUse, resetActivity, resident, sharesPerMB, type SimVm,
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

export interface ModelSnapshot {
  machineMB: number;
  state: MemState;
  time: number;
  overcommit: number[];
  blocked: number;
  reclaiming: boolean;
  vms: SimVm[];
}

export class HostModel {
  readonly hostname: string;
  /** Machine memory: the scenario's, or what the instructor changed it to. */
  machineMB: number;
  readonly kernelMB: number;
  managedMB: number;
  minFreeMB: number;
  readonly vms: SimVm[];
  readonly userWorlds = USER_WORLDS;
  readonly byName: Map<string, SimVm>;
  readonly hungryVm: SimVm;
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
    // The instructor's memory-hungry VM comes last, powered off: the others' streams do not depend on it.
    this.vms = [...scenario.vms, scenario.hungryVm].map((spec, i) => createVm(spec, i, seed));
    this.hungryVm = this.vms[this.vms.length - 1];
    this.byName = new Map(this.vms.map((v) => [v.spec.name, v]));
    const n = this.vms.length;
    this.alloc = { shares: new Float64Array(n), active: new Float64Array(n), lo: new Float64Array(n), hi: new Float64Array(n), base: new Float64Array(n) };
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
    // Nothing to reclaim yet: each VM's target is what it holds (SZTGT from the first sample).
    for (const vm of this.vms) if (vm.on) vm.sizeTarget = vm.footprint + vm.overheadMB;
  }

  /** A VM that was running when the scenario starts. */
  private bootVm(vm: SimVm): void {
    vm.demand = demandAt(vm, this.time);
    vm.footprint = Math.min(vm.spec.memoryMB, vm.demand * (1 + SIM.cacheFactor[vm.spec.os]));
    vm.balloon = vm.swapped = vm.zipped = 0;
    vm.shareLevel = this.state === 'high' ? vm.zeroShare : vm.sharePotential;
    resetActivity(vm);
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
    for (const vm of this.vms) if (vm.on) s += vm.reservationMB + vm.overheadMaxMB;
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
      sh.shares[i] = sh.active[i] = sh.lo[i] = sh.hi[i] = sh.base[i] = 0;
      if (!vm.on) continue;
      const claim = vm.footprint + vm.balloon;
      sh.lo[i] = Math.min(vm.reservationMB, claim);
      sh.hi[i] = vm.limitMB === null ? claim : Math.max(sh.lo[i], Math.min(claim, vm.limitMB));
      sh.shares[i] = sharesPerMB(vm) * vm.spec.memoryMB;
      sh.active[i] = Math.min(vm.demand, claim);
      sh.base[i] = vm.overheadMB;
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
      const protectedMB = Math.min(vm.reservationMB, vm.footprint + vm.balloon);

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
      // The balloon goes first: while it is still inflating toward its target, nothing more is swapped out.
      const balloonTarget = balloonable ? (balloonTracks ? mctlTgt : Math.min(lp, max)) : 0;
      const stillInflating = !balloonHolds && vm.balloon < balloonTarget - 1;
      const swapGoal = stillInflating ? 0 : pressure || balloonTracks ? swTgt : Math.max(0, lp - balloonTarget);
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
    //    Pages that stop being shared (back in high, large pages again) need machine memory of
    //    their own: as much as there is free, like any other page the guests touch.
    const k = 1 - Math.exp(-dt / SIM.tpsTimeConstantS);
    const kf = 1 - Math.exp(-dt / 60);
    const ks = 1 - Math.exp(-dt / 900);
    let unshare = 0;
    for (const vm of vms) {
      if (!vm.on) continue;
      const target = state === 'high' ? vm.zeroShare : vm.sharePotential;
      if (target < vm.shareLevel) unshare += resident(vm) * (vm.shareLevel - target) * k * (1 - SIM.pshareCommonShare);
    }
    const room = Math.max(0, this.freeMB() - this.blockFloorMB());
    const ku = unshare > room ? (k * room) / unshare : k;
    for (const vm of vms) {
      if (!vm.on) continue;
      const target = state === 'high' ? vm.zeroShare : vm.sharePotential;
      vm.shareLevel += (target - vm.shareLevel) * (target < vm.shareLevel ? ku : k);
      const act = activeShare(vm);
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

  /** The instructor adds or removes memory (a host with more or fewer DIMMs): minFree follows managed memory. */
  setMachineMB(mb: number): void {
    this.machineMB = mb;
    this.managedMB = managedMB(mb);
    this.minFreeMB = minFreeMB(this.managedMB);
  }

  /** Everything a step changes, to go back to (the instructor acts on a moment the simulation has passed). */
  snapshot(): ModelSnapshot {
    return {
      machineMB: this.machineMB, state: this.state, time: this.time, overcommit: [...this.overcommit], blocked: this.blocked, reclaiming: this.reclaiming,
      vms: this.vms.map((vm) => ({ ...vm, rng: vm.rng.clone() })),
    };
  }

  restore(snap: ModelSnapshot): void {
    this.setMachineMB(snap.machineMB);
    this.state = snap.state;
    this.time = snap.time;
    this.overcommit = [...snap.overcommit];
    this.blocked = snap.blocked;
    this.reclaiming = snap.reclaiming;
    // The VM objects stay (names map to them); their state is copied back, each with its own generator again.
    snap.vms.forEach((saved, i) => Object.assign(this.vms[i], { ...saved, rng: saved.rng.clone() }));
  }

  /** Sets the state from the free memory the sample will show. */
  updateState(shownFreeMB: number): void {
    this.state = nextState(this.state, shownFreeMB / this.minFreeMB);
  }
}
