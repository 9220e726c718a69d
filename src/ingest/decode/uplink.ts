// The common shape of a LoRaWAN uplink, whichever network server delivered it, and the checked field
// readers the ChirpStack and The Things Stack parsers share. A malformed body is a bad_payload
// Rejection naming the field; nothing here throws anything else.
import { Rejection } from '../types.ts';
import { isoUtc, parseIsoTime } from './iso-time.ts';
import { describe, q } from './map-object.ts';

export interface LoraUplink {
  /** 16 lower-case hex digits. */
  devEui: string;
  fPort: number | null;
  fCnt: number | null;
  /** When the network server received the frame, ISO 8601 UTC with milliseconds. */
  time: string;
  /** FRMPayload (decrypted application payload); empty for frames without one. */
  bytes: Uint8Array;
  /** The network server's own decoding of the payload (its codec / payload formatter), when configured. */
  decoded?: Record<string, unknown>;
  /** Identity for de-duplication of webhook retries. */
  msgId: string;
}

export type Json = Record<string, unknown>;

export const isJsonObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const bad = (detail: string): Rejection => new Rejection('bad_payload', detail);

/** Absent and null are the same: both servers omit empty fields, and some versions write null. */
export const present = (o: Json, k: string): boolean => o[k] !== undefined && o[k] !== null;

export function objectAt(o: Json, k: string, path: string): Json {
  const v = o[k];
  if (!isJsonObject(v)) throw bad(`${path} must be an object, got ${describe(v)}`);
  return v;
}

const EUI_RE = /^[0-9A-Fa-f]{16}$/;

export function devEuiAt(o: Json, k: string, path: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw bad(`${path} must be a string, got ${describe(v)}`);
  if (!EUI_RE.test(v)) throw bad(`${path} ${q(v)} is not 16 hex digits`);
  return v.toLowerCase();
}

export function timeAt(o: Json, k: string, path: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw bad(`${path} must be an ISO-8601 string, got ${describe(v)}`);
  const ms = parseIsoTime(v);
  if (ms === undefined) throw bad(`${path} ${q(v)} is not an ISO-8601 time with a zone offset`);
  return isoUtc(ms);
}

/**
 * An unsigned integer field. Absent means 0: protobuf JSON leaves out zero values (the first frame's
 * counter, port 0), as The Things Stack does and early ChirpStack v4 releases did.
 */
export function uintAt(o: Json, k: string, path: string, max: number): number {
  if (!present(o, k)) return 0;
  const v = o[k];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw bad(`${path} must be an integer in [0, ${max}], got ${describe(v)}`);
  }
  return v;
}

const B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
/** LoRaWAN's largest FRMPayload is 242 bytes (RP002 DR7+); anything far beyond is not a frame. */
const MAX_FRM_BYTES = 1024;

/** A base64 byte field (protobuf JSON `bytes`); absent means no payload. */
export function bytesAt(o: Json, k: string, path: string): Uint8Array {
  if (!present(o, k)) return new Uint8Array(0);
  const v = o[k];
  if (typeof v !== 'string') throw bad(`${path} must be a base64 string, got ${describe(v)}`);
  if (v.length > ((MAX_FRM_BYTES + 2) / 3) * 4 + 4)
    throw bad(`${path} is longer than ${MAX_FRM_BYTES} bytes`);
  if (!B64_RE.test(v)) throw bad(`${path} ${q(v)} is not base64`);
  const buf = Buffer.from(v, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** The server-decoded payload object, if any. */
export function decodedAt(o: Json, k: string, path: string): Json | undefined {
  if (!present(o, k)) return undefined;
  const v = o[k];
  if (!isJsonObject(v)) throw bad(`${path} must be an object, got ${describe(v)}`);
  return v;
}
