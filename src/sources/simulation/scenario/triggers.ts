/**
 * When an event of the simulation happens, as the samples show it: a caption
 * tied to an event shows on the first sample (at or after its time) where the
 * event is seen between the previous sample and this one.
 *
 * - the host enters a state: the state word changes to it; the host falls to a
 *   state: it enters that state or a worse one from a better one; the host
 *   rises to a state: it enters that state or a better one from a worse one;
 * - a VM starts or stops ballooning (MCTLSZ above 1 MB), swapping (SWCUR above
 *   1 MB), compressing (CACHEUSD above 0.5 MB) or swapping in (SWR/s above
 *   0.01 MB/s); a VM not on the host counts as doing nothing;
 * - a VM's balloon reaches MCTLMAX (within the 0.5 MB the table's `!` mark
 *   allows) or MCTLTGT (within 1 MB, with a target above 1 MB);
 * - a VM's guest kills a process (its OOM killer ran in that step).
 */
import type { CounterId } from '../../../fields/group-fields';
import { MEM_STATES, type MemState } from '../../../sample/mem-state';
import type { Group, Sample } from '../../../sample/sample';
import type { Trigger, VmActivity } from './scenario';

const ACTIVITY: Record<VmActivity, { column: CounterId; above: number }> = {
  ballooning: { column: 'MCTLSZ', above: 1 },
  swapping: { column: 'SWCUR', above: 1 },
  compressing: { column: 'CACHEUSD', above: 0.5 },
  'swapping in': { column: 'SWR/s', above: 0.01 },
};

/** Margin of "the balloon is at MCTLMAX", as the table marks it with `!`. */
const MCTLMAX_MARGIN = 0.5;

/** 0 for high to 4 for low; a sample without a state counts as high. */
function rank(state: MemState | null): number {
  return state === null ? 0 : MEM_STATES.indexOf(state);
}

function vmOf(s: Sample | null, name: string): Group | undefined {
  return s?.groups.find((g) => g.kind === 'vm' && g.name === name);
}

function isActive(g: Group | undefined, activity: VmActivity): boolean {
  const { column, above } = ACTIVITY[activity];
  const v = g?.values[column];
  return typeof v === 'number' && v > above;
}

function hasReached(g: Group | undefined, column: 'MCTLMAX' | 'MCTLTGT'): boolean {
  const size = g?.values.MCTLSZ;
  const target = g?.values[column];
  if (typeof size !== 'number' || typeof target !== 'number') return false;
  return column === 'MCTLMAX' ? target > 0 && size >= target - MCTLMAX_MARGIN : target > 1 && size >= target - 1;
}

/**
 * Whether `trigger` fires on `cur` (`prev` is the sample before it, null for
 * the first one); `oomKilled` names the VMs whose guest killed a process in
 * the step that made `cur`.
 */
export function fires(trigger: Trigger, prev: Sample | null, cur: Sample, oomKilled: ReadonlySet<string>): boolean {
  switch (trigger.kind) {
    case 'hostEnters':
      return cur.host.state === trigger.state && prev?.host.state !== trigger.state;
    case 'hostFalls':
      return rank(cur.host.state) >= rank(trigger.state) && rank(prev?.host.state ?? 'high') < rank(trigger.state);
    case 'hostRises':
      return prev !== null && rank(cur.host.state) <= rank(trigger.state) && rank(prev.host.state) > rank(trigger.state);
    case 'vmStarts':
      return isActive(vmOf(cur, trigger.vm), trigger.activity) && !isActive(vmOf(prev, trigger.vm), trigger.activity);
    case 'vmStops':
      return !isActive(vmOf(cur, trigger.vm), trigger.activity) && isActive(vmOf(prev, trigger.vm), trigger.activity);
    case 'vmReaches':
      return hasReached(vmOf(cur, trigger.vm), trigger.column) && !hasReached(vmOf(prev, trigger.vm), trigger.column);
    case 'oomKill':
      return oomKilled.has(trigger.vm);
  }
}

/** The trigger in words, for the lesson outline and failure lines. */
export function describeTrigger(t: Trigger): string {
  switch (t.kind) {
    case 'hostEnters':
      return `when the host enters ${t.state}`;
    case 'hostFalls':
      return `when the host falls to ${t.state}${t.state === 'low' ? '' : ' or worse'}`;
    case 'hostRises':
      return `when the host rises to ${t.state}${t.state === 'high' ? '' : ' or better'}`;
    case 'vmStarts':
      return `when ${t.vm} starts ${t.activity}`;
    case 'vmStops':
      return `when ${t.vm} stops ${t.activity}`;
    case 'vmReaches':
      return `when ${t.vm}'s balloon reaches ${t.column}`;
    case 'oomKill':
      return `when ${t.vm}'s guest kills a process`;
  }
}
