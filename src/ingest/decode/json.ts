// Decoder of JSON device payloads (MQTT and HTTP): one reading object, or an array of up to 100 of them,
// each `{ "<key>": value, …, "ts"?: ISO-8601 | epoch ms }`, mapped through the device profile.
import { isUtf8 } from 'node:buffer';
import type { ReadingValue } from '../../bus/types.ts';
import type { DeviceProfile } from '../../devices/types.ts';
import { Rejection } from '../types.ts';
import { isoUtc, parseIsoTime } from './iso-time.ts';
import { describe, mapObject, q, type MapOptions } from './map-object.ts';

/** Largest payload accepted (bytes); larger ones are refused as too_large before any parsing. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Most readings one message may carry. */
export const MAX_READINGS_PER_MESSAGE = 100;

const DAY_MS = 86_400_000;
/** Earlier device times are a clock that was never set (or epoch seconds sent as milliseconds). */
const MIN_TS_MS = Date.UTC(2000, 0, 1);
const SKIP_TS: MapOptions = { skipKey: 'ts' };

export function decodeJsonReadings(
  profile: DeviceProfile,
  payload: Buffer,
  receivedAt: string,
): ReadingValue[] {
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new Rejection('too_large', `payload is ${payload.length} bytes, limit ${MAX_PAYLOAD_BYTES}`);
  }
  if (!isUtf8(payload)) throw new Rejection('not_json', 'payload is not valid UTF-8');
  // A UTF-8 byte order mark is legal in a UTF-8 stream but not in JSON text (RFC 8259 §8.1): skip it.
  const start = payload[0] === 0xef && payload[1] === 0xbb && payload[2] === 0xbf ? 3 : 0;
  let doc: unknown;
  try {
    doc = JSON.parse(payload.toString('utf8', start));
  } catch (err) {
    throw new Rejection('not_json', err instanceof Error ? err.message : String(err));
  }
  if (!Array.isArray(doc)) {
    if (!isObject(doc))
      throw new Rejection('bad_payload', `payload is ${describe(doc)}, not an object or an array of objects`);
    return readObject(profile, doc, receivedAt, receivedAt);
  }
  if (doc.length === 0) throw new Rejection('bad_payload', 'payload is an empty array');
  if (doc.length > MAX_READINGS_PER_MESSAGE) {
    throw new Rejection('bad_payload', `array of ${doc.length} readings, limit ${MAX_READINGS_PER_MESSAGE}`);
  }
  const out: ReadingValue[] = [];
  for (let i = 0; i < doc.length; i++) {
    const el: unknown = doc[i];
    if (!isObject(el)) throw new Rejection('bad_payload', `reading [${i}] is ${describe(el)}, not an object`);
    try {
      for (const v of readObject(profile, el, receivedAt, receivedAt)) out.push(v);
    } catch (err) {
      if (err instanceof Rejection) throw new Rejection(err.reason, `reading [${i}]: ${err.detail}`);
      throw err;
    }
  }
  return out;
}

/**
 * One reading object: its own `ts` (validated against the receipt time) or `defaultObservedAt` when it
 * has none. Shared with the LoRaWAN path for payloads a network server decoded.
 */
export function readObject(
  profile: DeviceProfile,
  obj: Readonly<Record<string, unknown>>,
  defaultObservedAt: string,
  receivedAt: string,
): ReadingValue[] {
  const observedAt = Object.hasOwn(obj, 'ts') ? observedAtOf(obj.ts, receivedAt) : defaultObservedAt;
  return mapObject(profile, obj, observedAt, SKIP_TS);
}

function observedAtOf(ts: unknown, receivedAt: string): string {
  let ms: number | undefined;
  let shown: string;
  if (typeof ts === 'number') {
    if (!Number.isFinite(ts)) throw new Rejection('bad_payload', `ts ${ts} is not a time`);
    ms = Math.round(ts);
    shown = String(ts);
  } else if (typeof ts === 'string') {
    ms = parseIsoTime(ts);
    shown = q(ts);
    if (ms === undefined)
      throw new Rejection('bad_payload', `ts ${shown} is not an ISO-8601 time with a zone offset`);
  } else {
    throw new Rejection(
      'bad_payload',
      `ts must be an ISO-8601 string or epoch milliseconds, got ${describe(ts)}`,
    );
  }
  if (ms < MIN_TS_MS) {
    const hint =
      typeof ts === 'number' && ts >= 9.4e8 && ts < 1e10 ? ' (epoch seconds? ts takes milliseconds)' : '';
    throw new Rejection('bad_payload', `ts ${shown} is before 2000${hint}`);
  }
  if (ms > receivedMs(receivedAt) + DAY_MS || ms > 8.64e15) {
    throw new Rejection('bad_payload', `ts ${shown} is more than 1 day after receipt (${receivedAt})`);
  }
  return isoUtc(ms);
}

// One-entry memo: every reading of a message, and often consecutive messages, share the receipt time.
let lastReceivedAt = '';
let lastReceivedMs = Number.NaN;
function receivedMs(receivedAt: string): number {
  if (receivedAt !== lastReceivedAt) {
    lastReceivedMs = Date.parse(receivedAt);
    lastReceivedAt = receivedAt;
  }
  return lastReceivedMs;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
