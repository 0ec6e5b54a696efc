/**
 * The field registry of esxtop's memory page: the 17 field groups A to Q and
 * their columns, with what each column means and how it is shown; and
 * balloontop's own group R (the diagnosis' reason per row), which esxtop does
 * not have and its rc files never hold. This is the
 * only place in balloontop that lists columns; where a value comes from is
 * each source's own mapping (`src/sources/<name>/`), keyed by the ids below.
 *
 * Letters and column titles are esxtop's, as a real ESXi 6.5 capture and the
 * 17-letter config line (`aBcDefgHijKLmnOpq`) show them; the grouping follows
 * the order of the batch counters. Panel descriptions are esxtop's as
 * remembered (inferred).
 *
 * Adding a column is one line here: the compiler then lists every mapping that
 * must say where its value comes from (`CounterId` keys complete records).
 */
export type GroupLetter =
  | 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I'
  | 'J' | 'K' | 'L' | 'M' | 'N' | 'O' | 'P' | 'Q'
  | 'R';

export type Unit = 'MB' | 'MB/s' | '%' | 'count' | 'flag' | 'shares' | 'id' | 'text';

/** How a cell is turned into text. */
export type Format =
  | 'text'   // a name, left-aligned
  | 'int'    // a whole number
  | 'fixed2' // two decimals, as esxtop prints MB and MB/s
  | 'flag';  // Y / N

/**
 * Where a column's value sits in a `Group`: its GID or name, a counter in
 * `values` (every source maps these), nowhere (esxtop shows it, but no
 * source balloontop reads has it), or not in the group at all but in the
 * diagnosis of its sample (the screen fills it).
 */
export type ColumnSource = 'gid' | 'name' | 'counter' | 'none' | 'diagnosis';

interface ColumnSpec<I extends string = string, S extends ColumnSource = ColumnSource> {
  id: I;
  source: S;
  /** Width on screen; the table adds one space between columns. */
  width: number;
  unit: Unit;
  format: Format;
  description: string;
}

export interface Column {
  /** Column title as esxtop shows it; unique; for counters the key in `Group.values`. */
  id: ColumnId;
  source: ColumnSource;
  /** Width on screen; the table adds one space between columns. */
  width: number;
  unit: Unit;
  format: Format;
  description: string;
  group: GroupLetter;
  align: 'left' | 'right';
}

export interface FieldGroup {
  letter: GroupLetter;
  /** Name in the `f` panel (`MCTL`, `SWAP STATS`). */
  name: string;
  description: string;
  /** Shown by default (ESXi 6 config line `aBcDefgHijKLmnOpq`). */
  defaultVisible: boolean;
  /** One of esxtop's groups (its rc files hold its letter), or balloontop's own. */
  esxtop: boolean;
  columns: readonly Column[];
}

function counter<const I extends string>(id: I, width: number, unit: Unit, format: Format, description: string): ColumnSpec<I, 'counter'> {
  return { id, source: 'counter', width, unit, format, description };
}

function mb<const I extends string>(id: I, description: string): ColumnSpec<I, 'counter'> {
  return counter(id, 8, 'MB', 'fixed2', description);
}

function rate<const I extends string>(id: I, description: string): ColumnSpec<I, 'counter'> {
  return counter(id, 8, 'MB/s', 'fixed2', description);
}

function group<const C extends readonly ColumnSpec[]>(letter: GroupLetter, name: string, description: string, defaultVisible: boolean, columns: C) {
  return { letter, name, description, defaultVisible, esxtop: true, columns };
}

