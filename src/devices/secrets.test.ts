// Device secrets and their Mosquitto-compatible hashes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashDeviceSecret, newDeviceSecret, verifyDeviceSecret } from './secrets.ts';
import { mosquittoAclFile, mosquittoPasswordFile } from './mosquitto.ts';

test('secrets are 24 random bytes in base64url, never starting with -', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const s = newDeviceSecret();
    assert.match(s, /^[A-Za-z0-9_][A-Za-z0-9_-]{31}$/);
    assert.equal(Buffer.from(s, 'base64url').length, 24);
    seen.add(s);
  }
  assert.equal(seen.size, 500);
});

test('hashes have the mosquitto 2.0 $7$ format and verify only the right secret', () => {
  const s = newDeviceSecret();
  const h = hashDeviceSecret(s);
  const m = /^\$7\$101\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/.exec(h);
  assert.ok(m, h);
  assert.equal(Buffer.from(m[1]!, 'base64').length, 12);
  assert.equal(Buffer.from(m[2]!, 'base64').length, 64);
  assert.notEqual(hashDeviceSecret(s), h, 'a new salt each time');
  assert.equal(verifyDeviceSecret(s, h), true);
  assert.equal(verifyDeviceSecret(`${s}x`, h), false);
  assert.equal(verifyDeviceSecret('', h), false);
  assert.equal(verifyDeviceSecret('한글 비밀번호', hashDeviceSecret('한글 비밀번호', 5)), true);
});

test('malformed hashes never verify', () => {
  for (const bad of [
    '',
    'plain',
    '$7$',
    '$7$0$AAAA$BBBB',
    '$7$abc$AAAA$BBBB',
    '$7$101$!!$BBBB',
    '$7$101$AAAA$',
    '$5$x$y',
    '$6$$',
  ])
    assert.equal(verifyDeviceSecret('x', bad), false, bad);
});

test('password and ACL files: one line per account; bad names are refused', () => {
  const h = hashDeviceSecret('s');
  const passwd = mosquittoPasswordFile(
    [
      { tenant: 'hanam', id: 'a', secretHash: h },
      { tenant: 'goyang', id: 'b', secretHash: h },
    ],
    { username: 'ingest', hash: h },
  );
  assert.deepEqual(
    passwd.split('\n').filter((l) => l && !l.startsWith('#')),
    [`ingest:${h}`, `a@hanam:${h}`, `b@goyang:${h}`],
  );
  const acl = mosquittoAclFile([{ tenant: 'hanam', id: 'a' }]);
  assert.match(
    acl,
    /^user a@hanam\ntopic write dosi\/hanam\/a\/attrs\ntopic write dosi\/hanam\/a\/cmdexe\ntopic read dosi\/hanam\/a\/cmd$/m,
  );
  assert.doesNotMatch(acl, /dosi\/#/);
  assert.throws(() => mosquittoPasswordFile([], { username: 'in gest', hash: h }), /cannot be written/);
  assert.throws(() => mosquittoPasswordFile([], { username: 'ingest', hash: 'plain' }), /not a mosquitto/);
});
