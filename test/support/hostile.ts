/**
 * What every hostile input must leave behind, whatever it is: exit code 0 or
 * 2, no stack trace, no internal error, and nothing on stderr (or on stdout,
 * outside `-b`/`--json` data) that a terminal would act on.
 */
import assert from 'node:assert/strict';
import { emptyHostValues } from '../../src/fields/host-counters';
import { encodeHeader, encodeSample, makeHeader } from '../../src/sources/recording/format';
import type { Group, Sample } from '../../src/sample/sample';
import type { CliResult } from './run-cli';

/** Controls (but the line feed), DEL, C1, zero-width and bidi formatting characters. */
export const TERMINAL_ACTIVE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

export function assertNoTerminalControls(text: string, what: string): void {
  const m = TERMINAL_ACTIVE.exec(text);
  assert.equal(m, null, `${what} holds U+${m?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} at ${m?.index}: ${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 40))}`);
}

/** Exit 0 or 2 (or one of `codes`), no trace, no internal error, a clean stderr; stdout is checked too unless it is batch data. */
export function assertHandled(r: CliResult, what: string, opts: { codes?: number[]; stdoutIsData?: boolean } = {}): void {
  const codes = opts.codes ?? [0, 2];
  assert.ok(codes.includes(r.code ?? -1), `${what}: exit code ${r.code} (expected ${codes.join(' or ')}); stderr: ${r.stderr.slice(0, 500)}`);
  assert.doesNotMatch(r.stderr, /\n\s+at .*:\d+:\d+\)?\n|internal error/, `${what}: no trace, no internal error: ${r.stderr.slice(0, 500)}`);
  assertNoTerminalControls(r.stderr, `${what}: stderr`);
  if (!opts.stdoutIsData) assertNoTerminalControls(r.stdout, `${what}: stdout`);
  if (r.code === 2) assert.equal(r.stderr.trimEnd().split('\n').filter((l) => l.startsWith('balloontop: ') && !l.startsWith('balloontop: warning')).length >= 1, true, `${what}: says why`);
}

/** A sample of a small host for recordings built in tests. */
export function hostSample(time: number, groups: Group[], notes?: Sample['notes']): Sample {
  const values = emptyHostValues();
  values.free = 590;
  values.minFree = 403;
  values.state = 1;
  return { time, host: { hostname: 'esx.test', values, state: 'clear', extra: {} }, groups, ...(notes ? { notes } : {}) };
}

/** The text of a plain recording of `samples`, then any `extraLines` (raw). */
export function recordingText(samples: Sample[], extraLines: string[] = []): string {
  const header = makeHeader({ kind: 'capture', label: 'test' }, 'esx.test', new Date(Date.UTC(2026, 0, 1)));
  return [encodeHeader(header), ...samples.map((s) => encodeSample(s, header)), ...extraLines].join('\n') + '\n';
}
