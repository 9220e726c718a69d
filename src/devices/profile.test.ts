// Device profile validation: valid profiles are normalised, each kind of mistake gets a precise message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DosiError } from '../kernel/index.ts';
import { validateProfile } from './profile.ts';

const BASE = {
  id: 'level-sensor',
  entityType: 'WasteContainer',
  reportingIntervalSec: 600,
  attributes: [
    { key: 'fill', attr: 'fillingLevel', type: 'number', unitCode: 'P1', min: 0, max: 100, scale: 0.5 },
    { key: 'lid', attr: 'lidOpen', type: 'boolean' },
    { key: 'state', attr: 'status', type: 'string', enum: ['ok', 'full'] },
    { key: 'pos', attr: 'location', type: 'point' },
  ],
};

const CODEC_PROFILE = {
  id: 'lora-bin',
  entityType: 'WasteContainer',
  reportingIntervalSec: 3600,
  attributes: [
    { key: 'fill', attr: 'fillingLevel', type: 'number', unitCode: 'P1' },
    { key: 'temp', attr: 'temperature', type: 'number', unitCode: 'CEL' },
    { key: 'lid', attr: 'lidOpen', type: 'boolean' },
  ],
  codec: {
    fields: [
      { name: 'fill', offset: 0, type: 'u8' },
      { name: 'temp', offset: 1, type: 'i16be', scale: 0.01, fPort: 2 },
      { name: 'lid', offset: 3, type: 'bool', bit: 7 },
    ],
  },
};

function fails(input: unknown, re: RegExp): void {
  assert.throws(
    () => validateProfile(input),
    (err: unknown) => {
      assert.ok(err instanceof DosiError);
      assert.equal(err.code, 'DOSI_ERR_DEVICE_PROFILE_INVALID');
      assert.equal(err.status, 400);
      assert.match(err.message, re);
      return true;
    },
  );
}

const withAttr = (patch: Record<string, unknown>, i = 0) => ({
  ...BASE,
  attributes: BASE.attributes.map((a, j) => (j === i ? { ...a, ...patch } : a)),
});
const withField = (patch: Record<string, unknown>, i = 0) => ({
  ...CODEC_PROFILE,
  codec: { fields: CODEC_PROFILE.codec.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) },
});

test('a valid profile is returned with defaults', () => {
  const p = validateProfile(BASE);
  assert.equal(p.name, 'level-sensor');
  assert.equal(p.dataClass, 'default');
  assert.equal(p.codec, undefined);
  assert.equal(p.attributes.length, 4);
  assert.deepEqual(p.attributes[0], BASE.attributes[0]);
  const c = validateProfile({ ...CODEC_PROFILE, name: ' 로라 쓰레기통 ', dataClass: 'personal' });
  assert.equal(c.name, '로라 쓰레기통');
  assert.equal(c.dataClass, 'personal');
  assert.deepEqual(c.codec, CODEC_PROFILE.codec);
});

test('profile-level mistakes', () => {
  fails(null, /must be a JSON object/);
  fails({ ...BASE, id: 'a b' }, /id "a b" must be 1–64/);
  fails(
    { ...BASE, entityType: 'Waste Container' },
    /entityType "Waste Container" is not a valid NGSI-LD type/,
  );
  fails(
    { ...BASE, reportingIntervalSec: 0 },
    /reportingIntervalSec must be a whole number of seconds 1–86400, got 0/,
  );
  fails({ ...BASE, reportingIntervalSec: 86401 }, /1–86400, got 86401/);
  fails({ ...BASE, reportingIntervalSec: 1.5 }, /got 1.5/);
  fails({ ...BASE, attributes: [] }, /attributes must be a non-empty list/);
  fails({ ...BASE, dataClass: 'secret' }, /dataClass must be default or personal, got "secret"/);
  fails({ ...BASE, colour: 'red' }, /unknown member\(s\) colour/);
  fails({ ...BASE, name: '' }, /name must be a string of 1–200/);
});

test('attribute mistakes name the attribute', () => {
  fails(withAttr({ key: '' }), /attributes\[0\]: key must be a string/);
  fails(
    withAttr({ attr: 'fill level' }),
    /attributes\[0\] \(key "fill"\): attr "fill level" is not a valid NGSI-LD attribute name/,
  );
  fails(withAttr({ attr: 'type' }), /attr "type" is reserved/);
  fails(withAttr({ attr: 'deviceId' }), /attr "deviceId" is reserved/);
  fails(
    withAttr({ type: 'float' }),
    /type must be one of number, integer, boolean, string, point, got "float"/,
  );
  fails(withAttr({ unitCode: 'cel' }), /unitCode "cel" must be a UN\/CEFACT code/);
  fails(withAttr({ unitCode: 'ABCD' }), /unitCode "ABCD"/);
  fails(withAttr({ unitCode: 'C62' }, 1), /unitCode applies to number and integer attributes only/);
  fails(withAttr({ scale: Number.POSITIVE_INFINITY }), /scale must be a finite number/);
  fails(withAttr({ offset: Number.NaN }), /offset must be a finite number/);
  fails(withAttr({ min: 10, max: 5 }), /min 10 is greater than max 5/);
  fails(withAttr({ min: 1 }, 2), /min applies to number and integer attributes only/);
  fails(withAttr({ enum: ['a'] }), /enum applies to string attributes only/);
  fails(withAttr({ enum: [] }, 2), /enum must be a non-empty list/);
  fails(withAttr({ enum: ['a', 'a'] }, 2), /enum lists a value twice/);
  fails(withAttr({ required: 'yes' }), /required must be true or false/);
  fails(withAttr({ key: 'lid' }), /attribute key "lid" is mapped twice/);
  fails(withAttr({ attr: 'lidOpen' }), /attribute lidOpen is the target of two keys/);
  fails(withAttr({ colour: 1 }), /attributes\[0\] has unknown member\(s\) colour/);
});

test('codec mistakes', () => {
  fails({ ...CODEC_PROFILE, codec: { fields: [] } }, /codec.fields must be a non-empty list/);
  fails(
    withField({ offset: 243 }),
    /codec.fields\[0\] \("fill"\): offset must be an integer byte offset 0–242, got 243/,
  );
  fails(withField({ offset: -1 }), /offset must be an integer byte offset/);
  fails(withField({ type: 'u24' }), /type "u24" is unknown/);
  fails(withField({ bit: 3 }), /bit is only allowed with type bool \(got type u8\)/);
  fails(withField({ bit: 8 }, 2), /bit must be an integer 0–7, got 8/);
  fails(withField({ scale: 2 }, 2), /scale does not apply to bool fields/);
  fails(withField({ fPort: 0 }), /fPort must be an application port 1–223, got 0/);
  fails(withField({ name: 'temp' }), /codec field name "temp" is used twice/);
  fails(
    {
      ...CODEC_PROFILE,
      codec: { fields: [...CODEC_PROFILE.codec.fields, { name: 'rssi', offset: 4, type: 'u8' }] },
    },
    /codec field "rssi" is not mapped: add an attribute with key "rssi"/,
  );
  fails(
    { ...CODEC_PROFILE, codec: { fields: CODEC_PROFILE.codec.fields.slice(0, 2) } },
    /attribute lidOpen reads key "lid", which no codec field produces/,
  );
  fails(
    withField({ type: 'bool' }),
    /codec field "fill" \(bool\) cannot feed attribute fillingLevel of type number; use type boolean/,
  );
  fails(
    withField({ type: 'u8', bit: undefined }, 2),
    /codec field "lid" \(u8\) cannot feed attribute lidOpen of type boolean/,
  );
});
