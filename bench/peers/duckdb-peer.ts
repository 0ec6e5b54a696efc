/**
 * Peer of bench/batch.ts: DuckDB (its own C++ engine, from the npm package
 * @duckdb/node-api) reading a capture with read_csv, the schema given (every
 * column VARCHAR, so nothing is inferred or converted), and writing the
 * timestamp and the memory columns to stdout as CSV with every cell quoted.
 * Usage: node duckdb-peer.js PEERS_DIR FILE
 */
import { join } from 'node:path';
import { captureHeader } from './memory-columns';

async function main(peers: string, file: string): Promise<void> {
  const { DuckDBInstance } = require(join(peers, 'node_modules', '@duckdb', 'node-api')) as {
    DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<{ run(sql: string): Promise<unknown> }> }> };
  };
  const { cells, memory } = captureHeader(file);
  const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const identifier = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const columns = `{${cells.map((c) => `${quoted(c)}: 'VARCHAR'`).join(',')}}`;
  const select = [0, ...memory].map((i) => identifier(cells[i])).join(',');
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run(
    `COPY (SELECT ${select} FROM read_csv(${quoted(file)}, columns=${columns}, header=true, delim=',', quote='"', escape='"', auto_detect=false, null_padding=true, strict_mode=false)) ` +
      `TO '/dev/stdout' (FORMAT csv, HEADER true, FORCE_QUOTE *)`,
  );
}

main(process.argv[2], process.argv[3]).catch((err) => {
  process.stderr.write(`duckdb peer: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
