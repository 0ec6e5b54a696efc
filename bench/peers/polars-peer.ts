/**
 * Peer of bench/batch.ts: polars (its own Rust engine, from the npm package
 * nodejs-polars) scanning a capture lazily with every column read as text,
 * selecting the timestamp and the memory columns, and streaming them to
 * stdout as CSV with every cell quoted.
 * Usage: node polars-peer.js PEERS_DIR FILE
 */
import { join } from 'node:path';
import { captureHeader } from './memory-columns';

interface Lazy {
  select(...names: string[]): Lazy;
  sinkCSV(path: string, options: object): { collectSync?: () => unknown };
}

function main(peers: string, file: string): void {
  const pl = require(join(peers, 'node_modules', 'nodejs-polars')) as { scanCSV(path: string, options: object): Lazy };
  const { cells, memory } = captureHeader(file);
  const sink = pl.scanCSV(file, { hasHeader: true, inferSchemaLength: 0, quoteChar: '"' }).select(cells[0], ...memory.map((i) => cells[i])).sinkCSV('/dev/stdout', { quoteStyle: 'always', includeHeader: true });
  sink.collectSync?.();
}

try {
  main(process.argv[2], process.argv[3]);
} catch (err) {
  process.stderr.write(`polars peer: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
