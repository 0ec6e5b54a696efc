/**
 * What to watch: an ESXi host is its own target; on a vCenter the user picks
 * a host (`--host`) or a cluster (`--cluster`), and a vCenter with a single
 * host needs no choice. Either is given as a name (`DC0_C0`), an inventory
 * path as govc prints it (`/DC0/host/DC0_C0`; a standalone host also by its
 * compute resource's path) or a managed object id (`host-21`). A name two
 * objects share is an error listing each with its path and id; a wrong or
 * missing choice lists what exists.
 */
import type { MoRef, SoapClient } from './soap-client';
import { VsphereError } from './vsphere-error';
import { createContainerView, retrieveProperties, type ServiceContent } from './vim-api';
import type { ObjectContent } from './property-reader';
import { moRefOf } from './soap-client';

export interface TargetChoice {
  host: string | null;
  cluster: string | null;
}

export interface Target {
  /** What the header shows as the host name: the host or the cluster. */
  name: string | null;
  /** Container of the VMs (and, unless `hosts` is given, of the hosts). */
  container: MoRef;
  /** Types the container view holds. */
  viewTypes: string[];
  recursive: boolean;
  /** Host objects read directly (when the container holds only VMs). */
  hosts: MoRef[];
}

/** A host or cluster of the inventory, with where it is. */
interface Candidate {
  ref: MoRef;
  name: string;
  path: string;
  /** A standalone host's compute resource path (`/DC0/host/DC0_H0` for the host `/DC0/host/DC0_H0/DC0_H0`). */
  resourcePath: string | null;
}

const MAX_LISTED = 20;
/** The inventory objects a path goes through. */
const INVENTORY_TYPES = ['Folder', 'Datacenter', 'ComputeResource', 'ClusterComputeResource', 'HostSystem'];

function list(labels: string[]): string {
  const sorted = [...labels].sort();
  return sorted.length > MAX_LISTED ? `${sorted.slice(0, MAX_LISTED).join(', ')}, ... (${sorted.length} in all)` : sorted.join(', ');
}

/** Names as the user knows them; a name that is not unique is shown with its path. */
function labels(cs: readonly Candidate[]): string[] {
  const count = new Map<string, number>();
  for (const c of cs) count.set(c.name, (count.get(c.name) ?? 0) + 1);
  return cs.map((c) => ((count.get(c.name) ?? 0) > 1 ? c.path : c.name));
}

function isVcenter(sc: ServiceContent): boolean {
  return sc.apiType === 'VirtualCenter';
}

/** Every host and cluster with its inventory path, from one read of the inventory's names and parents. */
async function inventory(client: SoapClient, sc: ServiceContent): Promise<{ hosts: Candidate[]; clusters: Candidate[] }> {
  const view = await createContainerView(client, sc, sc.rootFolder, INVENTORY_TYPES, true);
  const props = Object.fromEntries(INVENTORY_TYPES.map((t) => [t, ['name', 'parent']]));
  const objects = await retrieveProperties(client, sc, { props, view });
  const byId = new Map<string, ObjectContent>(objects.map((o) => [o.obj.value, o]));
  const nameOf = (o: ObjectContent) => o.props.get('name')?.text ?? o.obj.value;
  const pathOf = (o: ObjectContent): string => {
    const parts: string[] = [];
    let cur: ObjectContent | undefined = o;
    for (let depth = 0; cur && depth < 100; depth++) {
      parts.unshift(nameOf(cur));
      const parent = moRefOf(cur.props.get('parent'));
      // The root folder (no parent, or not in the view) is not part of a path.
      if (!parent || parent.value === sc.rootFolder.value) break;
      cur = byId.get(parent.value);
    }
    return `/${parts.join('/')}`;
  };
  const candidate = (o: ObjectContent): Candidate => {
    const parent = moRefOf(o.props.get('parent'));
    const holder = parent?.type === 'ComputeResource' ? byId.get(parent.value) : undefined;
    return { ref: o.obj, name: nameOf(o), path: pathOf(o), resourcePath: holder ? pathOf(holder) : null };
  };
  return {
    hosts: objects.filter((o) => o.obj.type === 'HostSystem').map(candidate),
    clusters: objects.filter((o) => o.obj.type === 'ClusterComputeResource').map(candidate),
  };
}

/** The objects a choice names: by path when it starts with '/', else by managed object id and by name. */
function matching(cs: readonly Candidate[], choice: string): Candidate[] {
  if (choice.startsWith('/')) {
    const path = choice.length > 1 ? choice.replace(/\/+$/, '') : choice;
    return cs.filter((c) => c.path === path || c.resourcePath === path);
  }
  return cs.filter((c) => c.ref.value === choice || c.name === choice);
}

/** The one object a choice names, or a one-line error: none (with what exists) or several (each with its path and id). */
function pick(cs: readonly Candidate[], choice: string, what: 'host' | 'cluster', where: string): Candidate {
  const found = matching(cs, choice);
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    const each = found.map((c) => `${c.path} (${c.ref.value})`).sort().join(', ');
    throw new VsphereError('usage', `${where}: ${found.length} ${what}s match ${choice}: ${each}; give --${what} a path or an id`);
  }
  const known = list(labels(cs)) || 'none';
  const how = choice.startsWith('/') ? `at the path ${choice}` : `named ${choice}`;
  throw new VsphereError('usage', `no ${what} ${how} on ${where}; ${what}s: ${known}`);
}

export async function resolveTarget(client: SoapClient, sc: ServiceContent, choice: TargetChoice): Promise<Target> {
  if (choice.host && choice.cluster) throw new VsphereError('usage', 'choose one of --host and --cluster');
  const everything: Target = { name: null, container: sc.rootFolder, viewTypes: ['VirtualMachine', 'HostSystem'], recursive: true, hosts: [] };
  const { hosts, clusters } = await inventory(client, sc);
  const where = client.url.host;

  if (!isVcenter(sc)) {
    if (choice.cluster) throw new VsphereError('usage', `${where} is an ESXi host, not a vCenter: --cluster does not apply`);
    if (choice.host && matching(hosts, choice.host).length === 0) throw new VsphereError('usage', `${where} is the ESXi host ${list(labels(hosts))}, not ${choice.host}`);
    return { ...everything, name: hosts.length === 1 ? hosts[0].name : null };
  }
  if (choice.cluster) {
    const c = pick(clusters, choice.cluster, 'cluster', where);
    return { ...everything, name: c.name, container: c.ref };
  }
  let host: Candidate;
  if (choice.host) host = pick(hosts, choice.host, 'host', where);
  else {
    if (hosts.length !== 1) {
      const cl = clusters.length > 0 ? `, or a cluster with --cluster NAME (${list(labels(clusters))})` : '';
      throw new VsphereError('usage', `${where} is a vCenter with ${hosts.length} hosts: choose one with --host NAME (${list(labels(hosts))})${cl}`);
    }
    host = hosts[0];
  }
  return { name: host.name, container: host.ref, viewTypes: ['VirtualMachine'], recursive: false, hosts: [host.ref] };
}
