/**
 * The field registry of esxtop's memory page: the 17 field groups A to Q,
 * their columns, and how each column maps to a batch counter and to the
 * vSphere API. This is the only place in balloontop that knows columns.
 *
 * Letters, column titles and batch counter names are verified against a real
 * capture; the grouping follows the batch counter order and the 17-letter
 * config line (DOMAIN.md section 3). Panel descriptions are esxtop's as
 * remembered [inferred].
 */
import type { MemState } from '../sample/mem-state';

export type GroupLetter =
  | 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I'
  | 'J' | 'K' | 'L' | 'M' | 'N' | 'O' | 'P' | 'Q';

export type Unit = 'MB' | 'MB/s' | '%' | 'count' | 'flag' | 'shares' | 'id' | 'text';

/** How a cell is turned into text. */
export type Format =
  | 'text'   // a name, left-aligned
  | 'int'    // a whole number
  | 'fixed2' // two decimals, as esxtop prints MB and MB/s
  | 'flag';  // Y / N

/** Where a column's value comes from in a `Group`. */
export type ColumnSource = 'gid' | 'name' | 'counter' | 'none';

/** When a cell deserves attention. Evaluated by `fields/thresholds.ts`. */
export type Threshold =
  /** value > `value` */
  | { kind: 'above'; value: number; level: Level }
  /** value >= the same group's `column` (minus a rounding margin), e.g. MCTLSZ at MCTLMAX */
  | { kind: 'atLeastColumn'; column: string; margin: number; level: Level; mark: string }
  /** a flag that is off (0) while the host is in one of `states` */
  | { kind: 'offInStates'; states: readonly MemState[]; level: Level };

export type Level = 'notice' | 'alarm';

export interface VsphereMapping {
  /** Realtime performance counter (group.name.rollup), resolved to a key at run time. */
  counter?: string;
  /** Or a managed-object property path of the VM. */
  property?: string;
  /** Factor from the API's unit to the column's unit (KB to MB is 1/1024). */
  scale: number;
}

export interface Column {
  /** Column title as esxtop shows it; unique, and the key in `Group.values`. */
  id: string;
  group: GroupLetter;
  /** Width on screen, including nothing else: the table adds one space between columns. */
  width: number;
  align: 'left' | 'right';
  unit: Unit;
  format: Format;
  source: ColumnSource;
  /** Counter name after `\\<host>\Group Memory(<GID>:<name>)\` in a batch capture. */
  batchCounter: string | null;
  vsphere: VsphereMapping | null;
  description: string;
  thresholds: readonly Threshold[];
}

export interface FieldGroup {
  letter: GroupLetter;
  /** Name in the `f` panel (`MCTL`, `SWAP STATS`). */
  name: string;
  description: string;
  /** Shown by default (ESXi 6 config line `aBcDefgHijKLmnOpq`). */
  defaultVisible: boolean;
  columns: readonly Column[];
}

const KB = 1 / 1024;
const PRESSURE_STATES: readonly MemState[] = ['soft', 'hard', 'low'];

type ColumnSpec = Omit<Column, 'group' | 'align' | 'thresholds' | 'vsphere' | 'source'> &
  Partial<Pick<Column, 'align' | 'thresholds' | 'vsphere' | 'source'>>;

function group(letter: GroupLetter, name: string, description: string, defaultVisible: boolean, specs: ColumnSpec[]): FieldGroup {
  const columns = specs.map((s): Column => ({
    align: s.format === 'text' ? 'left' : 'right',
    thresholds: [],
    vsphere: null,
    source: s.batchCounter ? 'counter' : 'none',
    ...s,
    group: letter,
  }));
  return { letter, name, description, defaultVisible, columns };
}

function mb(id: string, batchCounter: string, description: string, extra: Partial<ColumnSpec> = {}): ColumnSpec {
  return { id, width: 8, unit: 'MB', format: 'fixed2', batchCounter, description, ...extra };
}

function rate(id: string, batchCounter: string, description: string, extra: Partial<ColumnSpec> = {}): ColumnSpec {
  return { id, width: 8, unit: 'MB/s', format: 'fixed2', batchCounter, description, ...extra };
}

