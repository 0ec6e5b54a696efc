/**
 * Feed fan-out benchmark (run: node dist/bench/feed.js [SAMPLES] [CLIENTS]).
 *
 * A simulation (overcommit scenario) run as fast as it goes, every sample
 * published by a FeedServer on 127.0.0.1 to 50 feed clients (in a worker
 * thread). Machines are noisy, so the figures are ratios against a baseline
 * measured in the same run: making the same samples and encoding them to
 * recording lines without sending them anywhere.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { FeedServer } from '../src/feed/feed-server';
import { encodeSample, makeHeader } from '../src/sources/recording/format';
import { resolveScenario } from '../src/sources/simulation/scenario/catalog';
import { SimulationSource } from '../src/sources/simulation/simulation-source';

const SAMPLES = Number(process.argv[2] ?? 2000);
const CLIENTS = Number(process.argv[3] ?? 50);
const now = () => performance.timeOrigin + performance.now();

function sim(): SimulationSource {
  return new SimulationSource(resolveScenario('overcommit'), { seed: 1, stepSeconds: 20 });
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))];
}

async function baseline(): Promise<{ msPerSample: number; bytes: number }> {
  const src = sim();
  const header = makeHeader(src.info, null);
  let bytes = 0;
  const t0 = now();
  for (let i = 0; i < SAMPLES; i++) bytes += encodeSample((await src.next())!, header).length;
  return { msPerSample: (now() - t0) / SAMPLES, bytes: bytes / SAMPLES };
}

async function fanOut(): Promise<{ elapsedMs: number; delivered: number; latencies: number[]; publishMsPerSample: number }> {
  const src = sim();
  const server = new FeedServer({ host: '127.0.0.1', port: 0, token: null, header: makeHeader(src.info, null), realtime: false, history: 10 });
  await server.listen();
  const worker = new Worker(join(__dirname, 'feed-clients.js'), { workerData: { url: server.url, clients: CLIENTS } });
  const published = new Map<number, number>();
  const result = new Promise<{ results: { received: number; arrivals: [number, number][] }[] }>((resolve, reject) => {
    worker.on('message', (m) => m.type === 'done' && resolve(m));
    worker.on('error', reject);
  });
  while (server.stats().clients < CLIENTS || server.stats().buffered.length < CLIENTS) await new Promise((r) => setTimeout(r, 20));
  // Let the last hellos be answered before the clock starts.
  await new Promise((r) => setTimeout(r, 300));
  const t0 = now();
  let publishMs = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const s = (await src.next())!;
    const p0 = now();
    published.set(s.time, p0);
    server.publish(s);
    publishMs += now() - p0;
    // Let the sockets write: "as fast as possible" still goes through the event loop.
    await new Promise((r) => setImmediate(r));
  }
  server.end();
  const { results } = await result;
  const elapsedMs = now() - t0;
  await worker.terminate();
  await server.close();
  const latencies: number[] = [];
  let delivered = 0;
  for (const r of results) {
    delivered += r.received;
    for (const [t, at] of r.arrivals) {
      const p = published.get(t);
      if (p !== undefined) latencies.push(at - p);
    }
  }
  return { elapsedMs, delivered, latencies, publishMsPerSample: publishMs / SAMPLES };
}

async function main(): Promise<void> {
  await baseline(); // warm-up
  const base = await baseline();
  const feed = await fanOut();
  const expected = SAMPLES * CLIENTS;
  const perSampleMs = feed.elapsedMs / SAMPLES;
  const med = pct(feed.latencies, 50);
  const p99 = pct(feed.latencies, 99);
  const lines = [
    `feed fan-out: ${SAMPLES} samples of the overcommit simulation (${Math.round(base.bytes)} bytes each) to ${CLIENTS} loopback clients`,
    `baseline (make + encode, no sending): ${(base.msPerSample * 1000).toFixed(1)} us/sample, ${Math.round(1000 / base.msPerSample)} samples/s`,
    `fan-out: ${(feed.elapsedMs / 1000).toFixed(2)} s, ${Math.round((SAMPLES * 1000) / feed.elapsedMs)} samples/s published, ${Math.round((feed.delivered * 1000) / feed.elapsedMs)} sample frames/s delivered in all`,
    `delivered: ${feed.delivered} of ${expected} frames (${((100 * feed.delivered) / expected).toFixed(1)}%; a client that falls behind gets only the newest)`,
    `time per published sample: ${(perSampleMs * 1000).toFixed(0)} us = ${(perSampleMs / base.msPerSample).toFixed(1)}x the baseline (${(perSampleMs / base.msPerSample / CLIENTS).toFixed(2)}x per client)`,
    `publish() call alone: ${(feed.publishMsPerSample * 1000).toFixed(1)} us/sample = ${(feed.publishMsPerSample / base.msPerSample).toFixed(2)}x the baseline`,
    `latency publish -> client: median ${med.toFixed(2)} ms (${(med / base.msPerSample).toFixed(1)}x the baseline per sample), p99 ${p99.toFixed(2)} ms (${(p99 / base.msPerSample).toFixed(1)}x)`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

void main();
