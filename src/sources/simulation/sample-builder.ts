/**
 * Turns the host model into a `Sample`, the same shape as a capture's: every
 * per-group counter of the registry the model can say something about, `null`
 * for the rest (NUMA, commit and the VMX user-world overhead are not modelled).
 *
 * Host totals are sums of the rounded per-VM values, rounded to whole MB as
 * esxtop prints them:
 *   memctlCurrent = ΣMCTLSZ, memctlTarget = ΣMCTLTGT, memctlMax = ΣMCTLMAX,
 *   swapUsed = ΣSWCUR, swapTarget = ΣSWTGT, swap r/s, w/s = ΣSWR/s, ΣSWW/s,
 *   pshareShared = ΣSHRD, pshareSavings = ΣSHRDSVD, pshareCommon = shared - savings,
 *   zipped = Σ guest MB held compressed (not a column), zipSaved = zipped - ΣCACHEUSD,
 *   nonKernel = Σ(CNSM + OVHD + CACHESZ) over VMs + ΣCNSM over user worlds,
 *   free = machine - kernel - nonKernel.
 */
import type { CounterId } from '../../fields/group-fields';
import { compileCounterValues } from '../../fields/values-factory';
import { HOST_COUNTER_IDS, type HostCounterId } from '../../fields/host-counters';
import { stateToNumber } from '../../sample/mem-state';
import type { Group, Sample, SampleNote, Value } from '../../sample/sample';
import type { HostModel, UserWorld } from './model/host-model';
import { balloonMax, compressionCacheSize, compressionCacheUsed, resident, sharedSaved, sharesValue, type SimVm } from './model/vm-model';

const r2 = (x: number) => Math.round(x * 100) / 100;

/** What the model knows of one VM, rounded as esxtop prints it. */
interface VmView {
  vm: SimVm;
  res: number;
  shrd: number;
  shrdSvd: number;
  cnsm: number;
  zero: number;
  cowh: number;
  tchd: number;
  cacheSz: number;
  cacheUsd: number;
  mctlMax: number;
}

type Producer = (v: VmView) => Value;

/** Every per-group counter of the registry for a VM; null where the model has nothing to say. */
const VM_PRODUCERS: Record<CounterId, Producer | null> = {
  NWLD: (v) => v.vm.worlds,
  AMIN: (v) => r2(v.vm.reservationMB),
  AMAX: (v) => (v.vm.limitMB === null ? -1 : r2(v.vm.limitMB)),
  ASHRS: (v) => sharesValue(v.vm),
  AMLMT: () => -1,
  MEMSZ: (v) => r2(v.vm.spec.memoryMB),
  GRANT: (v) => v.res,
  CNSM: (v) => v.cnsm,
  SZTGT: (v) => r2(Math.max(0, v.vm.sizeTarget - v.shrdSvd)),
  TCHD: (v) => v.tchd,
  TCHD_W: (v) => r2(v.tchd * v.vm.writeShare),
  '%ACTV': (v) => Math.round(100 * v.vm.actInstant),
  '%ACTVS': (v) => Math.round(100 * v.vm.actSlow),
  '%ACTVF': (v) => Math.round(100 * v.vm.actFast),
  '%ACTVN': (v) => Math.round(100 * Math.max(0, 2 * v.vm.actFast - v.vm.actSlow)),
  'MCTL?': (v) => (v.vm.tools === 'running' ? 1 : 0),
  MCTLSZ: (v) => r2(v.vm.balloon),
  MCTLTGT: (v) => r2(v.vm.mctlTarget),
  MCTLMAX: (v) => v.mctlMax,
  SWCUR: (v) => r2(v.vm.swapped),
  SWTGT: (v) => r2(v.vm.swapTarget),
  'SWR/s': (v) => r2(v.vm.swapInMBps),
  'SWW/s': (v) => r2(v.vm.swapOutMBps),
  // No host cache (SSD swap) and no checkpoints on the simulated host: these are real zeros.
  'LLSWR/s': () => 0,
  'LLSWW/s': () => 0,
  CPTRD: () => 0,
  CPTTGT: () => 0,
  ZERO: (v) => v.zero,
  SHRD: (v) => v.shrd,
  SHRDSVD: (v) => v.shrdSvd,
  COWH: (v) => v.cowh,
  OVHD: (v) => r2(v.vm.overheadMB),
  OVHDMAX: (v) => r2(v.vm.overheadMaxMB),
  CACHESZ: (v) => v.cacheSz,
  CACHEUSD: (v) => v.cacheUsd,
  'ZIP/s': (v) => r2(v.vm.zipMBps),
  'UNZIP/s': (v) => r2(v.vm.unzipMBps),
  // Not modelled: NUMA placement, the VMX user world's overhead, commit accounting.
  NHN: null,
  NMIG: null,
  NRMEM: null,
  NLMEM: null,
  'N%L': null,
  OVHDUW: null,
  MCMTTGT: null,
  CMTTGT: null,
  CMTCHRG: null,
  CMTPPS: null,
};

