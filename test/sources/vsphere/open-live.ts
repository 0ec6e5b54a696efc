/** Opens a VsphereSource on a test simulator with test-friendly defaults (short retries). */
import { VsphereSource, type VsphereSourceOptions } from '../../../src/sources/vsphere/vsphere-source';
import type { Vcsim } from '../../support/vcsim/vcsim';

export function liveOptions(sim: Vcsim, overrides: Partial<VsphereSourceOptions> = {}): VsphereSourceOptions {
  return {
    url: new URL(sim.url),
    user: 'admin',
    password: 'secret-Pa55',
    tls: { insecure: false, ca: [] },
    timeoutMs: 5000,
    target: { host: null, cluster: null },
    onFailure: 'fail',
    retry: { attempts: 2, initialDelayMs: 100, maxDelayMs: 400 },
    ...overrides,
  };
}

export function openLive(sim: Vcsim, overrides: Partial<VsphereSourceOptions> = {}): Promise<VsphereSource> {
  return VsphereSource.open(liveOptions(sim, overrides));
}

/** MB with esxtop's two decimals, as the source rounds them. */
export function kbToMb(kb: number): number {
  return Math.round((kb / 1024) * 100) / 100;
}
