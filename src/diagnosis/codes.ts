/**
 * The causes and consequences the diagnosis names, each with a stable code
 * (used in `report --json`, tests and the dashboard).
 *
 * Causes explain why memory is taken from a VM; consequences are what was
 * taken (balloon, hypervisor swap, compression) and name their causes. The
 * `guest-` codes are what a Linux guest shows of it from inside
 * (`balloontop guest`).
 */
export const FINDING_CODES = [
  /** The host is in soft, hard or low state and reclaims from VMs by shares and idle memory. */
  'host-pressure',
  /** A memory limit below the VM's size: reclaimed even on a host with free memory. */
  'limit',
  /** MCTL? is N: no balloon driver (no Tools, or not running); the host compresses and swaps instead. */
  'no-balloon-driver',
  /** MCTLMAX is 0 (sched.mem.maxmemctl = 0): the balloon cannot take anything. */
  'balloon-disabled',
  /** MCTLSZ has reached MCTLMAX: more reclamation is compression and swap. */
  'balloon-max',
  /** The balloon is still inflated after the pressure (or limit) that inflated it has ended. */
  'residual-balloon',
  /** The balloon inflates on a host that is not short, with no limit on the VM: the counters do not show why. */
  'unexplained-balloon',
  /** A reservation protects part (or all) of the VM from reclamation. */
  'reservation',
  /** Consequence: the balloon holds memory of this VM. */
  'ballooning',
  /** Consequence: the hypervisor swapped memory of this group to disk. */
  'hypervisor-swap',
  /** Consequence: the hypervisor compressed memory of this group. */
  'compression',
  /** Seen from inside a guest: the limit the host set is below the memory the guest sees. */
  'guest-limit',
  /** Seen from inside a guest: the balloon is close to VMware's default cap, 65% of the guest's memory. */
  'guest-balloon-max',
  /** Seen from inside a guest: the OOM killer ended a process while the balloon held memory. */
  'guest-oom-balloon',
  /** Consequence, seen from inside a guest: its balloon driver holds memory. */
  'guest-ballooning',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

const CONSEQUENCE_CODES = ['ballooning', 'hypervisor-swap', 'compression', 'guest-ballooning'] as const satisfies readonly FindingCode[];
type ConsequenceCode = (typeof CONSEQUENCE_CODES)[number];

export function isConsequence(code: FindingCode): code is ConsequenceCode {
  return (CONSEQUENCE_CODES as readonly string[]).includes(code);
}

/** Codes that only a VM can get (a user world or system group has no balloon, limit or reservation findings). */
export const VM_ONLY_CODES: readonly FindingCode[] = [
  'limit', 'no-balloon-driver', 'balloon-disabled', 'balloon-max', 'residual-balloon', 'unexplained-balloon', 'reservation', 'ballooning',
];

/** Codes only a guest's own view gives (`balloontop guest`). */
export const GUEST_CODES: readonly FindingCode[] = ['guest-limit', 'guest-balloon-max', 'guest-oom-balloon', 'guest-ballooning'];

const INDEX = new Map<FindingCode, number>(FINDING_CODES.map((c, i) => [c, i]));

/** The code's position in FINDING_CODES (a small integer, for bit sets and arrays). */
export function codeIndex(code: FindingCode): number {
  return INDEX.get(code) as number;
}

/** A set of codes as bits. */
export function codeBits(codes: readonly FindingCode[]): number {
  let bits = 0;
  for (const c of codes) bits |= 1 << codeIndex(c);
  return bits;
}

export function codesOf(bits: number): FindingCode[] {
  return FINDING_CODES.filter((_, i) => (bits & (1 << i)) !== 0);
}
