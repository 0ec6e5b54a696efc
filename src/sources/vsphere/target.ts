/**
 * What to watch: an ESXi host is its own target; on a vCenter the user picks
 * a host (`--host NAME`) or a cluster (`--cluster NAME`), and a vCenter with
 * a single host needs no choice. A wrong or missing choice lists what exists.
 */
import type { MoRef, SoapClient } from './soap-client';
import { VsphereError } from './vsphere-error';
import { createContainerView, retrieveProperties, type ServiceContent } from './vim-api';

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

const MAX_LISTED = 20;

function list(names: string[]): string {
  const sorted = [...names].sort();
  return sorted.length > MAX_LISTED ? `${sorted.slice(0, MAX_LISTED).join(', ')}, ... (${sorted.length} in all)` : sorted.join(', ');
}

function isVcenter(sc: ServiceContent): boolean {
  return sc.apiType === 'VirtualCenter';
}

export async function resolveTarget(client: SoapClient, sc: ServiceContent, choice: TargetChoice): Promise<Target> {
  if (choice.host && choice.cluster) throw new VsphereError('usage', 'choose one of --host and --cluster');
  const everything: Target = { name: null, container: sc.rootFolder, viewTypes: ['VirtualMachine', 'HostSystem'], recursive: true, hosts: [] };
  const view = await createContainerView(client, sc, sc.rootFolder, ['HostSystem', 'ClusterComputeResource'], true);
  const objects = await retrieveProperties(client, sc, { props: { HostSystem: ['name'], ClusterComputeResource: ['name'] }, view });
  const named = (type: string) =>
    objects.filter((o) => o.obj.type === type).map((o) => ({ ref: o.obj, name: o.props.get('name')?.text ?? o.obj.value }));
  const hosts = named('HostSystem');
  const clusters = named('ClusterComputeResource');
  const where = client.url.host;

  if (!isVcenter(sc)) {
    if (choice.cluster) throw new VsphereError('usage', `${where} is an ESXi host, not a vCenter: --cluster does not apply`);
    if (choice.host && !hosts.some((h) => h.name === choice.host)) throw new VsphereError('usage', `${where} is the ESXi host ${list(hosts.map((h) => h.name))}, not ${choice.host}`);
    return { ...everything, name: hosts.length === 1 ? hosts[0].name : null };
  }
  if (choice.cluster) {
    const c = clusters.find((x) => x.name === choice.cluster);
    if (!c) throw new VsphereError('usage', `no cluster named ${choice.cluster} on ${where}; clusters: ${list(clusters.map((x) => x.name)) || 'none'}`);
    return { ...everything, name: c.name, container: c.ref };
  }
  let host = choice.host ? hosts.find((h) => h.name === choice.host) : undefined;
  if (choice.host && !host) throw new VsphereError('usage', `no host named ${choice.host} on ${where}; hosts: ${list(hosts.map((h) => h.name)) || 'none'}`);
  if (!host) {
    if (hosts.length !== 1) {
      const cl = clusters.length > 0 ? `, or a cluster with --cluster NAME (${list(clusters.map((c) => c.name))})` : '';
      throw new VsphereError('usage', `${where} is a vCenter with ${hosts.length} hosts: choose one with --host NAME (${list(hosts.map((h) => h.name))})${cl}`);
    }
    host = hosts[0];
  }
  return { name: host.name, container: host.ref, viewTypes: ['VirtualMachine'], recursive: false, hosts: [host.ref] };
}
