/**
 * The esxtop batch counter names (`esxtop -b`, Windows perfmon "PDH" CSV) of
 * every memory counter: how a capture names what the registry calls `MCTLSZ`
 * or `memctlCurrent`. The capture reader maps header cells through these and
 * `-b` writes them back.
 *
 * Per group: `\\<host>\Group Memory(<GID>:<name>)\<counter>`;
 * for the host: `\\<host>\Memory\<counter>`. Names as a real ESXi 6.5
 * capture spells them (`Memctl`, not `MemCtl`; the host's swap rates are named
 * differently from the per-group ones).
 */
import type { CounterId } from '../../fields/group-fields';
import type { HostCounterId } from '../../fields/host-counters';

export const HOST_OBJECT = 'Memory';
export const GROUP_OBJECT = 'Group Memory';

/** Per-group counters, by registry column id. */
export const GROUP_BATCH_COUNTERS: Record<CounterId, string> = {
  NWLD: 'Members',
  AMIN: 'Alloc Min',
  AMAX: 'Alloc Max',
  ASHRS: 'Alloc Shares',
  AMLMT: 'Alloc Min Limited',
  NHN: 'Numa Home Nodes',
  NMIG: 'Numa Rebalance Count Delta',
  NRMEM: 'Numa Remote Memory MBytes',
  NLMEM: 'Numa Local Memory MBytes',
  'N%L': 'Numa % Local',
  MEMSZ: 'Memory Size MBytes',
  GRANT: 'Memory Granted Size MBytes',
  CNSM: 'Memory Consumed Size MBytes',
  SZTGT: 'Target Size MBytes',
  TCHD: 'Touched MBytes',
  TCHD_W: 'Touched Write MBytes',
  '%ACTV': '% Active Estimate',
  '%ACTVS': '% Active Slow Estimate',
  '%ACTVF': '% Active Fast Estimate',
  '%ACTVN': '% Active Next Estimate',
  'MCTL?': 'Memctl?',
  MCTLSZ: 'Memctl MBytes',
  MCTLTGT: 'Memctl Target MBytes',
  MCTLMAX: 'Memctl Max MBytes',
  SWCUR: 'Swapped MBytes',
  SWTGT: 'Swap Target MBytes',
  'SWR/s': 'Swap Read MBytes/sec',
  'SWW/s': 'Swap Written MBytes/sec',
  'LLSWR/s': 'Llswap Read MBytes/sec',
  'LLSWW/s': 'Llswap Written MBytes/sec',
  CPTRD: 'Checkpoint Read MBytes',
  CPTTGT: 'Checkpoint Target MBytes',
  ZERO: 'Zero MBytes',
  SHRD: 'Shared MBytes',
  SHRDSVD: 'Shared Saved MBytes',
  COWH: 'Copy On Write Hint MBytes',
  OVHDUW: 'Overhead UW MBytes',
  OVHD: 'Overhead MBytes',
  OVHDMAX: 'Overhead Max MBytes',
  MCMTTGT: 'Min Commit Target MBytes',
  CMTTGT: 'Commit Target MBytes',
  CMTCHRG: 'Commit Charged MBytes',
  CMTPPS: 'Commit Pages Per Share',
  CACHESZ: 'Compressed Memory MBytes',
  CACHEUSD: 'Used Compressed Memory MBytes',
  'ZIP/s': 'Compression MBytes/sec',
  'UNZIP/s': 'Decompression MBytes/sec',
};

/** Group counters the registry shows with decimals that esxtop's batch output writes as integers (seen in real captures). */
export const WRITTEN_AS_INTEGER: ReadonlySet<CounterId> = new Set<CounterId>(['AMIN', 'AMAX', 'AMLMT', 'CMTPPS']);

/** Host counters, by registry id. */
export const HOST_BATCH_COUNTERS: Record<HostCounterId, string> = {
  overcommit1: 'Memory Overcommit (1 Minute Avg)',
  overcommit5: 'Memory Overcommit (5 Minute Avg)',
  overcommit15: 'Memory Overcommit (15 Minute Avg)',
  machine: 'Machine MBytes',
  kernel: 'Kernel MBytes',
  nonKernel: 'NonKernel MBytes',
  free: 'Free MBytes',
  managed: 'Kernel Managed MBytes',
  minFree: 'Kernel MinFree MBytes',
  reserved: 'Kernel Reserved MBytes',
  unreserved: 'Kernel Unreserved MBytes',
  state: 'Kernel State',
  pshareShared: 'PShare Shared MBytes',
  pshareCommon: 'PShare Common MBytes',
  pshareSavings: 'PShare Savings MBytes',
  swapUsed: 'Swap Used MBytes',
  swapTarget: 'Swap Target MBytes',
  swapReadRate: 'Swap MBytes Read/sec',
  swapWriteRate: 'Swap MBytes Write/sec',
  zipped: 'Total Compressed MBytes',
  zipSaved: 'Total Saved By Compression MBytes',
  memctlCurrent: 'Memctl Current MBytes',
  memctlTarget: 'Memctl Target MBytes',
  memctlMax: 'Memctl Max MBytes',
};

const groupByName = new Map<string, CounterId>(Object.entries(GROUP_BATCH_COUNTERS).map(([id, name]) => [name, id as CounterId]));
const hostByName = new Map<string, HostCounterId>(Object.entries(HOST_BATCH_COUNTERS).map(([id, name]) => [name, id as HostCounterId]));

/** The registry id of a per-group batch counter, or undefined when the registry does not know it. */
export function groupCounterByBatchName(name: string): CounterId | undefined {
  return groupByName.get(name);
}

/** The registry id of a host batch counter, or undefined when the registry does not know it. */
export function hostCounterByBatchName(name: string): HostCounterId | undefined {
  return hostByName.get(name);
}
