// Tests of the declarative binary codec: every field type, bits, scale, fPort filtering, short payloads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Codec } from '../../devices/types.ts';
import { Rejection } from '../types.ts';
import { decodeBinary } from './codec.ts';
import { fillCodec } from './fixtures/profiles.ts';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('decodeBinary', () => {
  it('reads unsigned and signed integers in both byte orders', () => {
    const codec: Codec = {
      fields: [
        { name: 'u8', offset: 0, type: 'u8' },
        { name: 'i8', offset: 1, type: 'i8' },
        { name: 'u16be', offset: 2, type: 'u16be' },
        { name: 'u16le', offset: 2, type: 'u16le' },
        { name: 'i16be', offset: 4, type: 'i16be' },
        { name: 'i16le', offset: 4, type: 'i16le' },
        { name: 'u32be', offset: 6, type: 'u32be' },
        { name: 'u32le', offset: 6, type: 'u32le' },
        { name: 'i32be', offset: 10, type: 'i32be' },
        { name: 'i32le', offset: 10, type: 'i32le' },
      ],
    };
    const b = bytes(0xff, 0x80, 0x12, 0x34, 0xff, 0x38, 0xde, 0xad, 0xbe, 0xef, 0xff, 0xff, 0xff, 0xfe);
    assert.deepEqual(decodeBinary(codec, b), {
      u8: 255,
      i8: -128,
      u16be: 0x1234,
      u16le: 0x3412,
      i16be: -200,
      i16le: 0x38ff,
      u32be: 0xdeadbeef,
      u32le: 0xefbeadde,
      i32be: -2,
      i32le: -16777217,
    });
  });

  it('reads negative i16 with scale (temperature −20.0 °C as −200 × 0.1)', () => {
    assert.deepEqual(
      decodeBinary({ fields: [{ name: 't', offset: 0, type: 'i16be', scale: 0.1 }] }, bytes(0xff, 0x38)),
      {
        t: -20,
      },
    );
    // -3 × 0.1 is -0.30000000000000004 in binary floating point: stored as -0.3.
    assert.deepEqual(
      decodeBinary({ fields: [{ name: 't', offset: 0, type: 'i8', scale: 0.1 }] }, bytes(0xfd)),
      { t: -0.3 },
    );
  });

  it('reads f32 in both byte orders as the shortest decimal the float32 stands for', () => {
    const b = Buffer.alloc(8);
    b.writeFloatBE(21.3, 0);
    b.writeFloatLE(-1013.25, 4);
    const codec: Codec = {
      fields: [
        { name: 'temp', offset: 0, type: 'f32be' },
        { name: 'pressure', offset: 4, type: 'f32le' },
      ],
    };
    assert.deepEqual(decodeBinary(codec, new Uint8Array(b)), { temp: 21.3, pressure: -1013.25 });
  });

  it('reads bools from a whole byte or from single bits', () => {
    const codec: Codec = {
      fields: [
        { name: 'any', offset: 0, type: 'bool' },
        { name: 'none', offset: 1, type: 'bool' },
        { name: 'bit0', offset: 0, type: 'bool', bit: 0 },
        { name: 'bit1', offset: 0, type: 'bool', bit: 1 },
        { name: 'bit7', offset: 0, type: 'bool', bit: 7 },
      ],
    };
    assert.deepEqual(decodeBinary(codec, bytes(0b1000_0010, 0)), {
      any: true,
      none: false,
      bit0: false,
      bit1: true,
      bit7: true,
    });
  });

  it('skips fields of another fPort, and reads all when the port is unknown', () => {
    const codec: Codec = {
      fields: [
        { name: 'level', offset: 0, type: 'u8', fPort: 1 },
        { name: 'battery', offset: 0, type: 'u8', fPort: 2 },
        { name: 'common', offset: 1, type: 'u8' },
      ],
    };
    assert.deepEqual(decodeBinary(codec, bytes(7, 9), 1), { level: 7, common: 9 });
    assert.deepEqual(decodeBinary(codec, bytes(7, 9), 2), { battery: 7, common: 9 });
    assert.deepEqual(decodeBinary(codec, bytes(7, 9)), { level: 7, battery: 7, common: 9 });
    // A field of another port is not read at all, so it cannot make a short frame fail.
    assert.deepEqual(
      decodeBinary({ fields: [{ name: 'x', offset: 9, type: 'u32be', fPort: 3 }] }, bytes(), 1),
      {},
    );
  });

  it('decodes the fill-level codec', () => {
    assert.deepEqual(decodeBinary(fillCodec, bytes(0x4b, 0xff, 0x38, 0x0e, 0x74, 0x01), 2), {
      fill: 75,
      temperature: -20,
      battery: 3.7,
      lidOpen: true,
    });
  });

  it('keeps a field named __proto__ as data', () => {
    const out = decodeBinary({ fields: [{ name: '__proto__', offset: 0, type: 'u8' }] }, bytes(5));
    assert.deepEqual(Object.keys(out), ['__proto__']);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });

  it('decode_failed when the payload is shorter than a field needs', () => {
    const check = (codec: Codec, b: Uint8Array, detail: string) =>
      assert.throws(
        () => decodeBinary(codec, b),
        (e: unknown) => e instanceof Rejection && e.reason === 'decode_failed' && e.detail === detail,
      );
    check(fillCodec, bytes(1, 2, 3, 4), "field 'battery' needs bytes 3..4, payload has 4");
    check(fillCodec, bytes(), "field 'fill' needs bytes 0..0, payload has 0");
    check(
      { fields: [{ name: 'v', offset: 2, type: 'f32le' }] },
      bytes(0, 0, 0, 0, 0),
      "field 'v' needs bytes 2..5, payload has 5",
    );
    check(
      { fields: [{ name: 'b', offset: 0, type: 'bool', bit: 8 }] },
      bytes(1),
      "field 'b' has invalid bit 8",
    );
  });

  it('reads from a view into a larger buffer at its own offset', () => {
    const whole = bytes(0xaa, 0xbb, 0x01, 0x02);
    assert.deepEqual(decodeBinary({ fields: [{ name: 'v', offset: 0, type: 'u16be' }] }, whole.subarray(2)), {
      v: 0x0102,
    });
  });
});
