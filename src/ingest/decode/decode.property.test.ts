// Property tests: whatever bytes or JSON arrive, the decoders either return valid ReadingValues or throw
// a Rejection with a known reason, never anything else.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ReadingValue } from '../../bus/types.ts';
import type { DeviceProfile } from '../../devices/types.ts';
import { REJECT_REASONS, Rejection } from '../types.ts';
import { decodeJsonReadings } from './json.ts';
import { decodeLoraReadings, parseChirpstackUplink, parseTtsUplink } from './lorawan.ts';
import { fillCodecProfile, fillProfile, mixedProfile } from './fixtures/profiles.ts';

const RECEIVED = '2026-11-22T01:02:03.000Z';
const PROFILES = [fillProfile, fillCodecProfile, mixedProfile];
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function assertValid(profile: DeviceProfile, values: ReadingValue[]): void {
  assert.ok(values.length > 0);
  for (const v of values) {
    const m = profile.attributes.find((a) => a.attr === v.attr);
    assert.ok(m, `attribute ${v.attr} not in profile`);
    assert.equal(v.unitCode, m.unitCode);
    assert.match(v.observedAt, ISO_UTC_MS);
    const t = Date.parse(v.observedAt);
    assert.ok(t >= Date.UTC(2000, 0, 1) && t <= Date.parse(RECEIVED) + 86_400_000, v.observedAt);
    if (m.type === 'number' || m.type === 'integer') {
      assert.equal(typeof v.value, 'number');
      const n = v.value as number;
      assert.ok(Number.isFinite(n));
      if (m.min !== undefined) assert.ok(n >= m.min);
      if (m.max !== undefined) assert.ok(n <= m.max);
    } else if (m.type === 'boolean') assert.equal(typeof v.value, 'boolean');
    else if (m.type === 'string') {
      assert.equal(typeof v.value, 'string');
      if (m.enum) assert.ok(m.enum.includes(v.value as string));
    } else {
      const p = v.value as { type: string; coordinates: [number, number] };
      assert.equal(p.type, 'Point');
      const [lon, lat] = p.coordinates;
      assert.ok(Math.abs(lon) <= 180 && Math.abs(lat) <= 90);
    }
  }
}

/** Runs fn; returns 'ok' after checking its values, or the rejection reason; fails on any other throw. */
function outcome(profile: DeviceProfile, fn: () => ReadingValue[]): string {
  try {
    assertValid(profile, fn());
    return 'ok';
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    assert.ok(err instanceof Rejection, `not a Rejection: ${String(err)}`);
    assert.ok((REJECT_REASONS as readonly string[]).includes(err.reason));
    assert.ok(err.detail.length > 0 && err.detail.length < 400, err.detail);
    return err.reason;
  }
}

const profileArb = fc.constantFrom(...PROFILES);
const keyArb = fc.constantFrom(
  'fill',
  'temperature',
  'battery',
  'lidOpen',
  'serial',
  'state',
  'pickups',
  'tempK',
  'level',
  'loc',
  'alarm',
  'ts',
  'x',
);
const coord = fc.double({ min: -200, max: 200, noNaN: true });
const valueArb = fc.oneof(
  fc.integer({ min: -300, max: 3000 }),
  fc.double(),
  fc.boolean(),
  fc.constantFrom('ok', 'fault', 'tilted', 'S-1', ''),
  fc.string(),
  fc.constant(null),
  fc.tuple(coord, coord),
  fc.record({ lat: coord, lon: coord }),
  fc.record({ type: fc.constant('Point'), coordinates: fc.array(coord, { maxLength: 4 }) }),
  fc.integer({ min: 9e11, max: 2e12 }),
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
);
const readingArb = fc.dictionary(keyArb, valueArb, { maxKeys: 6 });
const docArb = fc.oneof(readingArb, fc.array(readingArb, { maxLength: 4 }), fc.jsonValue());

