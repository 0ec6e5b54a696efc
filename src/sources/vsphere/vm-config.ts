/**
 * What balloontop reads from a VM's advanced settings (`config.extraConfig`):
 * `sched.mem.maxmemctl`, the most the balloon may take, in MB.
 *
 * A VM's extraConfig holds dozens of options, far more than everything else
 * balloontop reads of it, and it changes only when the VM is reconfigured. So
 * it is read once per VM, and again only when the VM's `config.changeVersion`
 * moves: a poll of VMs whose configuration did not change costs nothing more.
 */
import type { MoRef } from './soap-client';
import type { ObjectContent } from './property-reader';
import { childrenNamed, textAt, type XmlElement } from './xml';

const MAX_MEMCTL_KEY = 'sched.mem.maxmemctl';
const CHANGE_VERSION = 'config.changeVersion';
export const EXTRA_CONFIG = 'config.extraConfig';

interface Known {
  version: string;
  maxMemctl: number | null;
}

/** The option's value in MB, or null when the VM does not set it (or sets something that is not a size). */
function maxMemctlOf(extraConfig: XmlElement | undefined): number | null {
  for (const option of childrenNamed(extraConfig, 'OptionValue')) {
    if (textAt(option, 'key')?.trim() !== MAX_MEMCTL_KEY) continue;
    const v = Number(textAt(option, 'value')?.trim() ?? '');
    return Number.isFinite(v) && v >= 0 ? v : null;
  }
  return null;
}

export class VmConfigs {
  private readonly known = new Map<string, Known>();

  /** The VMs of a poll whose extraConfig is not known at its current change version. */
  stale(vms: readonly ObjectContent[]): MoRef[] {
    return vms.filter((vm) => this.known.get(vm.obj.value)?.version !== this.versionOf(vm)).map((vm) => vm.obj);
  }

  /** Takes the answer of a read of `config.changeVersion` and `config.extraConfig`. */
  learn(objects: readonly ObjectContent[]): void {
    for (const o of objects) this.known.set(o.obj.value, { version: this.versionOf(o), maxMemctl: maxMemctlOf(o.props.get(EXTRA_CONFIG)) });
  }

  /** Forgets the VMs that are gone (deleted, moved off the target), so that memory follows the inventory. */
  keepOnly(vms: readonly ObjectContent[]): void {
    if (this.known.size <= vms.length) return;
    const present = new Set(vms.map((vm) => vm.obj.value));
    for (const ref of this.known.keys()) if (!present.has(ref)) this.known.delete(ref);
  }

  /** `sched.mem.maxmemctl` of a VM in MB; null when it is unset or not known. */
  maxMemctl(ref: string): number | null {
    return this.known.get(ref)?.maxMemctl ?? null;
  }

  private versionOf(vm: ObjectContent): string {
    return vm.props.get(CHANGE_VERSION)?.text ?? '';
  }
}
