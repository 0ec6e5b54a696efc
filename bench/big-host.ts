/** A simulated host with many VMs under memory pressure, for benchmarks. */
import { Prng } from '../src/sources/simulation/model/prng';
import { DEFAULT_START, defaultHungryVm, type Scenario, type VmSpec } from '../src/sources/simulation/scenario/scenario';

export function bigHost(vmCount: number): Scenario {
  const r = new Prng(7, 1);
  const vms: VmSpec[] = [];
  let configured = 0;
  for (let i = 0; i < vmCount; i++) {
    const mem = [1024, 2048, 4096, 8192][r.int(0, 3)];
    configured += mem;
    vms.push({
      name: `vm${String(i).padStart(4, '0')}`, memoryMB: mem, vcpus: 2, reservationMB: r.next() < 0.1 ? mem / 4 : 0,
      limitMB: r.next() < 0.05 ? mem / 2 : null, shares: (['low', 'normal', 'high'] as const)[r.int(0, 2)],
      tools: r.next() < 0.1 ? 'none' : 'running', maxMemctlMB: null, os: r.next() < 0.5 ? 'linux' : 'windows',
      guestSwapMB: 2048, demandMB: mem * r.range(0.5, 0.9), poweredOn: true, oomProcess: 'java',
    });
  }
  // About 2x overcommitted with busy guests, so that the host reclaims (the expensive path).
  const hostMB = Math.round(configured / 2);
  const host = { name: 'bench', memoryMB: hostMB, kernelMB: null };
  return { name: 'bench-1000', description: 'bench', file: '(bench)', start: DEFAULT_START, durationS: 3600, host, vms, timeline: [], view: null, hungryVm: defaultHungryVm(host, new Set(vms.map((v) => v.name))) };
}
