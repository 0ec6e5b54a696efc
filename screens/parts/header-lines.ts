/**
 * The header of esxtop's memory page, laid out as esxtop prints it
 * as a real ESXi 6.x screen shows it: the summary line, then PMEM, VMKMEM (with the state
 * word, coloured), PSHARE, SWAP, ZIP and MEMCTL from the host counters.
 * A missing counter prints `-`.
 */
import type { HostCounterId } from '../../src/fields/host-counters';
import { MISSING } from '../../src/fields/format';
import type { Sample, Value } from '../../src/sample/sample';
import { formatClock } from '../../src/timeline/time-text';
import { LineBuilder, type Line } from './line';
import { stateStyle } from './theme';

function int(v: Value, width: number): string {
  return (v === null || v === undefined ? MISSING : String(Math.round(v))).padStart(width);
}

function dec(v: Value, width: number): string {
  return (v === null || v === undefined ? MISSING : v.toFixed(2)).padStart(width);
}

export function headerLines(sample: Sample, width: number): Line[] {
  const h = sample.host.values;
  const v = (id: HostCounterId): Value => h[id] ?? null;
  let vms = 0;
  for (const g of sample.groups) if (g.kind === 'vm') vms++;
  const worlds = sumMembers(sample);
  const summary =
    `${formatClock(sample.time)} up ${MISSING}, ${worlds === null ? MISSING : worlds} worlds, ${vms} VMs, ${MISSING} vCPUs; ` +
    `MEM overcommit avg: ${dec(v('overcommit1'), 0)}, ${dec(v('overcommit5'), 0)}, ${dec(v('overcommit15'), 0)}`;
  const state = sample.host.state;
  const line = () => new LineBuilder(width);
  return [
    line().add(summary).build(),
    line().add(`PMEM  /MB:${int(v('machine'), 6)}   total:${int(v('kernel'), 5)}     vmk,${int(v('nonKernel'), 5)} other,${int(v('free'), 5)} free`).build(),
    line()
      .add(`VMKMEM/MB:${int(v('managed'), 6)} managed:${int(v('minFree'), 6)} minfree,${int(v('reserved'), 6)} rsvd,${int(v('unreserved'), 7)} ursvd,  `)
      .add(state ?? MISSING, stateStyle(state))
      .add(' state')
      .build(),
    line().add(`PSHARE/MB:${int(v('pshareShared'), 8)}  shared,${int(v('pshareCommon'), 8)}  (common:${int(v('pshareSavings'), 8)} saving)`).build(),
    line()
      .add(`SWAP  /MB:${int(v('swapUsed'), 8)}    curr,${int(v('swapTarget'), 8)} rclmtgt:`)
      .add(`${dec(v('swapReadRate'), 21)} r/s,`, (v('swapReadRate') ?? 0) > 0 ? 'alarm' : 'plain')
      .add(`${dec(v('swapWriteRate'), 7)} w/s`, (v('swapWriteRate') ?? 0) > 0 ? 'alarm' : 'plain')
      .build(),
    line().add(`ZIP   /MB:${int(v('zipped'), 8)}  zipped,${int(v('zipSaved'), 8)}   saved`).build(),
    line()
      .add('MEMCTL/MB:')
      .add(int(v('memctlCurrent'), 8), (v('memctlCurrent') ?? 0) > 0 ? 'notice' : 'plain')
      .add(`    curr,${int(v('memctlTarget'), 8)}  target,${int(v('memctlMax'), 8)} max`)
      .build(),
  ];
}

/** Worlds on the host as the sum of the groups' members (NWLD), or null when no group reports it. */
function sumMembers(sample: Sample): number | null {
  let total = 0;
  let seen = false;
  for (const g of sample.groups) {
    const n = g.values['NWLD'];
    if (n !== null && n !== undefined) {
      total += n;
      seen = true;
    }
  }
  return seen ? total : null;
}
