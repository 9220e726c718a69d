// Device credentials. The secret is shown once; dosi stores the Mosquitto 2.0 password-file hash
// ($7$ = PBKDF2-HMAC-SHA512) so that the very same hash can be exported to a mosquitto password file
// and a device keeps one credential whichever broker it talks to.
import { createHash, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** Mosquitto 2.0 defaults: 101 iterations, 12-byte salt, 64-byte SHA-512 output. */
export const PBKDF2_ITERATIONS = 101;
const SALT_BYTES = 12;
const KEY_BYTES = 64;
const SECRET_BYTES = 24;

/**
 * A new device secret: 24 random bytes, base64url (32 characters, no padding). Never starts with `-`,
 * which command lines (mosquitto_pub -P) would read as an option and spreadsheets as a formula.
 */
export function newDeviceSecret(): string {
  for (;;) {
    const s = randomBytes(SECRET_BYTES).toString('base64url');
    if (!s.startsWith('-')) return s;
  }
}

/** `$7$101$<base64 salt>$<base64 PBKDF2-SHA512>`, as written by mosquitto_passwd 2.0. */
export function hashDeviceSecret(secret: string, iterations = PBKDF2_ITERATIONS): string {
  const salt = randomBytes(SALT_BYTES);
  const key = pbkdf2Sync(Buffer.from(secret, 'utf8'), salt, iterations, KEY_BYTES, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const B64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * True when `secret` matches `hash`. Understands $7$ (PBKDF2-SHA512, mosquitto 2.0) and $6$ (salted
 * SHA-512, mosquitto 1.x files); anything else is false. Compares in constant time.
 */
export function verifyDeviceSecret(secret: string, hash: string): boolean {
  const parts = hash.split('$');
  const pw = Buffer.from(secret, 'utf8');
  let expected: Buffer;
  let actual: Buffer;
  if (parts.length === 5 && parts[0] === '' && parts[1] === '7') {
    const iterations = Number(parts[2]);
    const [salt, key] = [parts[3] ?? '', parts[4] ?? ''];
    if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) return false;
    if (!B64_RE.test(salt) || !B64_RE.test(key)) return false;
    expected = Buffer.from(key, 'base64');
    if (expected.length === 0) return false;
    actual = pbkdf2Sync(pw, Buffer.from(salt, 'base64'), iterations, expected.length, 'sha512');
  } else if (parts.length === 4 && parts[0] === '' && parts[1] === '6') {
    const [salt, key] = [parts[2] ?? '', parts[3] ?? ''];
    if (!B64_RE.test(salt) || !B64_RE.test(key)) return false;
    expected = Buffer.from(key, 'base64');
    actual = createHash('sha512').update(pw).update(Buffer.from(salt, 'base64')).digest();
  } else {
    return false;
  }
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A hash of a random secret, so that unknown devices cost as much to check as known ones. */
export const DUMMY_HASH = hashDeviceSecret(newDeviceSecret());
