import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../src/config/command-line';
import { DEFAULT_DELAY_SECONDS, SESSION_OPTIONS, sessionOptions } from '../../src/config/session-options';
import { UserError } from '../../src/errors';

const parse = (argv: string[]) => sessionOptions(parseArgs(argv, SESSION_OPTIONS, 'replay'));

test('-d typed is remembered as given, even when it equals the default', () => {
  assert.deepEqual([parse([]).delaySeconds, parse([]).delayGiven], [DEFAULT_DELAY_SECONDS, false]);
  assert.deepEqual([parse(['-d', '5']).delaySeconds, parse(['-d', '5']).delayGiven], [5, true]);
  assert.deepEqual([parse(['-d10']).delaySeconds, parse(['-d10']).delayGiven], [10, true]);
});

test('session options are checked like esxtop does: delay at least 2 s, -n a positive whole number, one batch format', () => {
  assert.throws(() => parse(['-d', '1']), (e: unknown) => e instanceof UserError && /--delay must be at least 2/.test(e.message));
  assert.throws(() => parse(['-n', '0']), (e: unknown) => e instanceof UserError && /--iterations must be at least 1/.test(e.message));
  assert.throws(() => parse(['-n', '2.5']), (e: unknown) => e instanceof UserError && /whole number/.test(e.message));
  assert.throws(() => parse(['-b', '--json']), (e: unknown) => e instanceof UserError && /choose one of -b/.test(e.message));
  assert.equal(parse(['-bn', '3']).batch, 'csv');
  assert.equal(parse(['-bn', '3']).iterations, 3);
});
