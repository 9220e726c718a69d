// Tests of number hygiene (noise rounding, float32 shortest decimals) and strict ISO time parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoUtc, parseIsoTime } from './iso-time.ts';
import { roundNoise, scaleValue, shortestFloat32 } from './numeric.ts';

describe('scaleValue / roundNoise', () => {
  it('removes binary noise but keeps real digits', () => {
    assert.equal(scaleValue(3, 0.1, 0), 0.3);
    assert.equal(scaleValue(-3, 0.1, 0), -0.3);
    assert.equal(scaleValue(2932, 0.1, -273.15), 20.05);
    assert.equal(scaleValue(27315, 0.01, -273.15), 0); // cancellation gives 0, not 5.7e-14, and never -0
    assert.ok(Object.is(scaleValue(27315, 0.01, -273.15), 0));
    assert.equal(scaleValue(4294967295, 0.001, 0), 4294967.295);
    assert.equal(scaleValue(1234567.891234, 1, 0.001), 1234567.892234);
    assert.equal(scaleValue(123456789012.345, 1, 0.001), 123456789012.35); // 14 significant digits kept
    assert.equal(scaleValue(7, 1, 0), 7);
  });

  it('leaves integers below 2^53 exact', () => {
    assert.equal(scaleValue(1234567890123, 1, 1), 1234567890124);
    assert.equal(scaleValue(4294967295, 1000, 0), 4294967295000);
  });

  it('passes non-finite values and zero through', () => {
    assert.equal(roundNoise(Number.POSITIVE_INFINITY, 1), Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(roundNoise(Number.NaN, 1)));
    assert.equal(roundNoise(0, 5), 0);
    assert.equal(scaleValue(1e308, 10, 0), Number.POSITIVE_INFINITY);
  });
});

describe('shortestFloat32', () => {
  it('gives the decimal a float32 was written from', () => {
    for (const d of [21.3, -1013.25, 0.1, 3.6, 1e-7, 123456.7, 3.4028235e38]) {
      assert.equal(shortestFloat32(Math.fround(d)), d);
    }
    assert.equal(shortestFloat32(Math.fround(16777217)), 16777216);
    assert.ok(Number.isNaN(shortestFloat32(Number.NaN)));
  });
});

describe('parseIsoTime', () => {
  it('accepts RFC 3339 times with Z or an offset, any fraction length', () => {
    assert.equal(isoUtc(parseIsoTime('2026-11-22T10:02:03+09:00')!), '2026-11-22T01:02:03.000Z');
    assert.equal(isoUtc(parseIsoTime('2026-11-22T10:02:03.5+0900')!), '2026-11-22T01:02:03.500Z');
    assert.equal(isoUtc(parseIsoTime('2022-07-18T09:34:15.775023242+00:00')!), '2022-07-18T09:34:15.775Z');
    assert.equal(isoUtc(parseIsoTime('2026-11-22T01:02Z')!), '2026-11-22T01:02:00.000Z');
    assert.equal(isoUtc(parseIsoTime('2024-02-29T23:59:59-05:30')!), '2024-03-01T05:29:59.000Z');
  });

  it('refuses zone-less, impossible and non-ISO times', () => {
    for (const s of [
      '2026-11-22T01:02:03',
      '2026-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-11-22T24:00:00Z',
      '2026-11-22T23:60:00Z',
      '2026-13-01T00:00:00Z',
      'Sun Nov 22 2026 10:02:03 GMT+0900',
      '1795309323000',
      '',
    ]) {
      assert.equal(parseIsoTime(s), undefined, s);
    }
  });
});