const GROUP_SPECS = [
  group('A', 'ID', 'Id', false, [
    { id: 'ID', source: 'none', width: 8, unit: 'id', format: 'int', description: 'Resource pool or world id (not in batch captures)' },
  ] as const),
  group('B', 'GID', 'Group Id', true, [
    { id: 'GID', source: 'gid', width: 8, unit: 'id', format: 'int', description: 'Resource group id' },
  ] as const),
  group('C', 'LWID', 'Leader World Id (World Group Id)', false, [
    { id: 'LWID', source: 'none', width: 8, unit: 'id', format: 'int', description: 'Leader world id (not in batch captures)' },
  ] as const),
  group('D', 'NAME', 'Name', true, [
    { id: 'NAME', source: 'name', width: 16, unit: 'text', format: 'text', description: 'Group name: the VM name, or the user world and its cartel id' },
  ] as const),
  group('E', 'NWLD', 'Num Members', false, [
    counter('NWLD', 5, 'count', 'int', 'Number of worlds in the group'),
  ]),
  group('F', 'MEM ALLOC', 'MEM Allocations', false, [
    mb('AMIN', 'Memory reservation (MB)'),
    mb('AMAX', 'Memory limit (MB); -1 means unlimited'),
    counter('ASHRS', 7, 'shares', 'int', 'Memory shares (negative values are the low/normal/high presets)'),
    mb('AMLMT', 'Reservation limited by the parent pool (MB)'),
  ]),
  group('G', 'NUMA STATS', 'Numa Statistics', false, [
    counter('NHN', 5, 'count', 'int', 'NUMA home node(s)'),
    counter('NMIG', 5, 'count', 'int', 'NUMA migrations since the last sample'),
    mb('NRMEM', 'Memory on remote NUMA nodes'),
    mb('NLMEM', 'Memory on the local NUMA node'),
    counter('N%L', 5, '%', 'int', 'Share of memory that is NUMA-local'),
  ]),
  group('H', 'SIZE STATS', 'Memory Size (MB)', true, [
    mb('MEMSZ', 'Configured memory size'),
    mb('GRANT', 'Guest memory mapped to machine memory'),
    mb('CNSM', 'Machine memory consumed'),
    mb('SZTGT', 'Machine memory the VMkernel wants to allocate'),
    mb('TCHD', 'Recently touched (active) memory estimate'),
    mb('TCHD_W', 'Recently written memory estimate'),
  ]),
  group('I', 'ACTIVE STATS', 'Active Memory Statistics', false, [
    counter('%ACTV', 6, '%', 'int', 'Active guest memory, current estimate'),
    counter('%ACTVS', 6, '%', 'int', 'Active guest memory, slow-moving average'),
    counter('%ACTVF', 6, '%', 'int', 'Active guest memory, fast-moving average'),
    counter('%ACTVN', 6, '%', 'int', 'Active guest memory, next estimate'),
  ]),
  group('J', 'MCTL', 'Memory Balloon Statistics (MB)', false, [
    counter('MCTL?', 5, 'flag', 'flag', 'Balloon driver installed and running (Y/N)'),
    mb('MCTLSZ', 'Memory reclaimed by the balloon; > 0 means the host is ballooning this VM'),
    mb('MCTLTGT', 'Balloon size the VMkernel wants: above MCTLSZ it inflates, below it deflates'),
    mb('MCTLMAX', 'Most the balloon may take (65% of configured memory by default)'),
  ]),
  group('K', 'SWAP STATS', 'Swap Statistics (MB)', true, [
    mb('SWCUR', 'Memory swapped by the hypervisor to the VM swap file'),
    mb('SWTGT', 'Swap size the VMkernel wants'),
    rate('SWR/s', 'Rate of reads from swap (swap-in): any sustained value hurts'),
    rate('SWW/s', 'Rate of writes to swap (swap-out)'),
  ]),
  group('L', 'LLSWAP STATS', 'Host Cache Swap Statistics (MB)', true, [
    rate('LLSWR/s', 'Rate of reads from host cache (SSD) swap'),
    rate('LLSWW/s', 'Rate of writes to host cache (SSD) swap'),
  ]),
  group('M', 'CPT', 'Checkpoint Stats (MB)', false, [
    mb('CPTRD', 'Checkpoint data read'),
    mb('CPTTGT', 'Checkpoint target size'),
  ]),
  group('N', 'COW', 'COW Stats (MB)', false, [
    mb('ZERO', 'Zero pages'),
    mb('SHRD', 'Pages shared by transparent page sharing'),
    mb('SHRDSVD', 'Machine memory saved by page sharing'),
    mb('COWH', 'Copy-on-write hint pages'),
  ]),
  group('O', 'OVERHEAD', 'Overhead Stats (MB)', true, [
    mb('OVHDUW', 'Overhead of the VMX user world'),
    mb('OVHD', 'Current virtualisation overhead'),
    mb('OVHDMAX', 'Reserved virtualisation overhead'),
  ]),
  group('P', 'COMMIT', 'Commit Stats (MB)', false, [
    mb('MCMTTGT', 'Minimum commit target'),
    mb('CMTTGT', 'Commit target'),
    mb('CMTCHRG', 'Commit charged'),
    counter('CMTPPS', 7, 'count', 'fixed2', 'Commit pages per share'),
  ]),
  group('Q', 'COMPRESSION', 'Compression Stats (MB)', false, [
    mb('CACHESZ', 'Compression cache size'),
    mb('CACHEUSD', 'Compression cache used'),
    rate('ZIP/s', 'Compression rate'),
    rate('UNZIP/s', 'Decompression rate'),
  ]),
  {
    ...group('R', 'REASON', "Diagnosis: each row's most telling cause (balloontop's own)", false, [
      { id: 'REASON', source: 'diagnosis', width: 12, unit: 'text', format: 'text', description: "The diagnosis' most telling finding for the group, in a few words (w explains it); blank when it has none. Sorted by it, the most telling first" },
    ] as const),
    esxtop: false,
  },
] as const;

type AnyColumn = (typeof GROUP_SPECS)[number]['columns'][number];

/** Every column title of the memory page. */
export type ColumnId = AnyColumn['id'];

/** Columns whose value is a counter in `Group.values` (all but ID, GID, LWID and NAME). */
export type CounterId = Extract<AnyColumn, { source: 'counter' }>['id'];

/** The field groups in order: esxtop's 17, A to Q, then balloontop's own R. */
export const FIELD_GROUPS: readonly FieldGroup[] = GROUP_SPECS.map((g) => ({
  ...g,
  columns: g.columns.map((c): Column => ({ ...c, group: g.letter, align: c.format === 'text' ? 'left' : 'right' })),
}));
