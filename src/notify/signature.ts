// HMAC-SHA256 signature of an outbound webhook. The signed string is `{timestamp}.{body}` so a
// captured body cannot be replayed with another timestamp; receivers reject old timestamps.
//   X-Dosi-Timestamp: 1764756000            (Unix seconds)
//   X-Dosi-Signature: v1=<hex HMAC-SHA256(secret, "1764756000." + body)>
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-dosi-timestamp';
export const SIGNATURE_HEADER = 'x-dosi-signature';

export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute, compare in constant time, refuse stale timestamps. */
export function verify(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string,
  nowSec: number,
  toleranceSec = 300,
): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSec - Number(timestamp)) > toleranceSec) return false;
  const want = Buffer.from(sign(secret, Number(timestamp), body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
