/** The host's findings, and those of user worlds and system groups (never balloon findings). */
import type { Group } from '../sample/sample';
import type { FindingCode } from './codes';
import { add, addHostState } from './evidence';
import type { Evidence, Finding, PastCause } from './finding';
import { readGroup, SIZE_MB } from './readings';
import { compressionFacts, facts, pos, RATE_WEIGHT, swapFacts, type HostView, type RuleContext } from './rule-kit';
import type { VmFacts } from './vm-rules';

/** The host is in soft, hard or low state. */
export function hostPressure(v: HostView): Finding | null {
  const h = v.readings;
  if (!v.pressure || h.state === null) return null;
  const evidence: Evidence[] = [];
  addHostState(evidence, h);
  add(evidence, 'memctlCurrent', h.memctlCurrent, 'MB');
  add(evidence, 'memctlTarget', h.memctlTarget, 'MB');
  add(evidence, 'swapUsed', h.swapUsed, 'MB');
  add(evidence, 'swapWriteRate', h.swapWriteRate, 'MB/s');
  add(evidence, 'zipped', h.zipped, 'MB');
  // The worst moment is the least free memory (or, without free/minFree, the worst state).
  const weight = h.freeRatio !== null ? 10 - h.freeRatio : ['soft', 'hard', 'low'].indexOf(h.state);
  return facts('host-pressure', null, h.state, evidence, weight, { inferred: h.stateInferred });
}

/** A user world or system group: never balloon findings; it can still be swapped and compressed. */
export function otherGroupFindings(g: Group, host: HostView): Finding[] {
  const r = readGroup(g);
  const list: Finding[] = [];
  const causes: FindingCode[] = host.pressure ? ['host-pressure'] : [];
  if (pos(r.swcur) >= SIZE_MB || pos(r.sww) > 0 || pos(r.swr) > 0) list.push(swapFacts(g.gid, r, causes));
  if (pos(r.cacheusd) >= SIZE_MB || pos(r.zip) > 0 || pos(r.unzip) > 0) list.push(compressionFacts(g.gid, r, [...causes]));
  return list;
}

/** What the VMs' findings add up to, for the host's own. */
interface VmSummary {
  /** MB of balloon that is residual on the VMs. */
  residualMB: number;
  /** Some VM reported MCTLSZ (otherwise only the host counter tells the balloon). */
  balloonKnown: boolean;
  /** Causes of VM balloons other than host pressure and residual (a limit, unexplained). */
  balloonCauses: Set<FindingCode>;
  /** Causes the VMs' swap and compression findings name. */
  swapCauses: Set<FindingCode>;
  compressionCauses: Set<FindingCode>;
}

/** A new VmSummary with nothing in it. */
export function emptySummary(): VmSummary {
  return { residualMB: 0, balloonKnown: false, balloonCauses: new Set(), swapCauses: new Set(), compressionCauses: new Set() };
}

/** Adds one VM's findings to the summary. */
export function addToSummary(s: VmSummary, vm: VmFacts): void {
  s.residualMB += vm.residualMB;
  s.balloonKnown ||= vm.balloonKnown;
  for (const c of vm.balloonCauses) s.balloonCauses.add(c);
  for (const f of vm.list) {
    const into = f.code === 'hypervisor-swap' ? s.swapCauses : f.code === 'compression' ? s.compressionCauses : null;
    if (into) for (const c of f.causes) into.add(c);
  }
}

function withVmCauses(own: readonly FindingCode[], fromVms: Set<FindingCode>): FindingCode[] {
  const all = [...own];
  for (const c of fromVms) if (!all.includes(c)) all.push(c);
  return all;
}

/** Host findings that sum up the VMs: the host-wide balloon (and whether it is residual), swap and compression. */
export function hostConsequences(v: HostView, ctx: RuleContext, vms: VmSummary): Finding[] {
  const { residualMB, balloonKnown } = vms;
  const h = v.readings;
  const list: Finding[] = [];
  const causes: FindingCode[] = v.pressure ? ['host-pressure'] : [];
  const memctl = pos(h.memctlCurrent);
  if (memctl >= SIZE_MB) {
    const balloonCauses = [...causes];
    if (!v.pressure && h.state !== null) {
      // Host-wide residual: from the VMs' own findings, or from the host counter when the VMs' balloon counters are missing.
      const first = ctx.hostBallooningSinceFirstSample();
      const ended = ctx.pressureEnded();
      const past: PastCause | null = ended ? { kind: 'pressure', at: ended.at, state: ended.state } : first !== null ? { kind: 'before-data', at: first } : null;
      const mb = balloonKnown ? residualMB : memctl;
      if (past && mb >= SIZE_MB) {
        const e: Evidence[] = [];
        add(e, 'memctlCurrent', h.memctlCurrent, 'MB');
        add(e, 'memctlTarget', h.memctlTarget, 'MB');
        addHostState(e, h);
        if (balloonKnown) add(e, 'residualMB', Math.round(mb * 100) / 100, 'MB');
        list.push(facts('residual-balloon', null, balloonKnown ? 'per-vm' : 'host-only', e, mb, { past, inferred: past.kind === 'before-data' }));
        balloonCauses.push('residual-balloon');
      }
    }
    for (const c of vms.balloonCauses) if (!balloonCauses.includes(c)) balloonCauses.push(c);
    const e: Evidence[] = [];
    add(e, 'memctlCurrent', h.memctlCurrent, 'MB');
    add(e, 'memctlTarget', h.memctlTarget, 'MB');
    list.push(facts('ballooning', null, 'host', e, memctl, { causes: balloonCauses }));
  }
  if (pos(h.swapUsed) >= SIZE_MB || pos(h.swapReadRate) > 0 || pos(h.swapWriteRate) > 0) {
    const e: Evidence[] = [];
    add(e, 'swapUsed', h.swapUsed, 'MB');
    add(e, 'swapTarget', h.swapTarget, 'MB');
    add(e, 'swapWriteRate', h.swapWriteRate, 'MB/s');
    add(e, 'swapReadRate', h.swapReadRate, 'MB/s');
    const variant = pos(h.swapWriteRate) > 0 ? 'swapping-out' : pos(h.swapReadRate) > 0 ? 'reading-back' : 'held';
    const swapCauses = withVmCauses(causes, vms.swapCauses);
    list.push(facts('hypervisor-swap', null, variant, e, pos(h.swapUsed) + RATE_WEIGHT * (pos(h.swapWriteRate) + pos(h.swapReadRate)), { causes: swapCauses, inferred: swapCauses.length === 0 }));
  }
  if (pos(h.zipped) >= SIZE_MB) {
    const e: Evidence[] = [];
    add(e, 'zipped', h.zipped, 'MB');
    const zipCauses = withVmCauses(causes, vms.compressionCauses);
    list.push(facts('compression', null, 'held', e, pos(h.zipped), { causes: zipCauses, inferred: zipCauses.length === 0 }));
  }
  return list;
}
