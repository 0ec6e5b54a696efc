/**
 * The 24 host memory counters of esxtop's memory page, in the order an
 * `esxtop -b` capture writes them, with the header line each one feeds.
 * Where each comes from is the sources' business (`src/sources/<name>/`).
 */

interface HostCounter {
  /** Stable id used in `Sample.host.values`, the recording format and the feed. */
  id: string;
  unit: 'MB' | 'MB/s' | 'ratio' | 'state';
  /** Header line of the memory page that shows it, and the label there. */
  line: 'MEM' | 'PMEM' | 'VMKMEM' | 'PSHARE' | 'SWAP' | 'ZIP' | 'MEMCTL';
  label: string;
  description: string;
}

export const HOST_COUNTERS = [
  { id: 'overcommit1', unit: 'ratio', line: 'MEM', label: 'overcommit 1 min', description: 'Memory overcommit, 1-minute average' },
  { id: 'overcommit5', unit: 'ratio', line: 'MEM', label: 'overcommit 5 min', description: 'Memory overcommit, 5-minute average' },
  { id: 'overcommit15', unit: 'ratio', line: 'MEM', label: 'overcommit 15 min', description: 'Memory overcommit, 15-minute average' },
  { id: 'machine', unit: 'MB', line: 'PMEM', label: 'total', description: 'Machine memory of the host' },
  { id: 'kernel', unit: 'MB', line: 'PMEM', label: 'vmk', description: 'Machine memory used by the VMkernel' },
  { id: 'nonKernel', unit: 'MB', line: 'PMEM', label: 'other', description: 'Machine memory used by everything else (VMs, user worlds)' },
  { id: 'free', unit: 'MB', line: 'PMEM', label: 'free', description: 'Free machine memory' },
  { id: 'managed', unit: 'MB', line: 'VMKMEM', label: 'managed', description: 'Machine memory managed by the VMkernel' },
  { id: 'minFree', unit: 'MB', line: 'VMKMEM', label: 'minfree', description: 'Minimum free memory the VMkernel keeps (sliding scale of managed memory)' },
  { id: 'reserved', unit: 'MB', line: 'VMKMEM', label: 'rsvd', description: 'Managed memory reserved' },
  { id: 'unreserved', unit: 'MB', line: 'VMKMEM', label: 'ursvd', description: 'Managed memory not reserved' },
  { id: 'state', unit: 'state', line: 'VMKMEM', label: 'state', description: 'Memory state: 0 high, 1 clear, 2 soft, 3 hard, 4 low' },
  { id: 'pshareShared', unit: 'MB', line: 'PSHARE', label: 'shared', description: 'Guest memory shared by transparent page sharing' },
  { id: 'pshareCommon', unit: 'MB', line: 'PSHARE', label: 'common', description: 'Machine memory backing the shared pages' },
  { id: 'pshareSavings', unit: 'MB', line: 'PSHARE', label: 'saving', description: 'Memory saved by page sharing (shared - common)' },
  { id: 'swapUsed', unit: 'MB', line: 'SWAP', label: 'curr', description: 'Memory swapped out by the hypervisor' },
  { id: 'swapTarget', unit: 'MB', line: 'SWAP', label: 'rclmtgt', description: 'Memory the VMkernel wants swapped' },
  { id: 'swapReadRate', unit: 'MB/s', line: 'SWAP', label: 'r/s', description: 'Rate of reads from hypervisor swap' },
  { id: 'swapWriteRate', unit: 'MB/s', line: 'SWAP', label: 'w/s', description: 'Rate of writes to hypervisor swap' },
  { id: 'zipped', unit: 'MB', line: 'ZIP', label: 'zipped', description: 'Memory held compressed' },
  { id: 'zipSaved', unit: 'MB', line: 'ZIP', label: 'saved', description: 'Memory saved by compression' },
  { id: 'memctlCurrent', unit: 'MB', line: 'MEMCTL', label: 'curr', description: 'Memory reclaimed by balloon drivers, all VMs' },
  { id: 'memctlTarget', unit: 'MB', line: 'MEMCTL', label: 'target', description: 'Memory the VMkernel wants ballooned, all VMs' },
  { id: 'memctlMax', unit: 'MB', line: 'MEMCTL', label: 'max', description: 'Most memory the balloon drivers may reclaim, all VMs' },
] as const satisfies readonly HostCounter[];

export type HostCounterId = (typeof HOST_COUNTERS)[number]['id'];

export const HOST_COUNTER_IDS: readonly HostCounterId[] = HOST_COUNTERS.map((c) => c.id);

/** A host values record with every counter missing. */
export function emptyHostValues(): Record<HostCounterId, number | null> {
  const values = {} as Record<HostCounterId, number | null>;
  for (const id of HOST_COUNTER_IDS) values[id] = null;
  return values;
}
