/**
 * The tunable rates and shares of the simulated host, in one place. Values
 * marked [V] are documented VMware behaviour; the rest are this model's choices [I],
 * picked so that lessons unfold over minutes at the default 5 s step.
 */
export const SIM = {
  /** Mem.CtlMaxPercent: the balloon may take 65% of configured memory by default [V]. */
  ctlMaxPercent: 65,
  /** The host reclaims until free is back at this multiple of minFree (just above the clear boundary) [I]. */
  goalFreeRatio: 1.3,
  /** Balloon inflate and deflate rates per VM, MB/s [I]. */
  balloonInflateMBps: 24,
  balloonDeflateMBps: 24,
  /** Hypervisor swap-out (and compression) rate of the whole host, MB/s, shared by the VMs being swapped (one datastore) [I]. */
  hostSwapOutMBps: 64,
  /** How fast a guest touches new memory for its working set, and for page cache beyond it, MB/s per VM [I]. */
  guestGrowMBps: 64,
  guestCacheGrowMBps: 8,
  /** A guest touches its whole working set about once in this many seconds (drives swap-in) [I]. */
  touchPeriodS: 60,
  /** Extra memory a guest keeps as page cache on top of its working set, by OS [I]. */
  cacheFactor: { linux: 0.3, windows: 0.2, other: 0.25 },
  /** Memory a guest kernel needs for itself: min(256 MB, 5% of the VM) [I]. */
  guestReserveMB: (memoryMB: number) => Math.min(256, memoryMB * 0.05),
  /** Mem.MemZipMaxPct: the compression cache holds at most 10% of the VM [I]. */
  zipMaxPercent: 10,
  /** Compressed size over original size of the pages kept compressed (pages must compress to <= 50%) [I]. */
  zipRatio: 0.4,
  /** Compression cache allocated over used [I]. */
  zipCacheSlack: 1.04,
  /** Idle memory tax (Mem.IdleTax, 75% by default): an idle page counts 1 / (1 - 0.75) = 4 times when choosing whom to reclaim from [V: Waldspurger, OSDI 2002, https://static.usenix.org/events/osdi02/tech/waldspurger/waldspurger_html/node14.html; vSphere docs Mem.IdleTax]. */
  idleTax: 0.75,
  /** Shares per MB of configured memory for the presets [V: low 5, normal 10, high 20]. */
  sharesPerMB: { low: 5, normal: 10, high: 20 },
  /** Time constant of transparent page sharing (scan, and COW breaks when leaving high) in seconds [I]. */
  tpsTimeConstantS: 240,
  /** Share of shared pages that remain as the one common copy (common/shared, the real capture: 217/2152) [V]. */
  pshareCommonShare: 0.1,
  /** Working-set noise: AR(1) time constant (s) and standard deviation (share of the level) [I]. */
  noiseTimeConstantS: 120,
  noiseSigma: 0.04,
  /** Slow wave on the working set: amplitude (share of the level) [I]. */
  waveAmplitude: 0.05,
};
