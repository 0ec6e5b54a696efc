/**
 * Who gives memory: the VMkernel's proportional-share allocation with an
 * idle-memory tax (Waldspurger, "Memory Resource Management in VMware ESX
 * Server", 2002). Memory is taken from the VM with the fewest shares per
 * *adjusted* page, where idle pages count 1 / (1 - tax) = 4 times (tax 75%),
 * until those ratios are equal. Solved here for all VMs at once: VM i keeps
 *   P_i(mu) = x            when x = S_i * mu <= A_i (only active pages)
 *           = A_i + (x - A_i) / 4   otherwise,
 * clamped to [lo_i, hi_i] (its reservation, and what it holds or its limit
 * allows), with mu found by bisection so that the VMs keep `keepTotal`.
 * Pages are counted with the VM's overhead (memory the VMkernel charges to
 * it), so two VMs alike but for their overhead keep slightly different amounts.
 */
import { SIM } from './constants';

export interface ShareInput {
  /** Shares (absolute: normal is 10 per configured MB). */
  shares: Float64Array;
  /** Active memory (working set), MB. */
  active: Float64Array;
  /** Least it may keep (reservation, or all it holds if less), MB. */
  lo: Float64Array;
  /** Most it may keep (what it holds, less what its limit takes), MB. */
  hi: Float64Array;
  /** Memory charged to the VM besides its guest's (its overhead), MB. */
  base: Float64Array;
}

const IDLE_WEIGHT = 1 / (1 - SIM.idleTax); // 4 for the default 75% tax

function keep(s: number, a: number, lo: number, hi: number, b: number, mu: number): number {
  const x = s * mu;
  const p = (x <= a + b ? x : a + b + (x - a - b) / IDLE_WEIGHT) - b;
  return p < lo ? lo : p > hi ? hi : p;
}

/** Fills `out` with what each VM keeps, summing to `keepTotal` (within 0.01 MB) when the bounds allow. */
export function allocateByShares(input: ShareInput, keepTotal: number, out: Float64Array): void {
  const { shares, active, lo, hi, base } = input;
  const n = shares.length;
  let sumLo = 0;
  let sumHi = 0;
  let muMax = 0;
  for (let i = 0; i < n; i++) {
    sumLo += lo[i];
    sumHi += hi[i];
    if (shares[i] > 0) {
      const adj = base[i] + (hi[i] <= active[i] ? hi[i] : active[i] + IDLE_WEIGHT * (hi[i] - active[i]));
      muMax = Math.max(muMax, adj / shares[i]);
    }
  }
  if (keepTotal >= sumHi) {
    out.set(hi);
    return;
  }
  if (keepTotal <= sumLo) {
    out.set(lo);
    return;
  }
  let a = 0;
  let b = muMax;
  for (let it = 0; it < 60; it++) {
    const mu = (a + b) / 2;
    let s = 0;
    for (let i = 0; i < n; i++) s += keep(shares[i], active[i], lo[i], hi[i], base[i], mu);
    if (s > keepTotal) b = mu;
    else a = mu;
    if (b - a <= muMax * 1e-12) break;
  }
  for (let i = 0; i < n; i++) out[i] = keep(shares[i], active[i], lo[i], hi[i], base[i], a);
}
