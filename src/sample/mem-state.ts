/**
 * ESXi host memory states (ESXi 6.0 and later) and how they map to numbers.
 *
 * Thresholds are free memory as a share of minFree (ESXi 6.0 and later):
 * high >= 400%, clear >= 100%, soft >= 64%, hard >= 32%, low below (16% blocks VMs).
 * The numeric `Kernel State` of batch captures is taken as 0 high .. 4 low
 * [inferred: the real capture shows 1 (clear) at 146% of minFree].
 */
export const MEM_STATES = ['high', 'clear', 'soft', 'hard', 'low'] as const;
export type MemState = (typeof MEM_STATES)[number];

/** Lower boundary of each state, as a fraction of minFree (free/minFree). */
export const STATE_THRESHOLDS: Record<MemState, number> = {
  high: 4.0,
  clear: 1.0,
  soft: 0.64,
  hard: 0.32,
  low: 0.16,
};

export function stateFromNumber(n: number | null | undefined): MemState | null {
  if (n === null || n === undefined || !Number.isInteger(n) || n < 0 || n >= MEM_STATES.length) return null;
  return MEM_STATES[n];
}

export function stateToNumber(s: MemState): number {
  return MEM_STATES.indexOf(s);
}

/** States in which the host actively reclaims memory from VMs. */
export function isUnderPressure(s: MemState | null): boolean {
  return s === 'soft' || s === 'hard' || s === 'low';
}

/** The state for a free/minFree ratio, without hysteresis. */
export function stateForFreeRatio(ratio: number): MemState {
  if (ratio >= STATE_THRESHOLDS.high) return 'high';
  if (ratio >= STATE_THRESHOLDS.clear) return 'clear';
  if (ratio >= STATE_THRESHOLDS.soft) return 'soft';
  if (ratio >= STATE_THRESHOLDS.hard) return 'hard';
  return 'low';
}

