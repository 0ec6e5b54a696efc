/**
 * The 24 host `Memory` counters of an esxtop batch capture, in file order
 * [DOMAIN.md section 4, verified], with the header line each one feeds.
 */

export interface HostCounter {
  /** Stable id used in `Sample.host.values`, the recording format and the feed. */
  id: string;
  /** Counter name as `esxtop -b` writes it after `\\<host>\Memory\`. */
  batchCounter: string;
  unit: 'MB' | 'MB/s' | 'ratio' | 'state';
  /** Header line of the memory page that shows it, and the label there. */
  line: 'MEM' | 'PMEM' | 'VMKMEM' | 'PSHARE' | 'SWAP' | 'ZIP' | 'MEMCTL';
  label: string;
  /**
   * Where the vSphere API has it: a realtime counter (group.name.rollup) or a
   * HostSystem property path, and the factor to esxtop's unit.
   */
  vsphere: { counter: string; scale: number } | { property: string; scale: number } | null;
  description: string;
}

const KB_TO_MB = 1 / 1024;

export const HOST_COUNTERS = [
  { id: 'overcommit1', batchCounter: 'Memory Overcommit (1 Minute Avg)', unit: 'ratio', line: 'MEM', label: 'overcommit 1 min', vsphere: null, description: 'Memory overcommit, 1-minute average' },
  { id: 'overcommit5', batchCounter: 'Memory Overcommit (5 Minute Avg)', unit: 'ratio', line: 'MEM', label: 'overcommit 5 min', vsphere: null, description: 'Memory overcommit, 5-minute average' },
  { id: 'overcommit15', batchCounter: 'Memory Overcommit (15 Minute Avg)', unit: 'ratio', line: 'MEM', label: 'overcommit 15 min', vsphere: null, description: 'Memory overcommit, 15-minute average' },
  { id: 'machine', batchCounter: 'Machine MBytes', unit: 'MB', line: 'PMEM', label: 'total', vsphere: { property: 'hardware.memorySize', scale: 1 / (1024 * 1024) }, description: 'Machine memory of the host' },
  { id: 'kernel', batchCounter: 'Kernel MBytes', unit: 'MB', line: 'PMEM', label: 'vmk', vsphere: null, description: 'Machine memory used by the VMkernel' },
  { id: 'nonKernel', batchCounter: 'NonKernel MBytes', unit: 'MB', line: 'PMEM', label: 'other', vsphere: null, description: 'Machine memory used by everything else (VMs, user worlds)' },
  { id: 'free', batchCounter: 'Free MBytes', unit: 'MB', line: 'PMEM', label: 'free', vsphere: null, description: 'Free machine memory' },
  { id: 'managed', batchCounter: 'Kernel Managed MBytes', unit: 'MB', line: 'VMKMEM', label: 'managed', vsphere: null, description: 'Machine memory managed by the VMkernel' },
  { id: 'minFree', batchCounter: 'Kernel MinFree MBytes', unit: 'MB', line: 'VMKMEM', label: 'minfree', vsphere: null, description: 'Minimum free memory the VMkernel keeps (sliding scale of managed memory)' },
  { id: 'reserved', batchCounter: 'Kernel Reserved MBytes', unit: 'MB', line: 'VMKMEM', label: 'rsvd', vsphere: null, description: 'Managed memory reserved' },
  { id: 'unreserved', batchCounter: 'Kernel Unreserved MBytes', unit: 'MB', line: 'VMKMEM', label: 'ursvd', vsphere: null, description: 'Managed memory not reserved' },
  { id: 'state', batchCounter: 'Kernel State', unit: 'state', line: 'VMKMEM', label: 'state', vsphere: { counter: 'mem.state.latest', scale: 1 }, description: 'Memory state: 0 high, 1 clear, 2 soft, 3 hard, 4 low' },
  { id: 'pshareShared', batchCounter: 'PShare Shared MBytes', unit: 'MB', line: 'PSHARE', label: 'shared', vsphere: { counter: 'mem.shared.average', scale: KB_TO_MB }, description: 'Guest memory shared by transparent page sharing' },
  { id: 'pshareCommon', batchCounter: 'PShare Common MBytes', unit: 'MB', line: 'PSHARE', label: 'common', vsphere: { counter: 'mem.sharedcommon.average', scale: KB_TO_MB }, description: 'Machine memory backing the shared pages' },
  { id: 'pshareSavings', batchCounter: 'PShare Savings MBytes', unit: 'MB', line: 'PSHARE', label: 'saving', vsphere: null, description: 'Memory saved by page sharing (shared - common)' },
  { id: 'swapUsed', batchCounter: 'Swap Used MBytes', unit: 'MB', line: 'SWAP', label: 'curr', vsphere: { counter: 'mem.swapused.average', scale: KB_TO_MB }, description: 'Memory swapped out by the hypervisor' },
  { id: 'swapTarget', batchCounter: 'Swap Target MBytes', unit: 'MB', line: 'SWAP', label: 'rclmtgt', vsphere: null, description: 'Memory the VMkernel wants swapped' },
  { id: 'swapReadRate', batchCounter: 'Swap MBytes Read/sec', unit: 'MB/s', line: 'SWAP', label: 'r/s', vsphere: { counter: 'mem.swapinRate.average', scale: KB_TO_MB }, description: 'Rate of reads from hypervisor swap' },
  { id: 'swapWriteRate', batchCounter: 'Swap MBytes Write/sec', unit: 'MB/s', line: 'SWAP', label: 'w/s', vsphere: { counter: 'mem.swapoutRate.average', scale: KB_TO_MB }, description: 'Rate of writes to hypervisor swap' },
  { id: 'zipped', batchCounter: 'Total Compressed MBytes', unit: 'MB', line: 'ZIP', label: 'zipped', vsphere: { counter: 'mem.compressed.average', scale: KB_TO_MB }, description: 'Memory held compressed' },
  { id: 'zipSaved', batchCounter: 'Total Saved By Compression MBytes', unit: 'MB', line: 'ZIP', label: 'saved', vsphere: null, description: 'Memory saved by compression' },
  { id: 'memctlCurrent', batchCounter: 'Memctl Current MBytes', unit: 'MB', line: 'MEMCTL', label: 'curr', vsphere: { counter: 'mem.vmmemctl.average', scale: KB_TO_MB }, description: 'Memory reclaimed by balloon drivers, all VMs' },
  { id: 'memctlTarget', batchCounter: 'Memctl Target MBytes', unit: 'MB', line: 'MEMCTL', label: 'target', vsphere: null, description: 'Memory the VMkernel wants ballooned, all VMs' },
  { id: 'memctlMax', batchCounter: 'Memctl Max MBytes', unit: 'MB', line: 'MEMCTL', label: 'max', vsphere: null, description: 'Most memory the balloon drivers may reclaim, all VMs' },
] as const satisfies readonly HostCounter[];

export type HostCounterId = (typeof HOST_COUNTERS)[number]['id'];

export const HOST_COUNTER_IDS: readonly HostCounterId[] = HOST_COUNTERS.map((c) => c.id);

const byBatchName = new Map<string, HostCounter>(HOST_COUNTERS.map((c) => [c.batchCounter, c]));

/** The host counter for a batch counter name, or undefined when the registry does not know it. */
export function hostCounterByBatchName(name: string): HostCounter | undefined {
  return byBatchName.get(name);
}

/** A host values record with every counter missing. */
export function emptyHostValues(): Record<HostCounterId, number | null> {
  const values = {} as Record<HostCounterId, number | null>;
  for (const id of HOST_COUNTER_IDS) values[id] = null;
  return values;
}
