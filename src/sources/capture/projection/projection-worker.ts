/**
 * A thread of a parallel projection (parallel-projection.ts): takes the next
 * block not yet taken, never more than `ahead` blocks beyond what the main
 * thread has written (so memory stays bounded), projects it, and posts the
 * result with its output buffers moved, not copied.
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { BlockProjector, type BlockJob, type BlockSetup } from './block-projection';

export interface WorkerInput {
  setup: BlockSetup;
  path: string;
  fileSize: number;
  jobs: BlockJob[];
  /** [next block to take, blocks written]. */
  counters: Int32Array;
  ahead: number;
  port: MessagePort;
}

export const NEXT = 0;
export const WRITTEN = 1;

async function work(input: WorkerInput): Promise<void> {
  const { counters, jobs, port } = input;
  const fd = openSync(input.path, 'r');
  try {
    const projector = new BlockProjector(input.setup, fd, input.fileSize);
    for (;;) {
      const k = Atomics.add(counters, NEXT, 1);
      if (k >= jobs.length) break;
      for (;;) {
        const written = Atomics.load(counters, WRITTEN);
        if (k - written < input.ahead) break;
        Atomics.wait(counters, WRITTEN, written, 1000);
      }
      const result = await projector.project(jobs[k]);
      port.postMessage({ result }, result.chunks.map((c) => c.buffer as ArrayBuffer));
    }
  } finally {
    closeSync(fd);
  }
  port.postMessage({ done: true });
}

if (parentPort) {
  const input = workerData as WorkerInput;
  work(input).catch((err: unknown) => input.port.postMessage({ error: err instanceof Error ? err.message : String(err) }));
}
