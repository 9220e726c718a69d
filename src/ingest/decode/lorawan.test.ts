// Tests of the LoRaWAN path: ChirpStack v4 and The Things Stack v3 uplinks parsed from fixtures, decoded
// through the profile's codec or the server's decoded payload, and everything else refused.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Rejection, type RejectReason } from '../types.ts';
import { decodeLoraReadings, parseChirpstackUplink, parseTtsUplink, type LoraUplink } from './lorawan.ts';
import { fillCodecProfile, fillProfile, mixedProfile } from './fixtures/profiles.ts';

type Body = Record<string, any>;
const fixture = (name: string): Body =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Body;
const RECEIVED = '2026-11-22T01:05:00.500Z';

function rejects(fn: () => unknown, reason: RejectReason, detail: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof Rejection, `expected a Rejection, got ${String(err)}`);
    assert.equal(err.reason, reason);
    assert.match(err.detail, detail);
    return true;
  });
}

const values = (up: LoraUplink, profile = fillProfile) =>
  decodeLoraReadings(profile, up, RECEIVED).map((v) => [v.attr, v.value, v.observedAt]);

describe('parseChirpstackUplink', () => {
  it('parses the up event fixture', () => {
    const up = parseChirpstackUplink(fixture('chirpstack-up'));
    assert.equal(up.devEui, 'a84041000181c2d7');
    assert.equal(up.fPort, 2);
    assert.equal(up.fCnt, 1234);
    assert.equal(up.time, '2026-11-22T01:02:03.456Z');
    assert.deepEqual([...up.bytes], [0x4b, 0xff, 0x38, 0x0e, 0x74, 0x01]);
    assert.deepEqual(up.decoded, { fill: 75, temperature: -20, battery: 3.7, lidOpen: true });
    assert.equal(up.msgId, '5f1c9a2e-7b3d-4e8a-9c61-2d4f8b0a13e7');
  });

  it('decodes to exact values through the codec and through the decoded object', () => {
    const up = parseChirpstackUplink(fixture('chirpstack-up'));
    const expected = [
      ['fillingLevel', 0.75, '2026-11-22T01:02:03.456Z'],
      ['temperature', -20, '2026-11-22T01:02:03.456Z'],
      ['batteryVoltage', 3.7, '2026-11-22T01:02:03.456Z'],
      ['lidOpen', true, '2026-11-22T01:02:03.456Z'],
    ];
    assert.deepEqual(values(up, fillCodecProfile), expected);
    assert.deepEqual(values(up, fillProfile), expected);
  });

  it('reads omitted zero fields as 0 (first frame) and builds msgId without deduplicationId', () => {
    const body = fixture('chirpstack-up');
    delete body.fCnt;
    delete body.dr;
    delete body.object;
    delete body.deduplicationId;
    body.fPort = null;
    const up = parseChirpstackUplink(body);
    assert.equal(up.fCnt, 0);
    assert.equal(up.fPort, 0);
    assert.equal(up.decoded, undefined);
    assert.equal(up.msgId, 'a84041000181c2d7:0:2026-11-22T01:02:03.456Z');
  });

  it('refuses join and status events and an event query other than up', () => {
    rejects(
      () => parseChirpstackUplink(fixture('chirpstack-join')),
      'bad_payload',
      /^not an uplink event: join$/,
    );
    rejects(
      () => parseChirpstackUplink(fixture('chirpstack-status')),
      'bad_payload',
      /^not an uplink event: status$/,
    );
    rejects(
      () => parseChirpstackUplink(fixture('chirpstack-up'), 'log'),
      'bad_payload',
      /^not an uplink event: log$/,
    );
    assert.equal(parseChirpstackUplink(fixture('chirpstack-up'), 'up').fCnt, 1234);
  });

  it('refuses malformed bodies with the field named', () => {
    const mutate = (f: (b: Body) => void) => {
      const b = fixture('chirpstack-up');
      f(b);
      return () => parseChirpstackUplink(b);
    };
    rejects(() => parseChirpstackUplink([1]), 'bad_payload', /must be a JSON object/);
    rejects(
      mutate((b) => delete b.deviceInfo),
      'bad_payload',
      /^deviceInfo must be an object, got undefined$/,
    );
    rejects(
      mutate((b) => (b.deviceInfo.devEui = 'a84041')),
      'bad_payload',
      /^deviceInfo.devEui 'a84041' is not 16 hex digits$/,
    );
    rejects(
      mutate((b) => (b.time = '2026-11-22 01:02')),
      'bad_payload',
      /^time '2026-11-22 01:02' is not an ISO-8601 time/,
    );
    rejects(
      mutate((b) => (b.fPort = 256)),
      'bad_payload',
      /^fPort must be an integer in \[0, 255\], got 256$/,
    );
    rejects(
      mutate((b) => (b.fCnt = -1)),
      'bad_payload',
      /^fCnt must be an integer/,
    );
    rejects(
      mutate((b) => (b.data = 'S/8*DnQB')),
      'bad_payload',
      /^data 'S\/8\*DnQB' is not base64$/,
    );
    rejects(
      mutate((b) => (b.object = [1, 2])),
      'bad_payload',
      /^object must be an object, got an array$/,
    );
  });
});

