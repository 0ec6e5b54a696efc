/**
 * Which hypervisor the guest runs on and which balloon driver it has.
 *
 * - Hypervisor: the firmware's DMI strings (/sys/class/dmi/id/sys_vendor and
 *   product_name, world-readable): `VMware, Inc.`, `QEMU`, `Microsoft
 *   Corporation` + `Virtual Machine`; /sys/hypervisor/type says `xen`.
 * - Drivers: loaded modules (/proc/modules, or `lsmod` output saved by an sos
 *   report), /sys/module/<name>, and the drivers' own entries: a device bound
 *   to /sys/bus/virtio/drivers/virtio_balloon, /sys/bus/vmbus/drivers/hv_balloon.
 *   vmw_balloon was called vmware_balloon before Linux 3.x's rename, and the
 *   out-of-tree module of open-vm-tools vmmemctl.
 */
import { readdirSync, statSync } from 'node:fs';
import type { BalloonDriver } from '../../sample/guest';
import { isFailure, readBounded } from './bounded-read';
import type { GuestRoot } from './guest-root';

const SMALL = 64 * 1024;
const MODULES = 4 * 1024 * 1024;

const DRIVER_MODULES: Record<BalloonDriver, readonly string[]> = {
  vmw_balloon: ['vmw_balloon', 'vmware_balloon', 'vmmemctl'],
  virtio_balloon: ['virtio_balloon'],
  hv_balloon: ['hv_balloon'],
};

/** The balloon driver each hypervisor uses. */
export const DRIVER_OF_HYPERVISOR: Record<string, BalloonDriver> = {
  VMware: 'vmw_balloon',
  KVM: 'virtio_balloon',
  'Hyper-V': 'hv_balloon',
};

export const HYPERVISOR_OF_DRIVER: Record<BalloonDriver, string> = {
  vmw_balloon: 'VMware',
  virtio_balloon: 'KVM',
  hv_balloon: 'Hyper-V',
};

function readSmall(root: GuestRoot, rel: string): string | null {
  const r = readBounded(root.path(rel), SMALL);
  return isFailure(r) ? null : r.text.trim();
}

function exists(root: GuestRoot, rel: string): boolean {
  try {
    statSync(root.path(rel));
    return true;
  } catch {
    return false;
  }
}

/** The hypervisor's name, or why it is unknown. */
export function readHypervisor(root: GuestRoot): { name: string } | { problem: string } {
  const xen = readSmall(root, 'sys/hypervisor/type');
  if (xen === 'xen') return { name: 'Xen' };
  const vendor = readSmall(root, 'sys/class/dmi/id/sys_vendor');
  const product = readSmall(root, 'sys/class/dmi/id/product_name') ?? '';
  if (vendor === null) return { problem: `no ${root.show('sys/class/dmi/id/sys_vendor')} (no DMI strings on this machine${root.live ? '' : ', or not collected'})` };
  const both = `${vendor} ${product}`;
  if (/vmware/i.test(both)) return { name: 'VMware' };
  if (/microsoft/i.test(vendor) && /virtual machine/i.test(product)) return { name: 'Hyper-V' };
  if (/qemu|kvm|red hat|ovirt|openstack/i.test(both)) return { name: 'KVM' };
  if (/xen/i.test(both)) return { name: 'Xen' };
  return { name: vendor.replace(/[\x00-\x1f\x7f-\x9f]/g, '').slice(0, 60) };
}

/** Names of loaded modules, or null when no list could be read. */
export function readModules(root: GuestRoot): Set<string> | null {
  for (const rel of ['proc/modules', 'lsmod', 'sos_commands/kernel/lsmod']) {
    const r = readBounded(root.path(rel), MODULES);
    if (isFailure(r)) continue;
    const names = new Set<string>();
    for (const line of r.text.split('\n')) {
      const m = /^([A-Za-z0-9_-]+)\s+\d+/.exec(line);
      if (m) names.add(m[1].replace(/-/g, '_'));
    }
    return names;
  }
  return null;
}

interface DriverEvidence {
  /** Some sign of the driver (a module, a bound device, its statistics file). */
  present: boolean;
  /** For virtio_balloon: the features file of the bound balloon device. */
  virtioFeatures: string | null;
}

/** Signs of one driver apart from its statistics file. */
export function driverEvidence(root: GuestRoot, driver: BalloonDriver, modules: Set<string> | null): DriverEvidence {
  const names = DRIVER_MODULES[driver];
  let present = !!modules && names.some((n) => modules.has(n));
  present ||= names.some((n) => exists(root, `sys/module/${n}`));
  let virtioFeatures: string | null = null;
  if (driver === 'virtio_balloon') {
    const dir = 'sys/bus/virtio/drivers/virtio_balloon';
    let devices: string[] = [];
    try {
      devices = readdirSync(root.path(dir)).filter((d) => /^virtio\d+$/.test(d)).sort();
    } catch {
      // driver not registered
    }
    if (devices.length > 0) {
      present = true;
      virtioFeatures = readSmall(root, `${dir}/${devices[0]}/features`);
    }
  }
  if (driver === 'hv_balloon') {
    try {
      present ||= readdirSync(root.path('sys/bus/vmbus/drivers/hv_balloon')).some((d) => d.includes('-'));
    } catch {
      // driver not registered
    }
  }
  return { present, virtioFeatures };
}

/** Whether debugfs is mounted on the live guest (/proc/mounts). */
export function debugfsMounted(root: GuestRoot): boolean | null {
  const mounts = readSmall(root, 'proc/mounts');
  if (mounts === null) return null;
  return /^\S+ \/sys\/kernel\/debug debugfs /m.test(mounts);
}

/** The guest's host name: the kernel's, else /etc/hostname, else an sos report's `hostname` file. */
export function readHostname(root: GuestRoot): string | null {
  for (const rel of ['proc/sys/kernel/hostname', 'etc/hostname', 'hostname']) {
    const name = readSmall(root, rel);
    if (name) return name.split('\n')[0].replace(/[\x00-\x1f\x7f-\x9f]/g, '').slice(0, 253);
  }
  return null;
}
