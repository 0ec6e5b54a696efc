/**
 * The host memory state with hysteresis (ESXi 6.0 and later).
 *
 * Lower boundaries are those of `src/sample/mem-state.ts` (free as a share of
 * minFree: high 400%, clear 100%, soft 64%, hard 32%, low below). The host
 * moves to a worse state as soon as free falls below the lower boundary of its
 * current state (to whichever state the ratio falls in, even several at once).
 * It moves back to a better state only when free rises to that state's lower
 * boundary plus a margin of 10% of it (the upper boundary): clear -> high at
 * 440%, soft -> clear at 110%, hard -> soft at 70.4%, low -> hard at 35.2%.
 * These upper boundaries are this project's design [inferred]: ESXi documents
 * that hysteresis exists, not its exact values.
 */
import { MEM_STATES, STATE_THRESHOLDS, stateForFreeRatio, type MemState } from '../../../sample/mem-state';

const RECOVERY_MARGIN = 0.1;

/** Lower boundary (free/minFree) below which `s` is left for a worse state; -Infinity for low. */
export function lowerBoundary(s: MemState): number {
  const i = MEM_STATES.indexOf(s);
  return i === MEM_STATES.length - 1 ? -Infinity : STATE_THRESHOLDS[s];
}

/** Upper boundary (free/minFree) at or above which `s` is left for the better state above it; Infinity for high. */
export function upperBoundary(s: MemState): number {
  const i = MEM_STATES.indexOf(s);
  if (i === 0) return Infinity;
  const better = MEM_STATES[i - 1];
  return STATE_THRESHOLDS[better] * (1 + RECOVERY_MARGIN);
}

/** The next state for a free/minFree ratio, given the current state. */
export function nextState(current: MemState, ratio: number): MemState {
  if (ratio < lowerBoundary(current)) return stateForFreeRatio(ratio);
  let s = current;
  while (ratio >= upperBoundary(s)) s = MEM_STATES[MEM_STATES.indexOf(s) - 1];
  return s;
}