describe('parseTtsUplink', () => {
  it('parses the uplink message fixture', () => {
    const up = parseTtsUplink(fixture('tts-uplink'));
    assert.equal(up.devEui, '70b3d57ed0051e2a');
    assert.equal(up.fPort, 1);
    assert.equal(up.fCnt, 57);
    assert.equal(up.time, '2026-11-22T01:04:59.987Z');
    assert.deepEqual([...up.bytes], [42, 0, 185, 14, 26, 0]);
    assert.deepEqual(up.decoded, { fill: 42, temperature: 18.5, battery: 3.61, lidOpen: false });
    assert.equal(up.msgId, '70b3d57ed0051e2a:57:2026-11-22T01:05:00.123Z');
  });

  it('decodes to exact values through the codec and through decoded_payload', () => {
    const up = parseTtsUplink(fixture('tts-uplink'));
    const at = '2026-11-22T01:04:59.987Z';
    const expected = [
      ['fillingLevel', 0.42, at],
      ['temperature', 18.5, at],
      ['batteryVoltage', 3.61, at],
      ['lidOpen', false, at],
    ];
    assert.deepEqual(values(up, fillCodecProfile), expected);
    assert.deepEqual(values(up, fillProfile), expected);
  });

  it('reads an omitted f_cnt as 0 and an omitted frm_payload as no bytes', () => {
    const body = fixture('tts-uplink');
    delete body.uplink_message.f_cnt;
    delete body.uplink_message.frm_payload;
    delete body.uplink_message.received_at;
    const up = parseTtsUplink(body);
    assert.equal(up.fCnt, 0);
    assert.equal(up.bytes.length, 0);
    assert.equal(up.time, '2026-11-22T01:05:00.123Z');
    assert.equal(up.msgId, '70b3d57ed0051e2a:0:2026-11-22T01:05:00.123Z');
  });

  it('refuses join accepts and malformed messages', () => {
    rejects(
      () => parseTtsUplink(fixture('tts-join-accept')),
      'bad_payload',
      /^not an uplink event: join_accept$/,
    );
    rejects(
      () => parseTtsUplink({ end_device_ids: {} }),
      'bad_payload',
      /^not an uplink event: no uplink_message$/,
    );
    rejects(() => parseTtsUplink('uplink'), 'bad_payload', /must be a JSON object/);
    const noEui = fixture('tts-uplink');
    delete noEui.end_device_ids.dev_eui;
    rejects(
      () => parseTtsUplink(noEui),
      'bad_payload',
      /^end_device_ids.dev_eui must be a string, got undefined$/,
    );
    const badPort = fixture('tts-uplink');
    badPort.uplink_message.f_port = '1';
    rejects(() => parseTtsUplink(badPort), 'bad_payload', /^uplink_message.f_port must be an integer/);
  });
});

describe('decodeLoraReadings', () => {
  const up: LoraUplink = {
    devEui: 'a84041000181c2d7',
    fPort: 2,
    fCnt: 9,
    time: '2026-11-22T01:00:00.000Z',
    bytes: new Uint8Array([0x4b, 0xff, 0x38]),
    msgId: 'm1',
  };

  it('decode_failed without codec and decoded payload, or with too few bytes', () => {
    rejects(
      () => decodeLoraReadings(fillProfile, up, RECEIVED),
      'decode_failed',
      /^no codec in profile and no decoded payload$/,
    );
    rejects(
      () => decodeLoraReadings(fillCodecProfile, up, RECEIVED),
      'decode_failed',
      /^field 'battery' needs bytes 3..4, payload has 3$/,
    );
  });

  it('validates a decoded payload like a JSON reading, its own ts included', () => {
    const withTs = { ...up, decoded: { fill: 30, ts: '2026-11-22T09:58:00+09:00' } };
    assert.deepEqual(values(withTs), [['fillingLevel', 0.3, '2026-11-22T00:58:00.000Z']]);
    rejects(
      () => decodeLoraReadings(fillProfile, { ...up, decoded: { fill: 30, rssi: -90 } }, RECEIVED),
      'unknown_key',
      /'rssi'/,
    );
    rejects(
      () => decodeLoraReadings(mixedProfile, { ...up, decoded: { pickups: 1 } }, RECEIVED),
      'missing_key',
      /'serial'/,
    );
    rejects(
      () => decodeLoraReadings(fillProfile, { ...up, decoded: { fill: Number.NaN } }, RECEIVED),
      'wrong_type',
      /got NaN/,
    );
  });

  it('ignores codec fields the profile does not map, and refuses a frame none of whose fields it maps', () => {
    const profile = { ...fillCodecProfile, attributes: fillCodecProfile.attributes.slice(0, 1) };
    const full = { ...up, bytes: new Uint8Array([50, 0, 0, 0, 0, 0]) };
    assert.deepEqual(values(full, profile), [['fillingLevel', 0.5, up.time]]);
    const portOnly = {
      ...fillCodecProfile,
      codec: { fields: [{ name: 'fill', offset: 0, type: 'u8' as const, fPort: 1 }] },
    };
    rejects(() => decodeLoraReadings(portOnly, full, RECEIVED), 'bad_payload', /no key that profile/);
  });
});
