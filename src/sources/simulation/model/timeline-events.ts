/**
 * Timeline events applied to the host model: power on and off, demand
 * changes, limits, Tools, sched.mem.maxmemctl.
 */
import type { SampleNote } from '../../../sample/sample';
import type { HostModel } from './host-model';
import type { TimelineEvent } from '../scenario/scenario';
import { balloonMax, demandAt, levelAt } from './vm-model';

/** An event that changes the host (captions are the caption schedule's). */
type HostEvent = Exclude<TimelineEvent, { action: 'narrate' }>;

/** Applies one timeline event; returns the captions it produces (a power-on that failed). */
export function applyEvent(model: HostModel, ev: HostEvent): SampleNote[] {
  const vm = model.byName.get(ev.vm);
  if (!vm) return [];
  switch (ev.action) {
    case 'powerOn': {
      if (vm.on) return [];
      const need = vm.overheadMaxMB + vm.reservationMB;
      if (model.unreservedMB() < need || model.freeMB() - model.blockFloorMB() < vm.overheadMB) {
        return [{ text: `${vm.spec.name}: power on failed: the host has not enough memory resources for its overhead and reservation.`, pause: false }];
      }
      vm.on = true;
      vm.footprint = vm.balloon = vm.swapped = vm.zipped = 0;
      vm.demand = demandAt(vm, model.time);
      vm.shareLevel = vm.zeroShare;
      vm.actFast = vm.actSlow = vm.actInstant = 0;
      vm.sizeTarget = vm.overheadMB;
      return [];
    }
    case 'powerOff':
      vm.on = false;
      vm.footprint = vm.balloon = vm.swapped = vm.zipped = 0;
      vm.swapInMBps = vm.swapOutMBps = vm.zipMBps = vm.unzipMBps = 0;
      return [];
    case 'demand': {
      const from = levelAt(vm, model.time);
      vm.rampFrom = from;
      vm.rampTo = ev.demandMB;
      vm.rampStart = model.time;
      vm.rampEnd = model.time + ev.rampS;
      return [];
    }
    case 'setLimit':
      vm.limitMB = ev.limitMB;
      return [];
    case 'removeLimit':
      vm.limitMB = null;
      return [];
    case 'uninstallTools':
    case 'stopTools':
      vm.tools = ev.action === 'uninstallTools' ? 'none' : 'stopped';
      // The driver lets go of its pages: the guest has them back (untouched).
      vm.balloon = 0;
      return [];
    case 'startTools':
      if (vm.tools === 'stopped' || vm.tools === 'none') vm.tools = 'running';
      return [];
    case 'setMaxMemctl':
      // On a real host sched.mem.maxmemctl takes effect at the next power on; here at once.
      vm.maxMemctlMB = ev.maxMemctlMB;
      vm.balloon = Math.min(vm.balloon, balloonMax(vm));
      return [];
  }
}
