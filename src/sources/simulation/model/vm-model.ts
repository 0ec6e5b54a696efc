/**
 * One simulated VM: its configuration (changed by timeline events), its
 * working set, and where its guest-physical pages are.
 *
 * Guest-physical memory (MB), at every step:
 *   memoryMB = balloon + footprint + untouched
 *   footprint = resident + swapped + zipped
 * `footprint` is what the guest has touched and not given back (the host
 * cannot see a guest free memory, only the balloon takes it back); `resident`
 * pages are backed by machine memory (GRANT); page sharing backs part of them
 * with common copies, so consumed (CNSM) = resident - shared saved.
 */
import { Prng } from './prng';
import { SIM } from './constants';
import type { ToolsState, VmSpec } from '../scenario/scenario';

export interface SimVm {
  readonly spec: VmSpec;
  readonly index: number;
  readonly gid: number;
  readonly rng: Prng;
  // Configuration that timeline events change.
  on: boolean;
  limitMB: number | null;
  reservationMB: number;
  tools: ToolsState;
  maxMemctlMB: number | null;
  // Working set.
  level: number;
  rampFrom: number;
  rampTo: number;
  rampStart: number;
  rampEnd: number;
  noise: number;
  wavePhase: number;
  wavePeriodS: number;
  demand: number;
  // Guest-physical pages (MB).
  footprint: number;
  balloon: number;
  swapped: number;
  zipped: number;
  /** Share of resident pages shared by TPS, and the shares it tends to. */
  shareLevel: number;
  readonly sharePotential: number;
  readonly zeroShare: number;
  /** Share of swapped-out pages that compress well enough to stay in the compression cache. */
  readonly compressible: number;
  // Targets and rates of the last step.
  mctlTarget: number;
  swapTarget: number;
  sizeTarget: number;
  swapInMBps: number;
  swapOutMBps: number;
  zipMBps: number;
  unzipMBps: number;
  actFast: number;
  actSlow: number;
  actInstant: number;
  readonly overheadMaxMB: number;
  readonly overheadMB: number;
  /** Worlds of the VM (NWLD): its vCPUs and the VMX's own (mks, svga, the VMM...). */
  readonly worlds: number;
  /** Share of its working set the guest actually touches in a minute (%ACTV), its own habit. */
  readonly activity: number;
  /** Share of touched pages that are written (TCHD_W). */
  readonly writeShare: number;
  oomKills: number;
}

export function createVm(spec: VmSpec, index: number, seed: number): SimVm {
  const rng = new Prng(seed, index + 1);
  const osShare = spec.os === 'windows' ? 0.22 : spec.os === 'linux' ? 0.12 : 0.16;
  // The VMX's overhead depends on devices (video memory, NICs) besides memory and vCPUs: no two VMs
  // alike. Spread over the VMs of a host by the golden ratio, so that two VMs configured alike still differ.
  const spread = (new Prng(seed, 0).next() + index * 0.6180339887) % 1;
  const overheadMaxMB = (25 + spec.memoryMB * 0.01 + spec.vcpus * 2.5) * (0.97 + 0.11 * spread);
  return {
    spec,
    index,
    gid: 1300000 + index * 1117 + 17,
    rng,
    on: spec.poweredOn,
    limitMB: spec.limitMB,
    reservationMB: spec.reservationMB,
    tools: spec.tools,
    maxMemctlMB: spec.maxMemctlMB,
    level: spec.demandMB,
    rampFrom: spec.demandMB,
    rampTo: spec.demandMB,
    rampStart: 0,
    rampEnd: 0,
    // The working set starts where its own noise is, not at the scenario's round figure.
    noise: SIM.noiseSigma * rng.gaussian(),
    wavePhase: rng.range(0, 2 * Math.PI),
    wavePeriodS: rng.range(600, 1800),
    demand: spec.demandMB,
    footprint: 0,
    balloon: 0,
    swapped: 0,
    zipped: 0,
    shareLevel: 0,
    sharePotential: osShare * rng.range(0.8, 1.2),
    zeroShare: osShare * 0.3 * rng.range(0.8, 1.2),
    compressible: rng.range(0.35, 0.55),
    mctlTarget: 0,
    swapTarget: 0,
    sizeTarget: 0,
    swapInMBps: 0,
    swapOutMBps: 0,
    zipMBps: 0,
    unzipMBps: 0,
    actFast: 0,
    actSlow: 0,
    actInstant: 0,
    overheadMaxMB,
    overheadMB: overheadMaxMB * (0.8 + 0.1 * ((spread + 0.5) % 1)),
    worlds: spec.vcpus + rng.int(4, 7),
    activity: rng.range(0.35, 0.85),
    writeShare: rng.range(0.2, 0.45),
    oomKills: 0,
  };
}

