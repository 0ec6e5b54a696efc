/**
 * The dashboard on a capture damaged part way (a gzip whose last member has a
 * bad CRC), in a real terminal: every sample before the damage is shown and
 * can be stepped through, the failure is on the message line, and quitting
 * prints it again (naming the file and line) with exit code 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { capture } from '../support/paths';
import { requireTool } from '../support/tools';
import { balloontop, has, Terminal } from '../support/tmux';

test('tmux: replay of a gzip capture with a bad CRC at its end shows its three samples, says what is wrong, exits 2', async (t) => {
  if (!requireTool(t, 'tmux', 'apt-get install tmux')) return;
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-damaged-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const gz = Buffer.from(gzipSync(readFileSync(capture('esxi65-ballooning-a.csv'))));
  gz[gz.length - 7] ^= 0x5a;
  const file = join(dir, 'damaged.csv.gz');
  writeFileSync(file, gz);
  const tmux = new Terminal();
  try {
    tmux.start(balloontop('replay', file), { width: 200, height: 40 });
    await tmux.until((l) => has(l, /portunus/) && has(l, /corrupt gzip data \(incorrect data check\)/), 'the memory page and the failure');
    tmux.keys('p', 'End');
    await tmux.until((l) => has(l, /04\/24\/2018 10:49:22 UTC {2}sample 3 of 3 /), 'the last good sample, the history complete');
    tmux.keys('Home');
    await tmux.until((l) => has(l, /04\/24\/2018 10:49:12 UTC {2}sample 1 of 3 /), 'the first sample');
    tmux.keys('q');
    const lines = await tmux.until((l) => has(l, /^EXIT=/), 'the exit');
    assert.ok(lines.includes('EXIT=2'), lines.join('\n'));
    assert.ok(lines.includes(`balloontop: ${file}:5: corrupt gzip data (incorrect data check)`), lines.join('\n'));
  } finally {
    tmux.kill();
  }
});
