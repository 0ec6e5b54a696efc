/**
 * What an instructor does to the simulated host from the dashboard, applied
 * to the model as the scenario's own events are: each action either changes
 * the host and says so in one line (the caption the class sees), or says why
 * it cannot be done and changes nothing.
 */
import type { SourceAction } from '../../source';
import type { HostModel } from './host-model';
import { applyEvent } from './timeline-events';
import { balloonMax, type SimVm } from './vm-model';

interface ActionOutcome {
  ok: boolean;
  text: string;
}

const MB = (n: number) => `${Math.round(n)} MB`;

function done(text: string): ActionOutcome {
  return { ok: true, text };
}

function refused(text: string): ActionOutcome {
  return { ok: false, text };
}

/** The VM an action names, if it is running: only a VM in the table can be acted on. */
function runningVm(model: HostModel, name: string): SimVm | string {
  const vm = model.byName.get(name);
  if (!vm) return `there is no VM named ${name}`;
  if (!vm.on) return `${name} is powered off`;
  return vm;
}

export function applyAction(model: HostModel, action: SourceAction): ActionOutcome {
  const at = { at: model.time, line: 0 };
  switch (action.kind) {
    case 'powerHungryVm': {
      const vm = model.hungryVm;
      if (vm.on === action.on) return refused(`${vm.spec.name} is already powered ${action.on ? 'on' : 'off'}`);
      const notes = applyEvent(model, { ...at, action: action.on ? 'powerOn' : 'powerOff', vm: vm.spec.name });
      if (notes.length > 0) return refused(notes[0].text);
      return done(action.on ? `${vm.spec.name} powered on (${MB(vm.spec.memoryMB)}, a working set of ${MB(vm.spec.demandMB)})` : `${vm.spec.name} powered off`);
    }
    case 'setHostMemory': {
      const mb = Math.round(action.memoryMB);
      if (!(mb >= 1024) || mb <= 2 * model.kernelMB) return refused(`host memory must be at least ${Math.max(1024, 2 * model.kernelMB + 1)} MB`);
      if (mb > 64 * 1024 * 1024) return refused('host memory must be at most 64 TB');
      const before = model.machineMB;
      model.setMachineMB(mb);
      if (model.reservedMB() > model.managedMB) {
        model.setMachineMB(before);
        return refused(`${MB(mb)} cannot hold the reservations and overheads of the running VMs`);
      }
      return done(`host memory changed from ${MB(before)} to ${MB(mb)} (minFree ${MB(model.minFreeMB)})`);
    }
  }
  const vm = runningVm(model, action.vm);
  if (typeof vm === 'string') return refused(vm);
  const name = vm.spec.name;
  switch (action.kind) {
    case 'setLimit': {
      const mb = Math.round(action.limitMB);
      if (!(mb > 0)) return refused('a limit must be a positive number of MB');
      if (mb < vm.reservationMB) return refused(`a limit of ${MB(mb)} is below ${name}'s reservation (${MB(vm.reservationMB)})`);
      applyEvent(model, { ...at, action: 'setLimit', vm: name, limitMB: mb });
      return done(`limit of ${MB(mb)} set on ${name} (configured ${MB(vm.spec.memoryMB)})`);
    }
    case 'removeLimit':
      if (vm.limitMB === null) return refused(`${name} has no limit`);
      applyEvent(model, { ...at, action: 'removeLimit', vm: name });
      return done(`limit removed from ${name}`);
    case 'stopTools':
      if (vm.tools !== 'running') return refused(`VMware Tools are not running in ${name}`);
      applyEvent(model, { ...at, action: 'stopTools', vm: name });
      return done(`VMware Tools stopped in ${name}: no balloon driver (MCTL? N)`);
    case 'startTools':
      if (vm.tools === 'running') return refused(`VMware Tools are already running in ${name}`);
      applyEvent(model, { ...at, action: 'startTools', vm: name });
      return done(`VMware Tools started in ${name}: the balloon driver is back (MCTL? Y)`);
    case 'setMaxMemctl': {
      const mb = action.maxMemctlMB === null ? null : Math.round(action.maxMemctlMB);
      if (mb !== null && !(mb >= 0)) return refused('sched.mem.maxmemctl must be 0 or more MB');
      vm.maxMemctlMB = mb;
      vm.balloon = Math.min(vm.balloon, balloonMax(vm));
      return done(mb === null ? `sched.mem.maxmemctl cleared on ${name}: MCTLMAX back to ${MB(balloonMax(vm))}` : `sched.mem.maxmemctl = ${mb} set on ${name} (MCTLMAX ${MB(balloonMax(vm))})`);
    }
    case 'setReservation': {
      const mb = Math.round(action.reservationMB);
      if (!(mb >= 0) || mb > vm.spec.memoryMB) return refused(`a reservation must be from 0 to ${name}'s ${MB(vm.spec.memoryMB)}`);
      if (vm.limitMB !== null && mb > vm.limitMB) return refused(`a reservation of ${MB(mb)} is above ${name}'s limit (${MB(vm.limitMB)})`);
      if (mb - vm.reservationMB > model.unreservedMB()) return refused(`the host has only ${MB(model.unreservedMB())} unreserved: a reservation of ${MB(mb)} on ${name} is refused`);
      vm.reservationMB = mb;
      vm.balloon = Math.min(vm.balloon, balloonMax(vm));
      return done(mb === 0 ? `reservation removed from ${name}` : `reservation of ${MB(mb)} set on ${name}`);
    }
  }
}
