/**
 * A big capture on disk projected by more than one thread: the data after
 * the header is cut into blocks of BLOCK_BYTES (block-projection.ts); the
 * main thread and the workers take the next block in turn, and the main
 * thread writes their outputs in file order as they complete, putting
 * their problems together as one reader would have found them (lines
 * counted on from block to block, the time order checked across blocks).
 *
 * Rows are independent, so the only thing a block cannot know is where its
 * first row starts; each block's start is checked against where the block
 * before it ended, and on a mismatch (a quoted line break near a block
 * border) the rest is read by the main thread alone from the right place.
 */
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { LineSink } from '../../../output/line-sink';
import type { WarningCounter } from '../../warnings';
import { BlockProjector, type BlockJob, type BlockResult, type BlockSetup } from './block-projection';
import { NEXT, WRITTEN, type WorkerInput } from './projection-worker';

/** Blocks of about this size (big enough that a block costs little to hand over, small enough to share the work evenly). */
export const BLOCK_BYTES = 8 << 20;
/** No thread takes a block this far ahead of the written output (bounds the memory held by finished blocks). */
const AHEAD = 6;

export interface ParallelCapture {
  label: string;
  path: string;
  fileSize: number;
  /** Where the first data row starts, and the line it is on. */
  dataOffset: number;
  line: number;
  setup: BlockSetup;
  /** The -b header line, written before the first sample. */
  csvHeader: string | null;
}

export interface ParallelOutcome {
  samples: number;
}

type WorkerMessage = { result: BlockResult } | { done: true } | { error: string };

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
}

export async function projectInParallel(capture: ParallelCapture, threads: number, sink: LineSink, warn: WarningCounter, blockBytes = BLOCK_BYTES): Promise<ParallelOutcome> {
  const jobs: BlockJob[] = [];
  for (let start = capture.dataOffset, k = 0; start < capture.fileSize; start += blockBytes, k++) {
    jobs.push({ index: k, start, exactStart: k === 0, end: Math.min(start + blockBytes, capture.fileSize) });
  }
  const counters = new Int32Array(new SharedArrayBuffer(8));
  const workers: Worker[] = [];
  const ports: MessageChannel[] = [];
  for (let t = 1; t < threads; t++) {
    const channel = new MessageChannel();
    const input: WorkerInput = { setup: capture.setup, path: capture.path, fileSize: capture.fileSize, jobs, counters, ahead: AHEAD, port: channel.port2 };
    workers.push(new Worker(join(__dirname, 'projection-worker.js'), { workerData: input, transferList: [channel.port2] }));
    ports.push(channel);
  }
  const fd = openSync(capture.path, 'r');
  const local = new BlockProjector(capture.setup, fd, capture.fileSize);
  const done = new Map<number, BlockResult>();
  const finished = new Set<number>();
  let failed: string | null = null;
  const merge = new Merger(capture, sink, warn);
  const receive = () => {
    ports.forEach((channel, t) => {
      for (let m; (m = receiveMessageOnPort(channel.port1)); ) {
        const msg = m.message as WorkerMessage;
        if ('result' in msg) {
          msg.result.chunks = msg.result.chunks.map(asBuffer);
          done.set(msg.result.index, msg.result);
        } else {
          if ('error' in msg) failed = msg.error;
          finished.add(t);
        }
      }
    });
  };
  // A worker that dies without a word (it could not even start) counts as failed: its blocks are then read here.
  workers.forEach((w, t) => {
    w.on('error', (err) => {
      failed = err.message;
      finished.add(t);
    });
    w.on('exit', () => {
      receive();
      if (!finished.has(t)) {
        failed = 'a worker thread stopped';
        finished.add(t);
      }
    });
  });
  try {
    while (merge.next < jobs.length && !sink.gone) {
      receive();
      const ready = done.get(merge.next);
      if (ready) {
        done.delete(merge.next);
        if (!(await merge.add(ready))) break; // a block that started in the wrong place: the rest in this thread
        Atomics.add(counters, WRITTEN, 1);
        Atomics.notify(counters, WRITTEN);
        continue;
      }
      if (failed !== null) break; // the rest in this thread, which will meet the same problem and say where
      const k = Atomics.load(counters, NEXT) < jobs.length && Atomics.load(counters, NEXT) - merge.next < AHEAD ? Atomics.add(counters, NEXT, 1) : jobs.length;
      if (k < jobs.length) {
        done.set(k, await local.project(jobs[k]));
      } else if (finished.size < workers.length) {
        await new Promise((resolve) => setTimeout(resolve, 1)); // a worker's block is next: wait for it
      } else {
        break;
      }
    }
    if (merge.next < jobs.length && !sink.gone) await merge.rest(local, capture.fileSize);
  } finally {
    for (const w of workers) await w.terminate();
    closeSync(fd);
  }
  return { samples: merge.samples };
}

/** Puts block results together in file order. */
class Merger {
  next = 0;
  samples = 0;
  private endPos: number;
  private line: number;
  private lastTime = -Infinity;

  constructor(
    private readonly capture: ParallelCapture,
    private readonly sink: LineSink,
    private readonly warn: WarningCounter,
  ) {
    this.endPos = capture.dataOffset;
    this.line = capture.line;
  }

  /** Writes the next block; false when it did not start where the one before ended. */
  async add(r: BlockResult): Promise<boolean> {
    if (r.startPos === -1 && this.endPos >= r.end) {
      // No row starts in it: it lies inside the last row of a block before.
      this.next++;
      return true;
    }
    if (r.startPos !== this.endPos) return false;
    const label = this.capture.label;
    const at = (line: number) => `${label}:${this.line + line - 1}`;
    for (let i = 0; i <= r.warnings.length; i++) {
      if (i === r.warningsBeforeFirstSample && r.samples > 0 && r.firstTime < this.lastTime) {
        this.warn.add('order', `${at(r.firstLine)}: timestamp goes back in time; kept`);
      }
      if (i < r.warnings.length) {
        const w = r.warnings[i];
        this.warn.add(w.kind, `${at(w.line)}: ${w.message}`, w.count);
      }
    }
    if (r.samples > 0) {
      if (this.samples === 0 && this.capture.csvHeader !== null) await this.sink.write(this.capture.csvHeader);
      this.samples += r.samples;
      this.lastTime = r.lastTime;
    }
    for (const chunk of r.chunks) await this.sink.write(chunk);
    this.line += r.lines;
    this.endPos = r.endPos;
    this.next++;
    return true;
  }

  /** Everything from where the last written block ended, by this thread alone, written as it goes. */
  async rest(local: BlockProjector, fileSize: number): Promise<void> {
    let headerDone = this.samples > 0 || this.capture.csvHeader === null;
    const r = await local.project({ index: this.next, start: this.endPos, exactStart: true, end: fileSize }, async (chunk) => {
      if (!headerDone) {
        headerDone = true;
        await this.sink.write(this.capture.csvHeader as string);
      }
      await this.sink.write(chunk);
    });
    // Its output went out already; its problems and counts are put together as for any block.
    const header = this.capture.csvHeader;
    this.capture.csvHeader = null;
    await this.add({ ...r, chunks: [] });
    this.capture.csvHeader = header;
  }
}
