/**
 * Who gives memory: a host-wide amount to reclaim is split over VMs in
 * proportion to their size, weighted against their shares per MB and with an
 * idle-memory tax (idle memory counts more), each capped at what it can give
 * (never its reservation). Water-filling: VMs that hit their cap drop out and
 * the rest share what is left.
 */
export function splitReclaim(total: number, weights: Float64Array, caps: Float64Array, out: Float64Array): void {
  const n = weights.length;
  out.fill(0);
  if (total <= 0) return;
  const active = new Uint8Array(n);
  let remaining = total;
  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    if (caps[i] > 0 && weights[i] > 0) {
      active[i] = 1;
      weightSum += weights[i];
    }
  }
  for (let round = 0; round < 64 && remaining > 1e-9 && weightSum > 0; round++) {
    const lambda = remaining / weightSum;
    let capped = false;
    for (let i = 0; i < n; i++) {
      if (active[i] && lambda * weights[i] >= caps[i] - out[i]) {
        remaining -= caps[i] - out[i];
        out[i] = caps[i];
        active[i] = 0;
        weightSum -= weights[i];
        capped = true;
      }
    }
    if (!capped) {
      for (let i = 0; i < n; i++) if (active[i]) out[i] += lambda * weights[i];
      return;
    }
  }
}
