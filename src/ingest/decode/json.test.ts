// Tests of the JSON payload decoder and the shared mapping core: every rejection reason, scaling,
// timestamps, arrays.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rejection, type RejectReason } from '../types.ts';
import { decodeJsonReadings, MAX_PAYLOAD_BYTES } from './json.ts';
import { fillProfile, mixedProfile } from './fixtures/profiles.ts';

const RECEIVED = '2026-11-22T01:02:03.000Z';
const dec = (payload: unknown, profile = fillProfile) =>
  decodeJsonReadings(
    profile,
    Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
    RECEIVED,
  );

function rejects(fn: () => unknown, reason: RejectReason, detail: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof Rejection, `expected a Rejection, got ${String(err)}`);
    assert.equal(err.reason, reason);
    assert.match(err.detail, detail);
    return true;
  });
}

describe('decodeJsonReadings: accepted payloads', () => {
  it('maps a 3-key object with scaling and unit codes, observed at receipt', () => {
    assert.deepEqual(dec({ fill: 75, temperature: 21.5, lidOpen: false }), [
      { attr: 'fillingLevel', value: 0.75, unitCode: 'P1', observedAt: RECEIVED },
      { attr: 'temperature', value: 21.5, unitCode: 'CEL', observedAt: RECEIVED },
      { attr: 'lidOpen', value: false, observedAt: RECEIVED },
    ]);
  });

  it('rounds float noise of scale and offset away', () => {
    // 3 × 0.01 is 0.030000000000000002 in binary floating point.
    assert.equal(dec({ fill: 3 })[0]?.value, 0.03);
    // 2932 × 0.1 − 273.15: raw arithmetic gives 20.050000000000011.
    assert.equal(dec({ serial: 'a', tempK: 2932 }, mixedProfile)[1]?.value, 20.05);
    // Cancellation: 2731.5 × 0.1 − 273.15 is 0 exactly, not 5.7e-14.
    assert.equal(dec({ serial: 'a', tempK: 2731.5 }, mixedProfile)[1]?.value, 0);
  });

  it('takes ts as epoch milliseconds', () => {
    const ts = Date.UTC(2026, 10, 22, 0, 30, 0, 250);
    assert.deepEqual(dec({ ts, fill: 10 }), [
      { attr: 'fillingLevel', value: 0.1, unitCode: 'P1', observedAt: '2026-11-22T00:30:00.250Z' },
    ]);
  });

  it('takes ts as ISO-8601 with a +09:00 offset and normalises it to UTC', () => {
    assert.equal(
      dec({ fill: 10, ts: '2026-11-22T10:02:03+09:00' })[0]?.observedAt,
      '2026-11-22T01:02:03.000Z',
    );
    assert.equal(
      dec({ fill: 10, ts: '2026-11-22T09:59:59.123456+09:00' })[0]?.observedAt,
      '2026-11-22T00:59:59.123Z',
    );
  });

  it('decodes an array of readings, each with its own ts', () => {
    const values = dec([
      { ts: '2026-11-22T00:00:00Z', fill: 10 },
      { ts: '2026-11-22T00:15:00Z', fill: 20, temperature: -3 },
      { fill: 30 },
    ]);
    assert.deepEqual(
      values.map((v) => [v.attr, v.value, v.observedAt]),
      [
        ['fillingLevel', 0.1, '2026-11-22T00:00:00.000Z'],
        ['fillingLevel', 0.2, '2026-11-22T00:15:00.000Z'],
        ['temperature', -3, '2026-11-22T00:15:00.000Z'],
        ['fillingLevel', 0.3, RECEIVED],
      ],
    );
  });

  it('accepts 100 readings and a UTF-8 byte order mark', () => {
    assert.equal(dec(Array.from({ length: 100 }, (_, i) => ({ fill: i % 100 }))).length, 100);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"fill":50}')]);
    assert.equal(decodeJsonReadings(fillProfile, bom, RECEIVED)[0]?.value, 0.5);
  });

  it('accepts the three point shapes and every attribute type', () => {
    const expected = { type: 'Point', coordinates: [127.2148, 37.5393] };
    for (const loc of [
      [127.2148, 37.5393],
      { lat: 37.5393, lon: 127.2148 },
      { type: 'Point', coordinates: [127.2148, 37.5393] },
    ]) {
      assert.deepEqual(dec({ serial: 'S1', loc }, mixedProfile)[1]?.value, expected);
    }
    assert.deepEqual(
      dec({ serial: 'S1', state: 'tilted', pickups: 12, level: 10, alarm: true }, mixedProfile).map(
        (v) => v.value,
      ),
      ['S1', 'tilted', 12, 10, true],
    );
  });
});

