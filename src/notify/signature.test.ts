import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { sign, verify } from './signature.ts';

const BODY = '{"kind":"handover","alarm":{"id":"urn:dosi:alarm:1"}}';

test('the signature is HMAC-SHA256 over "timestamp.body", hex, prefixed v1=', () => {
  const want = createHmac('sha256', 's3cret').update(`1764756000.${BODY}`).digest('hex');
  assert.equal(sign('s3cret', 1764756000, BODY), `v1=${want}`);
  // a known vector, so a receiver in another language can check its implementation
  assert.equal(sign('key', 0, ''), `v1=${createHmac('sha256', 'key').update('0.').digest('hex')}`);
});

test('verify: accepts the right signature, refuses a changed body, secret or timestamp, and stale ones', () => {
  const s = sign('s3cret', 1764756000, BODY);
  assert.equal(verify('s3cret', '1764756000', s, BODY, 1764756010), true);
  assert.equal(verify('s3cret', '1764756000', s, BODY.replace('1', '2'), 1764756010), false);
  assert.equal(verify('other', '1764756000', s, BODY, 1764756010), false);
  assert.equal(verify('s3cret', '1764756001', s, BODY, 1764756010), false);
  assert.equal(verify('s3cret', '1764756000', s, BODY, 1764756000 + 301), false, 'older than 5 min');
  assert.equal(verify('s3cret', undefined, s, BODY, 1764756010), false);
  assert.equal(verify('s3cret', '1764756000', 'v1=00', BODY, 1764756010), false);
});