export const FIELD_GROUPS: readonly FieldGroup[] = [
  group('A', 'ID', 'Id', false, [
    { id: 'ID', width: 8, unit: 'id', format: 'int', batchCounter: null, description: 'Resource pool or world id (not in batch captures)' },
  ]),
  group('B', 'GID', 'Group Id', true, [
    { id: 'GID', width: 8, unit: 'id', format: 'int', batchCounter: null, source: 'gid', description: 'Resource group id' },
  ]),
  group('C', 'LWID', 'Leader World Id (World Group Id)', false, [
    { id: 'LWID', width: 8, unit: 'id', format: 'int', batchCounter: null, description: 'Leader world id (not in batch captures)' },
  ]),
  group('D', 'NAME', 'Name', true, [
    { id: 'NAME', width: 16, unit: 'text', format: 'text', batchCounter: null, source: 'name', description: 'Group name: the VM name, or the user world and its cartel id' },
  ]),
  group('E', 'NWLD', 'Num Members', false, [
    { id: 'NWLD', width: 5, unit: 'count', format: 'int', batchCounter: 'Members', description: 'Number of worlds in the group' },
  ]),
  group('F', 'MEM ALLOC', 'MEM Allocations', false, [
    mb('AMIN', 'Alloc Min', 'Memory reservation (MB)', { vsphere: { property: 'config.memoryAllocation.reservation', scale: 1 } }),
    mb('AMAX', 'Alloc Max', 'Memory limit (MB); -1 means unlimited', { vsphere: { property: 'config.memoryAllocation.limit', scale: 1 } }),
    { id: 'ASHRS', width: 7, unit: 'shares', format: 'int', batchCounter: 'Alloc Shares', description: 'Memory shares (negative values are the low/normal/high presets)', vsphere: { property: 'config.memoryAllocation.shares.shares', scale: 1 } },
    mb('AMLMT', 'Alloc Min Limited', 'Reservation limited by the parent pool (MB)'),
  ]),
  group('G', 'NUMA STATS', 'Numa Statistics', false, [
    { id: 'NHN', width: 5, unit: 'count', format: 'int', batchCounter: 'Numa Home Nodes', description: 'NUMA home node(s)' },
    { id: 'NMIG', width: 5, unit: 'count', format: 'int', batchCounter: 'Numa Rebalance Count Delta', description: 'NUMA migrations since the last sample' },
    mb('NRMEM', 'Numa Remote Memory MBytes', 'Memory on remote NUMA nodes'),
    mb('NLMEM', 'Numa Local Memory MBytes', 'Memory on the local NUMA node'),
    { id: 'N%L', width: 5, unit: '%', format: 'int', batchCounter: 'Numa % Local', description: 'Share of memory that is NUMA-local' },
  ]),
  group('H', 'SIZE STATS', 'Memory Size (MB)', true, [
    mb('MEMSZ', 'Memory Size MBytes', 'Configured memory size', { vsphere: { property: 'config.hardware.memoryMB', scale: 1 } }),
    mb('GRANT', 'Memory Granted Size MBytes', 'Guest memory mapped to machine memory', { vsphere: { counter: 'mem.granted.average', scale: KB } }),
    mb('CNSM', 'Memory Consumed Size MBytes', 'Machine memory consumed', { vsphere: { counter: 'mem.consumed.average', scale: KB } }),
    mb('SZTGT', 'Target Size MBytes', 'Machine memory the VMkernel wants to allocate'),
    mb('TCHD', 'Touched MBytes', 'Recently touched (active) memory estimate', { vsphere: { counter: 'mem.active.average', scale: KB } }),
    mb('TCHD_W', 'Touched Write MBytes', 'Recently written memory estimate'),
  ]),
  group('I', 'ACTIVE STATS', 'Active Memory Statistics', false, [
    { id: '%ACTV', width: 6, unit: '%', format: 'int', batchCounter: '% Active Estimate', description: 'Active guest memory, current estimate' },
    { id: '%ACTVS', width: 6, unit: '%', format: 'int', batchCounter: '% Active Slow Estimate', description: 'Active guest memory, slow-moving average' },
    { id: '%ACTVF', width: 6, unit: '%', format: 'int', batchCounter: '% Active Fast Estimate', description: 'Active guest memory, fast-moving average' },
    { id: '%ACTVN', width: 6, unit: '%', format: 'int', batchCounter: '% Active Next Estimate', description: 'Active guest memory, next estimate' },
  ]),
  group('J', 'MCTL', 'Memory Balloon Statistics (MB)', false, [
    {
      id: 'MCTL?', width: 5, unit: 'flag', format: 'flag', batchCounter: 'Memctl?',
      description: 'Balloon driver installed and running (Y/N)',
      vsphere: { property: 'guest.toolsRunningStatus', scale: 1 },
      thresholds: [{ kind: 'offInStates', states: PRESSURE_STATES, level: 'alarm' }],
    },
    mb('MCTLSZ', 'Memctl MBytes', 'Memory reclaimed by the balloon; > 0 means the host is ballooning this VM', {
      vsphere: { counter: 'mem.vmmemctl.average', scale: KB },
      thresholds: [
        { kind: 'above', value: 0, level: 'notice' },
        { kind: 'atLeastColumn', column: 'MCTLMAX', margin: 0.5, level: 'alarm', mark: '!' },
      ],
    }),
    mb('MCTLTGT', 'Memctl Target MBytes', 'Balloon size the VMkernel wants: above MCTLSZ it inflates, below it deflates', {
      width: 8, vsphere: { counter: 'mem.vmmemctltarget.average', scale: KB },
    }),
    mb('MCTLMAX', 'Memctl Max MBytes', 'Most the balloon may take (65% of configured memory by default)'),
  ]),
  group('K', 'SWAP STATS', 'Swap Statistics (MB)', true, [
    mb('SWCUR', 'Swapped MBytes', 'Memory swapped by the hypervisor to the VM swap file', {
      vsphere: { counter: 'mem.swapped.average', scale: KB },
      thresholds: [{ kind: 'above', value: 0, level: 'alarm' }],
    }),
    mb('SWTGT', 'Swap Target MBytes', 'Swap size the VMkernel wants', { vsphere: { counter: 'mem.swaptarget.average', scale: KB } }),
    rate('SWR/s', 'Swap Read MBytes/sec', 'Rate of reads from swap (swap-in): any sustained value hurts', {
      vsphere: { counter: 'mem.swapinRate.average', scale: KB },
      thresholds: [{ kind: 'above', value: 0, level: 'alarm' }],
    }),
    rate('SWW/s', 'Swap Written MBytes/sec', 'Rate of writes to swap (swap-out)', {
      vsphere: { counter: 'mem.swapoutRate.average', scale: KB },
      thresholds: [{ kind: 'above', value: 0, level: 'alarm' }],
    }),
  ]),
  group('L', 'LLSWAP STATS', 'Host Cache Swap Statistics (MB)', true, [
    rate('LLSWR/s', 'Llswap Read MBytes/sec', 'Rate of reads from host cache (SSD) swap', { vsphere: { counter: 'mem.llSwapInRate.average', scale: KB } }),
    rate('LLSWW/s', 'Llswap Written MBytes/sec', 'Rate of writes to host cache (SSD) swap', { vsphere: { counter: 'mem.llSwapOutRate.average', scale: KB } }),
  ]),
  group('M', 'CPT', 'Checkpoint Stats (MB)', false, [
    mb('CPTRD', 'Checkpoint Read MBytes', 'Checkpoint data read'),
    mb('CPTTGT', 'Checkpoint Target MBytes', 'Checkpoint target size'),
  ]),
  group('N', 'COW', 'COW Stats (MB)', false, [
    mb('ZERO', 'Zero MBytes', 'Zero pages', { vsphere: { counter: 'mem.zero.average', scale: KB } }),
    mb('SHRD', 'Shared MBytes', 'Pages shared by transparent page sharing', { vsphere: { counter: 'mem.shared.average', scale: KB } }),
    mb('SHRDSVD', 'Shared Saved MBytes', 'Machine memory saved by page sharing'),
    mb('COWH', 'Copy On Write Hint MBytes', 'Copy-on-write hint pages'),
  ]),
  group('O', 'OVERHEAD', 'Overhead Stats (MB)', true, [
    mb('OVHDUW', 'Overhead UW MBytes', 'Overhead of the VMX user world'),
    mb('OVHD', 'Overhead MBytes', 'Current virtualisation overhead', { vsphere: { counter: 'mem.overhead.average', scale: KB } }),
    mb('OVHDMAX', 'Overhead Max MBytes', 'Reserved virtualisation overhead'),
  ]),
  group('P', 'COMMIT', 'Commit Stats (MB)', false, [
    mb('MCMTTGT', 'Min Commit Target MBytes', 'Minimum commit target'),
    mb('CMTTGT', 'Commit Target MBytes', 'Commit target'),
    mb('CMTCHRG', 'Commit Charged MBytes', 'Commit charged'),
    { id: 'CMTPPS', width: 7, unit: 'count', format: 'fixed2', batchCounter: 'Commit Pages Per Share', description: 'Commit pages per share' },
  ]),
  group('Q', 'COMPRESSION', 'Compression Stats (MB)', false, [
    mb('CACHESZ', 'Compressed Memory MBytes', 'Compression cache size'),
    mb('CACHEUSD', 'Used Compressed Memory MBytes', 'Compression cache used', { vsphere: { counter: 'mem.compressed.average', scale: KB } }),
    rate('ZIP/s', 'Compression MBytes/sec', 'Compression rate', { vsphere: { counter: 'mem.compressionRate.average', scale: KB } }),
    rate('UNZIP/s', 'Decompression MBytes/sec', 'Decompression rate', { vsphere: { counter: 'mem.decompressionRate.average', scale: KB } }),
  ]),
];
