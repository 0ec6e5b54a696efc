/**
 * Live polling cost against vcsim with 10, 100 and 1,000 VMs:
 *  - HTTP requests per poll (must not grow with the VM count);
 *  - full poll time, as a ratio to a baseline measured in the same run on the
 *    same simulator: one bare RetrieveServiceContent round trip.
 * The absolute times are printed too, for the < 2 s target at 1,000 VMs.
 *
 * Run: npx tsc -p . && node dist/bench/live.js   (needs golang-go and golang-github-vmware-govmomi-dev)
 */
import { SoapClient } from '../src/sources/vsphere/soap-client';
import { negotiateVersion, retrieveServiceContent } from '../src/sources/vsphere/vim-api';
import { VsphereSource } from '../src/sources/vsphere/vsphere-source';
import { startVcsim, vcsimAvailable } from '../test/support/vcsim/vcsim';

const COUNTS = [10, 100, 1000];
const POLLS = 5;
const BASELINE_CALLS = 30;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeIt(f: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  const missing = vcsimAvailable();
  if (missing) {
    process.stderr.write(`bench/live: ${missing}\n`);
    process.exitCode = 1;
    return;
  }
  const rows: string[] = [];
  for (const vms of COUNTS) {
    const sim = await startVcsim({ model: 'esx', vms });
    try {
      const url = new URL(sim.url);
      const bare = new SoapClient({ url, tls: { insecure: false, ca: [] }, timeoutMs: 60000 });
      await negotiateVersion(bare);
      const baselines: number[] = [];
      for (let i = 0; i < BASELINE_CALLS; i++) baselines.push(await timeIt(() => retrieveServiceContent(bare)));
      bare.close();

      const source = await VsphereSource.open({
        url,
        user: 'bench',
        password: 'bench',
        tls: { insecure: false, ca: [] },
        timeoutMs: 60000,
        target: { host: null, cluster: null },
        onFailure: 'fail',
      });
      const setupRequests = source.requestCount;
      await source.next(); // the sample taken while opening
      const times: number[] = [];
      const requests: number[] = [];
      const b0 = source.bytesReceived;
      let groups = 0;
      for (let i = 0; i < POLLS; i++) {
        const r0 = source.requestCount;
        times.push(
          await timeIt(async () => {
            groups = (await source.next())?.groups.length ?? 0;
          }),
        );
        requests.push(source.requestCount - r0);
      }
      const kbPerPoll = (source.bytesReceived - b0) / POLLS / 1024;
      await source.close();
      const base = median(baselines);
      const poll = median(times);
      rows.push(
        `${String(vms).padStart(5)} VMs  ${String(groups).padStart(5)} rows  requests/poll ${Math.min(...requests)}-${Math.max(...requests)}  ` +
          `setup ${setupRequests} requests  ${kbPerPoll.toFixed(0)} KB/poll  poll = ${(poll / base).toFixed(1)} x baseline  (poll ${poll.toFixed(1)} ms, baseline ${base.toFixed(2)} ms)`,
      );
      process.stdout.write(`${rows[rows.length - 1]}\n`);
    } finally {
      await sim.stop();
    }
  }
}

main().catch((err) => {
  process.stderr.write(`bench/live: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
