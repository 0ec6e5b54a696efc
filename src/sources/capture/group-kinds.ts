/**
 * Tells VMs from user worlds and system groups by the structure of the
 * capture, never by their names.
 *
 * Evidence, strongest first:
 * 1. A VM's group runs a VMX: in `Vcpu(<GID>:<name>:<WID>:<world>)` one world
 *    is `vmx` or `vmx-vcpu-<n>:...`; and only VM groups have `Group Cpu(...)\% VmWait`.
 * 2. A user world's group is a cartel: its name is `<program>.<cartel id>` and
 *    one of its worlds has that id (`hostd.66694` has world 66694).
 * 3. Without per-world columns (memory-only captures), the first sample
 *    in which the group has values decides: a VM has a VMM overhead reservation (`Overhead Max MBytes` > 0)
 *    or a balloon limit (`Memctl Max MBytes` > 0); a user world has neither
 *    and a `<program>.<number>` name; anything else is a system group.
 */
import type { CpuSummary, GroupKind } from '../../sample/sample';
import type { CounterPath } from './pdh-header';

interface KindEvidence {
  /** GIDs with a `Group Cpu(...)\% VmWait` counter. */
  vmWait: Set<number>;
  /** Per GID, the `Vcpu` instances after `<GID>:` (`<name>:<WID>:<world>`). */
  worlds: Map<number, Set<string>>;
}

export function newKindEvidence(): KindEvidence {
  return { vmWait: new Set(), worlds: new Map() };
}

const GID = /^(?:0|-?[1-9]\d{0,15})$/;

/**
 * A GID as esxtop writes it: a whole number in plain decimal digits (no
 * leading zero; a minus sign is kept as written, though esxtop writes none)
 * of at most 2^53 - 1, so that it is exactly the number it reads as; null
 * for any other text.
 */
export function parseGid(text: string): number | null {
  if (!GID.test(text)) return null;
  const gid = Number(text);
  return Number.isSafeInteger(gid) ? gid : null;
}

/** Collect evidence from one header counter path; true when it was kept (new evidence). */
export function noteKindEvidence(ev: KindEvidence, p: CounterPath): boolean {
  if (p.instance === null) return false;
  if (p.object === 'Group Cpu' && p.counter === '% VmWait') {
    const gid = leadingGid(p.instance);
    if (gid === null || ev.vmWait.has(gid)) return false;
    ev.vmWait.add(gid);
    return true;
  }
  if (p.object !== 'Vcpu') return false;
  const gid = leadingGid(p.instance);
  if (gid === null) return false;
  let set = ev.worlds.get(gid);
  if (!set) ev.worlds.set(gid, (set = new Set()));
  const world = p.instance.slice(p.instance.indexOf(':') + 1);
  if (set.has(world)) return false;
  set.add(world);
  return true;
}

function leadingGid(instance: string): number | null {
  const colon = instance.indexOf(':');
  return colon < 0 ? null : parseGid(instance.slice(0, colon));
}

const CARTEL_NAME = /^.+\.(\d+)$/;

/** The kind decided from the header alone, or null when the header has no per-world evidence for this group. */
export function kindFromHeader(ev: KindEvidence, gid: number, name: string): GroupKind | null {
  if (ev.vmWait.has(gid)) return 'vm';
  const worlds = ev.worlds.get(gid);
  if (!worlds) return null;
  const prefix = `${name}:`;
  const worldIds = new Set<number>();
  for (const w of worlds) {
    if (!w.startsWith(prefix)) continue;
    const rest = w.slice(prefix.length);
    const colon = rest.indexOf(':');
    if (colon < 0) continue;
    const world = rest.slice(colon + 1);
    if (world === 'vmx' || world.startsWith('vmx-vcpu-')) return 'vm';
    worldIds.add(Number(rest.slice(0, colon)));
  }
  const m = CARTEL_NAME.exec(name);
  if (m && worldIds.has(Number(m[1]))) return 'userworld';
  return 'system';
}

const VCPU_WORLD = /^vmx-vcpu-\d+(?::|$)/;

/**
 * esxtop's summary counts from the same `Vcpu(<GID>:<name>:<WID>:<world>)`
 * instances (one per world, every group): worlds = all of them, vCPUs = the
 * `vmx-vcpu-<n>` worlds of the VM groups. Null without a Vcpu object.
 */
export function cpuSummary(ev: KindEvidence, vms: readonly { gid: number; name: string }[]): CpuSummary | null {
  if (ev.worlds.size === 0) return null;
  let worlds = 0;
  for (const set of ev.worlds.values()) worlds += set.size;
  let vcpus = 0;
  for (const vm of vms) {
    const prefix = `${vm.name}:`;
    for (const w of ev.worlds.get(vm.gid) ?? []) {
      if (!w.startsWith(prefix)) continue;
      const rest = w.slice(prefix.length);
      if (VCPU_WORLD.test(rest.slice(rest.indexOf(':') + 1))) vcpus++;
    }
  }
  return { worlds, vcpus };
}

/** The kind decided from a group's first values, for captures without per-world columns. */
export function kindFromValues(name: string, overheadMax: number | null, memctlMax: number | null): GroupKind {
  if ((overheadMax ?? 0) > 0 || (memctlMax ?? 0) > 0) return 'vm';
  if (CARTEL_NAME.test(name)) return 'userworld';
  return 'system';
}