/** Readings of the profile's own keys with values of the right type, mostly in range. */
function typedReadingArb(profile: DeviceProfile): fc.Arbitrary<Record<string, unknown>> {
  const byKey: Record<string, fc.Arbitrary<unknown>> = {};
  for (const m of profile.attributes) {
    byKey[m.key] =
      m.type === 'number'
        ? fc.double({ min: -60, max: 120, noNaN: true })
        : m.type === 'integer'
          ? fc.integer({ min: -5, max: 5000 })
          : m.type === 'boolean'
            ? fc.boolean()
            : m.type === 'string'
              ? fc.oneof(fc.constantFrom(...(m.enum ?? ['S-1'])), fc.string())
              : fc.tuple(coord, coord);
  }
  byKey.ts = fc.oneof(
    fc.integer({ min: 9e11, max: 1.9e12 }),
    fc
      .date({ min: new Date('1998-01-01'), max: new Date('2026-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString()),
  );
  return fc.record(byKey, { requiredKeys: [] });
}
const typedDocArb = profileArb.chain((profile) =>
  fc.tuple(
    fc.constant(profile),
    fc.oneof(typedReadingArb(profile), fc.array(typedReadingArb(profile), { maxLength: 3 })),
  ),
);

describe('decoder properties', () => {
  it('decodeJsonReadings: random bytes, random JSON and near-valid readings', () => {
    const seen = new Map<string, number>();
    const count = (r: string) => seen.set(r, (seen.get(r) ?? 0) + 1);
    fc.assert(
      fc.property(profileArb, fc.uint8Array({ maxLength: 200 }), (profile, b) => {
        count(outcome(profile, () => decodeJsonReadings(profile, Buffer.from(b), RECEIVED)));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(profileArb, docArb, (profile, doc) => {
        const buf = Buffer.from(JSON.stringify(doc) ?? 'undefined');
        count(outcome(profile, () => decodeJsonReadings(profile, buf, RECEIVED)));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(typedDocArb, ([profile, doc]) => {
        count(
          outcome(profile, () => decodeJsonReadings(profile, Buffer.from(JSON.stringify(doc)), RECEIVED)),
        );
      }),
      { numRuns: 3000 },
    );
    // The generators must reach both sides: accepted readings and most reasons.
    assert.ok((seen.get('ok') ?? 0) > 100, JSON.stringify([...seen]));
    for (const r of ['not_json', 'bad_payload', 'unknown_key', 'wrong_type', 'out_of_range', 'missing_key']) {
      assert.ok((seen.get(r) ?? 0) > 0, `never saw ${r}: ${JSON.stringify([...seen])}`);
    }
  });

  it('LoRaWAN parsers and decodeLoraReadings: arbitrary values and mutated fixtures', () => {
    const cs = JSON.parse(
      readFileSync(new URL('./fixtures/chirpstack-up.json', import.meta.url), 'utf8'),
    ) as object;
    const tts = JSON.parse(
      readFileSync(new URL('./fixtures/tts-uplink.json', import.meta.url), 'utf8'),
    ) as object;
    const seen = new Map<string, number>();
    const run = (profile: DeviceProfile, body: unknown, kind: 'cs' | 'tts') => {
      const r = outcome(profile, () => {
        const up = kind === 'cs' ? parseChirpstackUplink(body) : parseTtsUplink(body);
        assert.match(up.devEui, /^[0-9a-f]{16}$/);
        assert.match(up.time, ISO_UTC_MS);
        assert.ok(up.msgId.length > 0);
        return decodeLoraReadings(profile, up, RECEIVED);
      });
      seen.set(r, (seen.get(r) ?? 0) + 1);
    };
    // Replace one value somewhere in a fixture (top level or one level down) by arbitrary JSON.
    const mutated = (base: object) =>
      fc.tuple(fc.nat(), fc.nat(), fc.jsonValue(), fc.boolean()).map(([i, j, v, deep]) => {
        const b = structuredClone(base) as Record<string, unknown>;
        const keys = Object.keys(b);
        const k = keys[i % keys.length]!;
        const inner = b[k];
        if (deep && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
          const ik = Object.keys(inner);
          if (ik.length > 0) (inner as Record<string, unknown>)[ik[j % ik.length]!] = v;
        } else b[k] = v;
        return b;
      });
    fc.assert(
      fc.property(profileArb, fc.anything(), fc.boolean(), (profile, body, isCs) =>
        run(profile, body, isCs ? 'cs' : 'tts'),
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(profileArb, mutated(cs), (profile, body) => run(profile, body, 'cs')),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(profileArb, mutated(tts), (profile, body) => run(profile, body, 'tts')),
      { numRuns: 2000 },
    );
    assert.ok((seen.get('ok') ?? 0) > 100, JSON.stringify([...seen]));
    assert.ok((seen.get('bad_payload') ?? 0) > 100, JSON.stringify([...seen]));
  });
});