/** What the model knows of a user world; the rest is null. */
const UW_PRODUCERS: Partial<Record<CounterId, (u: UserWorld) => Value>> = {
  NWLD: () => 1,
  AMIN: () => 0,
  AMAX: () => -1,
  ASHRS: () => -3,
  AMLMT: () => -1,
  MEMSZ: (u) => u.memSizeMB,
  GRANT: (u) => u.consumedMB,
  CNSM: (u) => u.consumedMB,
  SZTGT: (u) => u.consumedMB,
  TCHD: (u) => r2(u.consumedMB * 0.5),
  'MCTL?': () => 0,
  MCTLSZ: () => 0,
  MCTLTGT: () => 0,
  MCTLMAX: () => 0,
  SWCUR: () => 0,
  SWTGT: () => 0,
  'SWR/s': () => 0,
  'SWW/s': () => 0,
  CACHESZ: () => 0,
  CACHEUSD: () => 0,
};

const vmValues = compileCounterValues(VM_PRODUCERS);
const userWorldValues = compileCounterValues(UW_PRODUCERS);

/** One view, refilled for each VM (its values are copied out at once), so a step allocates no views. */
const view: VmView = { vm: null as unknown as SimVm, res: 0, shrd: 0, shrdSvd: 0, cnsm: 0, zero: 0, cowh: 0, tchd: 0, cacheSz: 0, cacheUsd: 0, mctlMax: 0 };

function viewOf(vm: SimVm): VmView {
  const res = resident(vm);
  const saved = sharedSaved(vm);
  view.vm = vm;
  view.res = r2(res);
  view.shrd = r2(res * vm.shareLevel);
  view.shrdSvd = r2(saved);
  view.cnsm = r2(res - saved);
  view.zero = r2(res * Math.min(vm.shareLevel, vm.zeroShare));
  view.cowh = r2(Math.max(0, res * vm.sharePotential - view.shrd));
  view.tchd = r2(Math.min(vm.demand, res));
  view.cacheSz = r2(compressionCacheSize(vm));
  view.cacheUsd = r2(compressionCacheUsed(vm));
  view.mctlMax = r2(balloonMax(vm));
  return view;
}

/**
 * Builds the sample for the model's current moment and sets the model's state
 * from the free memory it shows (so that the state word always matches it).
 */
export function buildSample(model: HostModel, time: number, notes: SampleNote[]): Sample {
  const groups: Group[] = [];
  for (const uw of model.userWorlds) {
    const values = userWorldValues(uw);
    groups.push({ gid: uw.gid, name: uw.name, kind: 'userworld', values, extra: {} });
  }
  let mctl = 0, mctlTgt = 0, mctlMax = 0, swap = 0, swapTgt = 0, swr = 0, sww = 0;
  let shared = 0, saved = 0, zippedGuest = 0, cacheUsd = 0, nonKernel = 0;
  for (const uw of model.userWorlds) nonKernel += uw.consumedMB;
  for (const vm of model.vms) {
    if (!vm.on) continue;
    const v = viewOf(vm);
    const values = vmValues(v);
    groups.push({ gid: vm.gid, name: vm.spec.name, kind: 'vm', values, extra: {} });
    mctl += values.MCTLSZ as number;
    mctlTgt += values.MCTLTGT as number;
    mctlMax += v.mctlMax;
    swap += values.SWCUR as number;
    swapTgt += values.SWTGT as number;
    swr += values['SWR/s'] as number;
    sww += values['SWW/s'] as number;
    shared += v.shrd;
    saved += v.shrdSvd;
    zippedGuest += vm.zipped;
    cacheUsd += v.cacheUsd;
    nonKernel += v.cnsm + (values.OVHD as number) + v.cacheSz;
  }
  const kernel = model.kernelMB;
  const nonKernelMB = Math.round(nonKernel);
  const free = model.machineMB - kernel - nonKernelMB;
  model.updateState(free);
  const reserved = Math.round(model.reservedMB());
  const zipped = Math.round(zippedGuest);
  const host: Record<HostCounterId, Value> = {
    overcommit1: r2(model.overcommit[0]),
    overcommit5: r2(model.overcommit[1]),
    overcommit15: r2(model.overcommit[2]),
    machine: model.machineMB,
    kernel,
    nonKernel: nonKernelMB,
    free,
    managed: model.managedMB,
    minFree: model.minFreeMB,
    reserved,
    unreserved: model.managedMB - reserved,
    state: stateToNumber(model.state),
    pshareShared: Math.round(shared),
    pshareCommon: Math.round(shared) - Math.round(saved),
    pshareSavings: Math.round(saved),
    swapUsed: Math.round(swap),
    swapTarget: Math.round(swapTgt),
    swapReadRate: r2(swr),
    swapWriteRate: r2(sww),
    zipped,
    zipSaved: Math.max(0, zipped - Math.round(cacheUsd)),
    memctlCurrent: Math.round(mctl),
    memctlTarget: Math.round(mctlTgt),
    memctlMax: Math.round(mctlMax),
  };
  for (const id of HOST_COUNTER_IDS) if (!(id in host)) host[id] = null;
  const sample: Sample = { time, host: { hostname: model.hostname, values: host, state: model.state, extra: {} }, groups };
  if (notes.length > 0) sample.notes = notes;
  return sample;
}
