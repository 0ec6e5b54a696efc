/**
 * What the fuzz tests share: a seeded generator (the same seed gives the same
 * inputs, so a failure reproduces), mutations that favour what breaks
 * parsers (quotes, separators, line breaks, nesting, escape sequences, bidi
 * and zero-width characters, lone surrogates, absurd numbers and dates,
 * `__proto__`), and the whole-process run with a capped heap.
 *
 * `BALLOONTOP_FUZZ_SEED=N npm test` runs other inputs; a failure names the
 * seed and the case.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { Prng } from '../../src/sources/simulation/model/prng';
import { runCli, type CliResult } from '../support/run-cli';

const BASE_SEED = Number(process.env.BALLOONTOP_FUZZ_SEED ?? 20261130) >>> 0;

/** The generator of one fuzz target: its own stream of the seed, so targets do not shift each other's inputs. */
export function fuzzer(target: string): { rng: Prng; seed: number; where: (i: number) => string } {
  let stream = 0;
  for (const c of target) stream = (stream * 31 + c.charCodeAt(0)) >>> 0;
  return { rng: new Prng(BASE_SEED, stream), seed: BASE_SEED, where: (i) => `fuzz ${target}: seed ${BASE_SEED} case ${i} (BALLOONTOP_FUZZ_SEED=${BASE_SEED} reproduces it)` };
}

const TOKENS = [
  '"', '""', ',', ';', '\t', '\n', '\r', '\r\n', '{', '}', '[', ']', ':', '\\', '\\\\', '/', '(', ')', '<', '>', '&', '=', '%ZZ', '%',
  '\x00', '\x07', '\x1b', '\x1b[2J', '\x1b]2;PWNED\x07', '\x9b31m', '\u202e', '\u2066', '\u200b', '\u200d', '\ufeff', '\u00ad', '\ud800', '\udfff',
  '\u0378', '\ue000', '\u{1fae8}', '数据', '👍🏽', 'e\u0301',
  '0', '-0', '1e999', '-1e308', '1e-400', 'NaN', 'Infinity', 'null', 'true', '0x1F', '0b11', '99999999999999999999999', '-5', '4294967296',
  '02/30/2018 25:61:61', '01/01/1900 00:00:00', '12/31/9999 23:59:59', '2026-02-30T00:00:00Z', '+99999999d', '-1e9h',
  '__proto__', 'constructor', 'prototype', '"__proto__":1',
  '<![CDATA[', ']]>', '<!--', '-->', '<?xml', '&#x1b;', '&#0;', '&lt;', '&unknown;', '</', '/>', 'xsi:type="', '<soapenv:Fault>', '<faultstring>',
  '{"t":', '"h":[', '"g":[', '"n":[{"text":', '"type":"hello"',
];

/** A random code point from anywhere in Unicode (unassigned, private use and surrogate halves included). */
function randomChar(rng: Prng): string {
  const pick = rng.next();
  if (pick < 0.5) return String.fromCharCode(rng.int(0, 0x7f));
  if (pick < 0.8) return String.fromCharCode(rng.int(0x80, 0xffff));
  return String.fromCodePoint(rng.int(0x10000, 0x10ffff));
}

/** `input` with 1 to `maxEdits` random edits: tokens in, pieces out, pieces repeated (up to `maxGrowth` characters more), a cut. */
export function mutate(rng: Prng, input: string, maxEdits = 8, maxGrowth = 200_000): string {
  let s = input;
  const edits = rng.int(1, maxEdits);
  for (let e = 0; e < edits; e++) {
    const at = rng.int(0, s.length);
    const op = rng.int(0, 9);
    if (op <= 2) s = s.slice(0, at) + TOKENS[rng.int(0, TOKENS.length - 1)] + s.slice(at);
    else if (op === 3) s = s.slice(0, at) + TOKENS[rng.int(0, TOKENS.length - 1)] + s.slice(at + rng.int(1, 8));
    else if (op === 4) s = s.slice(0, at) + s.slice(at + rng.int(1, 64));
    else if (op === 5) {
      const piece = s.slice(at, at + rng.int(1, 40));
      s = s.slice(0, at) + piece.repeat(Math.min(rng.int(2, 5000), Math.floor(maxGrowth / Math.max(1, piece.length)))) + s.slice(at);
    } else if (op === 6) s = s.slice(0, at) + Array.from({ length: rng.int(1, 16) }, () => randomChar(rng)).join('') + s.slice(at);
    else if (op === 7 && rng.next() < 0.3) s = s.slice(0, at);
    else if (op === 8) s = s.slice(0, at) + TOKENS[rng.int(0, TOKENS.length - 1)].repeat(rng.int(2, 2000)) + s.slice(at);
    else s = s.slice(0, at) + String(rng.range(-1e6, 1e6)) + s.slice(at + rng.int(0, 6));
  }
  return s;
}

/** `input` with a few random bytes flipped, cut or inserted (for compressed data). */
export function mutateBytes(rng: Prng, input: Buffer): Buffer {
  const out = Buffer.from(input);
  const edits = rng.int(1, 4);
  let b: Buffer = out;
  for (let e = 0; e < edits; e++) {
    const at = rng.int(0, Math.max(0, b.length - 1));
    const op = rng.int(0, 2);
    if (op === 0 && b.length > 0) b[at] ^= 1 << rng.int(0, 7);
    else if (op === 1) b = b.subarray(0, at);
    else b = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: rng.int(1, 32) }, () => rng.int(0, 255))), b.subarray(at)]);
  }
  return b;
}

/** A temporary folder for one fuzz test's inputs, removed after it. */
export function fuzzDir(t: TestContext, name: string): (content: string | Buffer, ext: string) => string {
  const dir = mkdtempSync(join(tmpdir(), `balloontop-fuzz-${name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  return (content, ext) => {
    const p = join(dir, `case${++n}.${ext}`);
    writeFileSync(p, content);
    return p;
  };
}

/** The built CLI with its heap capped at 256 MB: an input that takes more memory ends the run (and the test fails). */
export function runBounded(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return runCli(args, { ...opts, env: { NODE_OPTIONS: '--max-old-space-size=256', ...opts.env }, timeoutMs: 120_000 });
}
