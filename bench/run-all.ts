/**
 * `npm run bench`: every benchmark, one after another, each in its own
 * process (so one's heap and JIT state do not colour the next). Each prints
 * its figures as ratios against a baseline measured in its own run.
 *
 *   npm run bench                            all of them
 *   npm run bench -- sim frame               only these
 *   npm run bench -- batch -- --no-big       options after a second `--` go to each one
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const BENCHES = ['batch', 'reader', 'batch-output', 'first-frame', 'frame', 'sim', 'live', 'xml-parsers', 'feed', 'graph', 'guest', 'diagnosis'];

const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const wanted = split < 0 ? argv : argv.slice(0, split);
const options = split < 0 ? [] : argv.slice(split + 1);
const unknown = wanted.filter((w) => !BENCHES.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')} (known: ${BENCHES.join(', ')})\n`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : BENCHES) {
  const script = join(__dirname, `${name}.js`);
  if (!existsSync(script)) continue;
  process.stdout.write(`\n=== bench/${name}.ts\n`);
  const r = spawnSync(process.execPath, [script, ...options], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`bench/${name}.ts exited with ${r.status ?? r.signal}\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
