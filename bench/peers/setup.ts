/**
 * The peers of the batch benchmark, set up by the benchmark itself:
 *
 * - Python's csv module (python3 from the system);
 * - polars and DuckDB. Their Python packages come from PyPI, which this
 *   project's machines cannot reach, so unless they are already importable,
 *   the same engines are taken from their npm packages (nodejs-polars, a Rust
 *   build of polars; @duckdb/node-api, DuckDB's C++ library), installed into
 *   bench/.peers (not the project's dependencies) on first use.
 *
 * Each peer is reported as available or not, with the reason; none is skipped
 * silently.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const POLARS_VERSION = '0.25.2';
export const DUCKDB_VERSION = '1.5.6-r.1';

export interface Peers {
  /** The folder with the engines' npm packages (node_modules inside), or null. */
  dir: string | null;
  python: boolean;
  polars: boolean;
  duckdb: boolean;
  notes: string[];
}

function works(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0;
}

export function setUpPeers(projectRoot: string): Peers {
  const notes: string[] = [];
  const python = works('python3', ['-c', 'import csv, json']);
  notes.push(python ? `python3: ${spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim()} (csv module)` : 'python3: not found; the Python peer is not measured (apt-get install python3)');
  const pyEngines = python && works('python3', ['-c', 'import polars, duckdb']);
  notes.push(
    pyEngines
      ? 'Python polars and duckdb are importable, but the benchmark uses their npm builds below so that every run compares the same engines'
      : 'Python polars/duckdb: not installed here and not installable (PyPI is not reachable from this machine); the same engines are used from their npm packages',
  );
  const dir = process.env.BALLOONTOP_BENCH_PEERS ?? join(projectRoot, 'bench', '.peers');
  const platformPolars = process.platform === 'linux' ? `nodejs-polars-linux-${process.arch}-gnu` : null;
  const wanted = [`nodejs-polars@${POLARS_VERSION}`, ...(platformPolars ? [`${platformPolars}@${POLARS_VERSION}`] : []), `@duckdb/node-api@${DUCKDB_VERSION}`];
  const installed = existsSync(join(dir, 'node_modules', 'nodejs-polars')) && existsSync(join(dir, 'node_modules', '@duckdb', 'node-api'));
  if (!installed) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"balloontop-bench-peers","private":true}\n');
    process.stdout.write(`installing the benchmark's peers into ${dir}: ${wanted.join(' ')}\n`);
    const r = spawnSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', '--save-exact', ...wanted], { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) notes.push(`npm install of the peers failed (${(r.stderr || r.stdout).trim().split('\n').pop()})`);
  }
  const polars = works(process.execPath, ['-e', `require(${JSON.stringify(join(dir, 'node_modules', 'nodejs-polars'))})`]);
  const duckdb = works(process.execPath, ['-e', `require(${JSON.stringify(join(dir, 'node_modules', '@duckdb', 'node-api'))})`]);
  notes.push(polars ? `polars: nodejs-polars ${POLARS_VERSION} (Rust engine)` : 'polars: not available (see above); not measured');
  notes.push(duckdb ? `DuckDB: @duckdb/node-api ${DUCKDB_VERSION} (C++ engine)` : 'DuckDB: not available (see above); not measured');
  return { dir: polars || duckdb ? dir : null, python, polars, duckdb, notes };
}