export function resident(vm: SimVm): number {
  return Math.max(0, vm.footprint - vm.swapped - vm.zipped);
}

/** Machine memory saved by page sharing. */
export function sharedSaved(vm: SimVm): number {
  return resident(vm) * vm.shareLevel * (1 - SIM.pshareCommonShare);
}

export function compressionCacheUsed(vm: SimVm): number {
  return vm.zipped * SIM.zipRatio;
}

export function compressionCacheSize(vm: SimVm): number {
  return compressionCacheUsed(vm) * SIM.zipCacheSlack;
}

/** Machine memory the VM takes from the host: consumed + overhead + compression cache. */
export function machineUse(vm: SimVm): number {
  return resident(vm) - sharedSaved(vm) + vm.overheadMB + compressionCacheSize(vm);
}

/** Most the balloon may take: sched.mem.maxmemctl or 65%, never into the reservation; 0 without Tools. */
export function balloonMax(vm: SimVm): number {
  if (vm.tools === 'none') return 0;
  const m = vm.maxMemctlMB ?? (vm.spec.memoryMB * SIM.ctlMaxPercent) / 100;
  return Math.max(0, Math.min(m, vm.spec.memoryMB - vm.reservationMB));
}

/** MCTL?: the balloon driver is installed and running. */
export function canBalloon(vm: SimVm): boolean {
  return vm.tools === 'running' && balloonMax(vm) > 0;
}

export function sharesPerMB(vm: SimVm): number {
  const s = vm.spec.shares;
  return typeof s === 'number' ? s / vm.spec.memoryMB : SIM.sharesPerMB[s];
}

/** esxtop's Alloc Shares value: the preset codes (-2 low, -3 normal, -4 high [I: the real capture shows -3 for default VMs]) or the number. */
export function sharesValue(vm: SimVm): number {
  const s = vm.spec.shares;
  return typeof s === 'number' ? s : s === 'low' ? -2 : s === 'normal' ? -3 : -4;
}

/** The working set level at time t (ramps from demand events). */
export function levelAt(vm: SimVm, t: number): number {
  if (t >= vm.rampEnd) return vm.rampTo;
  if (t <= vm.rampStart) return vm.rampFrom;
  return vm.rampFrom + ((vm.rampTo - vm.rampFrom) * (t - vm.rampStart)) / (vm.rampEnd - vm.rampStart);
}

/** Advance the working set by dt seconds: level (ramps) x slow wave x AR(1) noise, all from the VM's own seeded stream. */
export function advanceDemand(vm: SimVm, t: number, dt: number): void {
  const a = Math.exp(-dt / SIM.noiseTimeConstantS);
  vm.noise = vm.noise * a + SIM.noiseSigma * Math.sqrt(1 - a * a) * vm.rng.gaussian();
  vm.demand = demandAt(vm, t);
}

/** The working set at time t: the level (ramps) x the slow wave x the current noise. */
export function demandAt(vm: SimVm, t: number): number {
  const wave = SIM.waveAmplitude * Math.sin((2 * Math.PI * t) / vm.wavePeriodS + vm.wavePhase);
  const mem = vm.spec.memoryMB;
  return Math.min(mem, Math.max(mem * 0.02, levelAt(vm, t) * (1 + wave + vm.noise)));
}

/** The active-memory estimates (%ACTV and its slow, fast and next variants) start where the guest's activity puts them. */
export function resetActivity(vm: SimVm): void {
  vm.actFast = vm.actSlow = vm.actInstant = activeShare(vm);
}

/** Share of its configured memory the guest touched in the last minute: its working set times its habit. */
export function activeShare(vm: SimVm): number {
  return Math.min(1, (vm.demand * vm.activity) / vm.spec.memoryMB);
}
