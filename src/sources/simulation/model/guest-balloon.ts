/**
 * The balloon inside a guest: inflating takes pages the guest gives up, and a
 * guest squeezed below its working set pages inside (invisible to the host)
 * or, without swap, runs its OOM killer.
 */
import type { SampleNote } from '../../../sample/sample';
import { SIM } from './constants';
import { levelAt, resident, type SimVm } from './vm-model';

/** The balloon takes `x` MB of the guest's pages: resident ones first as the guest picks them, never the reservation. */
export function inflateBalloon(vm: SimVm, x: number, protectedMB: number): void {
  if (x <= 0) return;
  const f = vm.footprint;
  if (f <= 0) return;
  x = Math.min(x, f);
  const fromResident = Math.min(x * (resident(vm) / f), Math.max(0, resident(vm) - protectedMB));
  let rest = x - fromResident;
  const fromZip = Math.min(vm.zipped, (rest * vm.zipped) / Math.max(1e-9, vm.zipped + vm.swapped));
  vm.zipped -= fromZip;
  rest -= fromZip;
  const fromSwap = Math.min(vm.swapped, rest);
  vm.swapped -= fromSwap;
  const taken = fromResident + fromZip + fromSwap;
  vm.footprint -= taken;
  vm.balloon += taken;
}

/**
 * The guest under the balloon: if its working set no longer fits in what the
 * balloon leaves it, a guest with swap pages (invisible to the host), and one
 * without swap runs its OOM killer, which ends the biggest process.
 */
export function squeezeGuest(vm: SimVm, now: number, notes: SampleNote[]): void {
  const mem = vm.spec.memoryMB;
  const room = mem - vm.balloon - SIM.guestReserveMB(mem);
  if (vm.demand <= room || vm.spec.guestSwapMB >= vm.demand - room) return;
  const killed = Math.max(vm.demand - room, 0.4 * vm.demand);
  const pid = vm.rng.int(1200, 32000);
  vm.oomKills++;
  const totalVmKB = Math.round(killed * 1024 * 1.3);
  const rssKB = Math.round(killed * 1024);
  notes.push({
    text:
      vm.spec.os === 'linux'
        ? `[${vm.spec.name} console] Out of memory: Killed process ${pid} (${vm.spec.oomProcess}) total-vm:${totalVmKB}kB, anon-rss:${rssKB}kB, file-rss:0kB`
        : `[${vm.spec.name}] the guest ran out of memory and ended ${vm.spec.oomProcess} (${Math.round(killed)} MB)`,
    pause: false,
  });
  const newLevel = Math.max(mem * 0.05, levelAt(vm, now) - killed);
  vm.rampFrom = vm.rampTo = newLevel;
  vm.rampStart = vm.rampEnd = now;
  vm.demand = Math.max(mem * 0.02, vm.demand - killed);
}
