/**
 * The registry fields a live host leaves empty, and why: the vSphere API has
 * no counter or property for them. The help screen shows these reasons next
 * to the columns' descriptions. Every other field has a mapping in
 * `registry-mapping.ts` (a test checks that the two cover the registry).
 */
import type { CounterId } from '../../fields/group-fields';
import type { HostCounterId } from '../../fields/host-counters';

const NO_NUMA = 'the vSphere API has no per-VM NUMA memory counter';
const NO_COMMIT = 'the vSphere API has no commit counter';

export const LIVE_COLUMN_GAPS: Partial<Record<CounterId, string>> = {
  NWLD: 'the vSphere API does not count a VM\'s worlds',
  AMLMT: 'the vSphere API does not say how much of a reservation the parent pool limits',
  NHN: NO_NUMA,
  NMIG: NO_NUMA,
  NRMEM: NO_NUMA,
  NLMEM: NO_NUMA,
  'N%L': NO_NUMA,
  '%ACTVS': 'vSphere has one active estimate (%ACTV), not the slow one',
  '%ACTVF': 'vSphere has one active estimate (%ACTV), not the fast one',
  '%ACTVN': 'vSphere has one active estimate (%ACTV), not the next one',
  CPTRD: 'the vSphere API has no checkpoint counter',
  CPTTGT: 'the vSphere API has no checkpoint counter',
  SHRDSVD: 'vSphere counts what sharing saves per host (PSHARE), not per VM',
  COWH: 'the vSphere API has no copy-on-write hint counter',
  OVHDUW: 'the vSphere API does not split the VMX user world out of the overhead',
  MCMTTGT: NO_COMMIT,
  CMTTGT: NO_COMMIT,
  CMTCHRG: NO_COMMIT,
  CMTPPS: NO_COMMIT,
  CACHESZ: 'the vSphere API gives what the compression cache holds (CACHEUSD), not its size',
};

/** Every host counter is filled on a live host (some approximately): none is left empty. */
export const LIVE_HOST_GAPS: Partial<Record<HostCounterId, string>> = {};
