/** nextOrStop, in a process of its own: a signal stops the wait; a long run keeps nothing of the samples it waited for. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const MODULE = JSON.stringify(join(__dirname, '..', '..', 'src', 'output', 'stop-signal.js'));

test('a signal ends the wait for a sample that never comes; a sample that comes first is returned', async () => {
  const script = `
    const { isStop, nextOrStop, stopSignal } = require(${MODULE});
    const alive = setInterval(() => {}, 1000); // a real source has a socket or a file open meanwhile
    (async () => {
      const signal = stopSignal();
      console.log(await nextOrStop(Promise.resolve(42), signal));
      try { await nextOrStop(Promise.reject(new Error('bad input')), signal); } catch (e) { console.log(e.message); }
      console.log('waiting');
      const r = await nextOrStop(new Promise(() => {}), signal);
      console.log(isStop(r) ? 'stopped' : 'not stopped');
      console.log(isStop(await nextOrStop(Promise.resolve(1), signal)) ? 'still stopped' : 'not stopped');
      signal.dispose();
      clearInterval(alive);
    })();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let signalled = false;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    // One signal only: a second one, after the child has given its handler back, would kill it.
    if (!signalled && out.includes('waiting\n')) {
      signalled = true;
      child.kill('SIGTERM');
    }
  });
  const code = await new Promise((r) => child.on('exit', r));
  assert.equal(code, 0);
  assert.equal(out, '42\nbad input\nwaiting\nstopped\nstill stopped\n');
});

test('100,000 samples waited for keep no memory (each sample holds 100 KB)', () => {
  const script = `
    const { nextOrStop, stopSignal } = require(${MODULE});
    (async () => {
      const signal = stopSignal();
      global.gc();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < 100000; i++) await nextOrStop(Promise.resolve(new Array(12800).fill(i)), signal);
      global.gc();
      console.log(Math.round((process.memoryUsage().heapUsed - before) / 1e6));
      signal.dispose();
    })();`;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(Number(r.stdout) < 50, `heap grew by ${r.stdout.trim()} MB`);
});
