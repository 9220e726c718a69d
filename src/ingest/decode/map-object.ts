// The validation core shared by every payload format: one decoded object (a JSON reading, a LoRaWAN
// codec's fields, a network server's decoded payload) becomes ReadingValues through the device profile,
// or a Rejection that says which key was wrong and why.
import type { ReadingValue } from '../../bus/types.ts';
import type { AttributeMapping, DeviceProfile } from '../../devices/types.ts';
import { Rejection } from '../types.ts';
import { scaleValue } from './numeric.ts';

export interface MapOptions {
  /** A key the caller handles itself (the reading's `ts`): neither mapped nor refused. */
  skipKey?: string;
  /** Keys the profile does not map are ignored instead of refused (fields a binary codec decodes but no attribute uses). */
  ignoreUnknown?: boolean;
}

type Value = ReadingValue['value'];

// Index of a profile's mappings by key, built once per attributes array (profiles are immutable values;
// a changed profile is a new object).
const indexes = new WeakMap<readonly AttributeMapping[], Map<string, AttributeMapping>>();

function indexOf(profile: DeviceProfile): Map<string, AttributeMapping> {
  let idx = indexes.get(profile.attributes);
  if (!idx) {
    idx = new Map(profile.attributes.map((m) => [m.key, m]));
    indexes.set(profile.attributes, idx);
  }
  return idx;
}

/** Maps every key of `obj` through the profile; throws a Rejection on the first bad key. */
export function mapObject(
  profile: DeviceProfile,
  obj: Readonly<Record<string, unknown>>,
  observedAt: string,
  opts: MapOptions = {},
): ReadingValue[] {
  const idx = indexOf(profile);
  const out: ReadingValue[] = [];
  for (const key of Object.keys(obj)) {
    if (key === opts.skipKey) continue;
    const m = idx.get(key);
    if (!m) {
      if (opts.ignoreUnknown) continue;
      throw new Rejection('unknown_key', `key ${q(key)} is not mapped by profile ${q(profile.id)}`);
    }
    const value = convert(m, obj[key]);
    out.push(
      m.unitCode === undefined
        ? { attr: m.attr, value, observedAt }
        : { attr: m.attr, value, unitCode: m.unitCode, observedAt },
    );
  }
  if (out.length === 0)
    throw new Rejection('bad_payload', `reading has no key that profile ${q(profile.id)} maps`);
  for (const m of profile.attributes) {
    if (m.required && !Object.hasOwn(obj, m.key))
      throw new Rejection('missing_key', `required key ${q(m.key)} is missing`);
  }
  return out;
}

function convert(m: AttributeMapping, raw: unknown): Value {
  switch (m.type) {
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw wrongType(m.key, 'a number', raw);
      return checkRange(m, raw);
    case 'integer':
      if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) throw wrongType(m.key, 'an integer', raw);
      return checkRange(m, raw);
    case 'boolean':
      if (typeof raw !== 'boolean') throw wrongType(m.key, 'a boolean', raw);
      return raw;
    case 'string':
      if (typeof raw !== 'string') throw wrongType(m.key, 'a string', raw);
      // PostgreSQL text and jsonb cannot hold U+0000
      if (raw.includes('\u0000'))
        throw new Rejection('wrong_type', `key ${q(m.key)} contains a NUL character`);
      if (raw.length > 10_000)
        throw new Rejection('out_of_range', `key ${q(m.key)} is longer than 10,000 characters`);
      if (m.enum && !m.enum.includes(raw)) {
        throw new Rejection(
          'out_of_range',
          `key ${q(m.key)} value ${q(raw)} not in [${clip(m.enum.join(', '))}]`,
        );
      }
      return raw;
    case 'point':
      return toPoint(m.key, raw);
    default:
      // A profile type this decoder does not know: refuse the value rather than store it unchecked.
      throw wrongType(m.key, `a ${String(m.type)}`, raw);
  }
}

function checkRange(m: AttributeMapping, raw: number): number {
  const v = scaleValue(raw, m.scale ?? 1, m.offset ?? 0);
  const shown = v === raw ? String(v) : `${v} (raw ${raw})`;
  if (!Number.isFinite(v))
    throw new Rejection('out_of_range', `key ${q(m.key)} value ${shown} is not finite after scaling`);
  const { min, max } = m;
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    const bounds =
      min !== undefined && max !== undefined
        ? `outside [${min}, ${max}]`
        : min !== undefined
          ? `below min ${min}`
          : `above max ${String(max)}`;
    throw new Rejection('out_of_range', `key ${q(m.key)} value ${shown} ${bounds}`);
  }
  return v;
}

const POINT = 'a point ([lon, lat], {lat, lon} or GeoJSON Point)';

function toPoint(key: string, raw: unknown): Value {
  let lon: unknown;
  let lat: unknown;
  if (Array.isArray(raw)) {
    if (raw.length !== 2) throw wrongType(key, POINT, raw);
    [lon, lat] = raw as unknown[];
  } else if (typeof raw === 'object' && raw !== null) {
    const o = raw as Record<string, unknown>;
    if (o.type === 'Point') {
      // RFC 7946 §3.1.1: [lon, lat] with an optional altitude, which a 2-D reading drops.
      const c = o.coordinates;
      if (!Array.isArray(c) || c.length < 2 || c.length > 3) throw wrongType(key, POINT, raw);
      [lon, lat] = c as unknown[];
    } else {
      lon = o.lon;
      lat = o.lat;
    }
  } else {
    throw wrongType(key, POINT, raw);
  }
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    throw wrongType(key, POINT, raw);
  }
  if (lon < -180 || lon > 180)
    throw new Rejection('out_of_range', `key ${q(key)} longitude ${lon} outside [-180, 180]`);
  if (lat < -90 || lat > 90)
    throw new Rejection('out_of_range', `key ${q(key)} latitude ${lat} outside [-90, 90]`);
  return { type: 'Point', coordinates: [lon, lat] };
}

function wrongType(key: string, expected: string, raw: unknown): Rejection {
  return new Rejection('wrong_type', `key ${q(key)} must be ${expected}, got ${describe(raw)}`);
}

/** What a value is, briefly, for a rejection detail. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'number':
      return String(v);
    case 'string':
      return `string ${q(v)}`;
    case 'boolean':
      return `boolean ${v}`;
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

/** Quotes a key or value for a detail message, shortened: details are stored with every dead letter. */
export function q(s: string): string {
  return `'${clip(s)}'`;
}

function clip(s: string): string {
  return s.length > 64 ? `${s.slice(0, 61)}...` : s;
}
