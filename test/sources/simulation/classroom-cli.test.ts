/** `sim --serve` on the command line: what it refuses, in one line each. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../support/run-cli';

test('sim --serve: refused with batch output, without a token beyond loopback, with a bad address; --token-file needs --serve', async () => {
  const cases: [string[], RegExp][] = [
    [['sim', '--serve', '127.0.0.1:0', '-b', '-n', '1'], /^balloontop: sim: --serve serves the class from the instructor's dashboard; without a dashboard use balloontop serve sim \.\.\.\n$/],
    [['sim', '--token-file', '/dev/null', '--json', '-n', '1'], /^balloontop: sim: --token-file goes with --serve HOST:PORT\n$/],
    [['sim', '--serve', '0.0.0.0:0'], /^balloontop: sim --serve: listening on 0\.0\.0\.0 lets other machines connect: give --token-file FILE/],
    [['sim', '--serve', 'nope'], /^balloontop: sim: --serve nope: expected HOST:PORT \(e\.g\. 127\.0\.0\.1:7070\)\n$/],
    [['serve', 'sim', '--serve', '127.0.0.1:0'], /^balloontop: serve: --serve is for the instructor's dashboard \(balloontop sim --serve HOST:PORT\); serve sends the samples to its clients\n$/],
  ];
  for (const [args, re] of cases) {
    const r = await runCli(args, { env: { ...process.env, BALLOONTOP_TOKEN: '' } });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stdout, '');
  }
});