describe('decodeJsonReadings: rejections', () => {
  it('too_large above MAX_PAYLOAD_BYTES', () => {
    const big = Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20);
    rejects(
      () => decodeJsonReadings(fillProfile, big, RECEIVED),
      'too_large',
      /^payload is 65537 bytes, limit 65536$/,
    );
    // Exactly at the limit is parsed (and then fails for a different reason).
    rejects(
      () => decodeJsonReadings(fillProfile, Buffer.alloc(MAX_PAYLOAD_BYTES, 0x20), RECEIVED),
      'not_json',
      /end of JSON/,
    );
  });

  it('not_json for invalid UTF-8 and for a JSON syntax error, with the parser message', () => {
    rejects(
      () => decodeJsonReadings(fillProfile, Buffer.from([0x7b, 0xff, 0x7d]), RECEIVED),
      'not_json',
      /not valid UTF-8/,
    );
    rejects(() => dec('{"fill": }'), 'not_json', /Unexpected token '}'/);
    rejects(() => dec(''), 'not_json', /Unexpected end of JSON input/);
  });

  it('bad_payload for shapes that are not readings', () => {
    rejects(() => dec('42'), 'bad_payload', /^payload is 42, not an object or an array of objects$/);
    rejects(() => dec('"hello"'), 'bad_payload', /payload is string 'hello'/);
    rejects(() => dec('null'), 'bad_payload', /payload is null/);
    rejects(() => dec({}), 'bad_payload', /no key that profile 'fill-level' maps/);
    rejects(() => dec({ ts: RECEIVED }), 'bad_payload', /no key that profile/);
    rejects(() => dec([]), 'bad_payload', /empty array/);
    rejects(
      () => dec(Array.from({ length: 101 }, () => ({ fill: 1 }))),
      'bad_payload',
      /^array of 101 readings, limit 100$/,
    );
    rejects(() => dec([{ fill: 1 }, [1]]), 'bad_payload', /^reading \[1\] is an array, not an object$/);
  });

  it('bad_payload for a ts that is unparsable, zone-less, before 2000 or more than a day ahead', () => {
    rejects(() => dec({ fill: 1, ts: 'yesterday' }), 'bad_payload', /ts 'yesterday' is not an ISO-8601 time/);
    rejects(
      () => dec({ fill: 1, ts: '2026-11-22T01:00:00' }),
      'bad_payload',
      /not an ISO-8601 time with a zone/,
    );
    rejects(() => dec({ fill: 1, ts: '2026-02-30T00:00:00Z' }), 'bad_payload', /not an ISO-8601 time/);
    rejects(
      () => dec({ fill: 1, ts: true }),
      'bad_payload',
      /ts must be an ISO-8601 string or epoch milliseconds, got boolean true/,
    );
    rejects(
      () => dec({ fill: 1, ts: 1795309323 }),
      'bad_payload',
      /before 2000 \(epoch seconds\? ts takes milliseconds\)/,
    );
    rejects(() => dec({ fill: 1, ts: '1999-12-31T23:59:59Z' }), 'bad_payload', /before 2000/);
    rejects(
      () => dec({ fill: 1, ts: '2026-11-23T01:02:04Z' }),
      'bad_payload',
      /more than 1 day after receipt/,
    );
    // 1 day ahead exactly is still accepted (device clocks drift).
    assert.equal(dec({ fill: 1, ts: '2026-11-23T01:02:03Z' })[0]?.observedAt, '2026-11-23T01:02:03.000Z');
  });

  it('unknown_key naming the key, also inside an array with the index', () => {
    rejects(
      () => dec({ fill: 1, humidity: 40 }),
      'unknown_key',
      /^key 'humidity' is not mapped by profile 'fill-level'$/,
    );
    rejects(
      () => dec([{ fill: 1 }, { fill: 2, __proto__x: 1 }]),
      'unknown_key',
      /^reading \[1\]: key '__proto__x'/,
    );
    rejects(() => dec('{"fill":1,"__proto__":{"x":1}}'), 'unknown_key', /key '__proto__'/);
  });

  it('wrong_type naming key and expected type', () => {
    rejects(() => dec({ fill: '75' }), 'wrong_type', /^key 'fill' must be a number, got string '75'$/);
    rejects(() => dec({ fill: null }), 'wrong_type', /^key 'fill' must be a number, got null$/);
    rejects(() => dec({ lidOpen: 1 }), 'wrong_type', /^key 'lidOpen' must be a boolean, got 1$/);
    rejects(
      () => dec({ serial: 'a', pickups: 2.5 }, mixedProfile),
      'wrong_type',
      /^key 'pickups' must be an integer, got 2.5$/,
    );
    rejects(() => dec({ serial: 7 }, mixedProfile), 'wrong_type', /^key 'serial' must be a string, got 7$/);
    rejects(
      () => dec({ serial: 'a', loc: [1, 2, 3] }, mixedProfile),
      'wrong_type',
      /key 'loc' must be a point/,
    );
    rejects(
      () => dec({ serial: 'a', loc: { lat: '37', lon: 127 } }, mixedProfile),
      'wrong_type',
      /key 'loc' must be a point/,
    );
    rejects(
      () => dec({ serial: 'a', loc: 'POINT(127 37)' }, mixedProfile),
      'wrong_type',
      /key 'loc' must be a point/,
    );
  });

  it('out_of_range with the value (scaled and raw) and the bounds', () => {
    rejects(() => dec({ fill: 120 }), 'out_of_range', /^key 'fill' value 1.2 \(raw 120\) outside \[0, 1\]$/);
    rejects(
      () => dec({ temperature: -41 }),
      'out_of_range',
      /^key 'temperature' value -41 outside \[-40, 85\]$/,
    );
    rejects(
      () => dec({ serial: 'a', pickups: -1 }, mixedProfile),
      'out_of_range',
      /^key 'pickups' value -1 below min 0$/,
    );
    rejects(
      () => dec({ serial: 'a', level: 10.5 }, mixedProfile),
      'out_of_range',
      /^key 'level' value 10.5 above max 10$/,
    );
    rejects(
      () => dec({ serial: 'a', state: 'broken' }, mixedProfile),
      'out_of_range',
      /^key 'state' value 'broken' not in \[ok, fault, tilted\]$/,
    );
    rejects(
      () => dec({ serial: 'a', loc: [200, 37] }, mixedProfile),
      'out_of_range',
      /^key 'loc' longitude 200 outside \[-180, 180\]$/,
    );
    rejects(
      () => dec({ serial: 'a', loc: { lat: -91, lon: 0 } }, mixedProfile),
      'out_of_range',
      /^key 'loc' latitude -91 outside \[-90, 90\]$/,
    );
  });

  it('missing_key for a required key', () => {
    rejects(() => dec({ pickups: 3 }, mixedProfile), 'missing_key', /^required key 'serial' is missing$/);
  });
});
