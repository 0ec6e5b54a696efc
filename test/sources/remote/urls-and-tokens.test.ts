/** The small parts: listen addresses, feed URLs, tokens. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { isLoopback, presentedToken, tokenMatches } from '../../../src/feed/auth';
import { parseFeedUrl } from '../../../src/sources/remote/feed-url';
import { parseListen } from '../../../src/feed/feed-listener';
import { decodeControl, withNotes } from '../../../src/feed/protocol';

test('--listen accepts HOST:PORT, [v6]:PORT, :PORT and PORT', () => {
  assert.deepEqual(parseListen('127.0.0.1:7070'), { host: '127.0.0.1', port: 7070 });
  assert.deepEqual(parseListen('[::1]:0'), { host: '::1', port: 0 });
  assert.deepEqual(parseListen(':8080'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseListen('9000'), { host: '127.0.0.1', port: 9000 });
  assert.deepEqual(parseListen('0.0.0.0:7070'), { host: '0.0.0.0', port: 7070 });
  for (const bad of ['x:y', '1.2.3.4:70000', 'host:', '']) assert.throws(() => parseListen(bad), /expected HOST:PORT/);
});

test('loopback is 127/8, ::1 and localhost only', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST']) assert.equal(isLoopback(h), true, h);
  for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', 'example.com', '128.0.0.1']) assert.equal(isLoopback(h), false, h);
});

test('feed URLs: default port, bare HOST:PORT, the token taken out of the label', () => {
  assert.equal(parseFeedUrl('ws://h').label, 'ws://h:7070/');
  assert.equal(parseFeedUrl('127.0.0.1:9000').label, 'ws://127.0.0.1:9000/');
  const t = parseFeedUrl('ws://h:1/?token=s3cret&x=1');
  assert.equal(t.tokenInUrl, 's3cret');
  assert.equal(t.label, 'ws://h:1/?x=1');
  assert.equal(parseFeedUrl('wss://u:pw@h/').label, 'wss://h/');
  assert.throws(() => parseFeedUrl('https://h/'), /is not a feed URL/);
  assert.throws(() => parseFeedUrl('ws://'), /not a URL|names no host/);
});

test('feed URLs: a port written out is the port, even a scheme default that URL drops (ws://h:80 is not 7070)', () => {
  for (const raw of ['ws://h:80/', 'ws://h:80', 'h:80', 'ws://u:pw@h:80/?token=t', 'ws://[::1]:80/']) {
    const f = parseFeedUrl(raw);
    assert.equal(f.url.port === '' ? (f.url.protocol === 'ws:' ? '80' : '443') : f.url.port, '80', raw);
    assert.match(f.label, /:80\//, `${raw}: the label names the port`);
  }
  assert.equal(parseFeedUrl('ws://[::1]').label, 'ws://[::1]:7070/');
  assert.equal(parseFeedUrl('wss://h:443/').label, 'wss://h:443/');
});

test('tokens: Bearer header first, then ?token=; compared whole', () => {
  const req = (headers: Record<string, string>, url = '/') => ({ headers, url }) as unknown as IncomingMessage;
  assert.equal(presentedToken(req({ authorization: 'Bearer abc' })), 'abc');
  assert.equal(presentedToken(req({ authorization: 'bearer  abc ' })), 'abc');
  assert.equal(presentedToken(req({}, '/?token=q')), 'q');
  assert.equal(presentedToken(req({ authorization: 'Basic x' })), null);
  assert.equal(tokenMatches('a-long-token-0123456789', 'a-long-token-0123456789'), true);
  assert.equal(tokenMatches('a-long-token-0123456789', 'a-long-token-012345678'), false);
  assert.equal(tokenMatches('a-long-token-0123456789', ''), false);
  assert.equal(tokenMatches('a-long-token-0123456789', null), false);
});

test('text from the other side loses its escape sequences and control characters; notes are added to a sample line as the recording writes them', () => {
  assert.deepEqual(decodeControl(JSON.stringify({ type: 'error', message: 'ok\x1b[2Jgone\n\u202e' })), { type: 'error', message: 'okgone' });
  assert.deepEqual(JSON.parse(withNotes('{"t":1,"h":[],"g":[]}', [{ text: 'x', pause: false }])), { t: 1, h: [], g: [], n: [{ text: 'x', pause: false }] });
});
