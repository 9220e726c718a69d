import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDuration, isZeroDuration, parseDuration } from './duration.ts';

const at = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString();

describe('parseDuration (ISO 8601, NGSI-LD 1.8 §4.5.19)', () => {
  test('reads every designator', () => {
    assert.deepEqual(parseDuration('PT1H'), { years: 0, months: 0, days: 0, ms: 3_600_000 });
    assert.deepEqual(parseDuration('P1D'), { years: 0, months: 0, days: 1, ms: 0 });
    assert.deepEqual(parseDuration('P2W'), { years: 0, months: 0, days: 14, ms: 0 });
    assert.deepEqual(parseDuration('P3Y6M4DT12H30M5S'), {
      years: 3,
      months: 6,
      days: 4,
      ms: 12 * 3_600_000 + 30 * 60_000 + 5000,
    });
    assert.deepEqual(parseDuration('PT1.5S'), { years: 0, months: 0, days: 0, ms: 1500 });
    assert.deepEqual(parseDuration('PT0,25S'), { years: 0, months: 0, days: 0, ms: 250 });
    assert.deepEqual(parseDuration('PT15M'), { years: 0, months: 0, days: 0, ms: 900_000 });
  });

  test('rejects what is not a duration', () => {
    for (const bad of [
      '',
      'P',
      'PT',
      'P1DT',
      '1H',
      'PT1h',
      'P-1D',
      'PT1.5H',
      'P1H',
      'PT1H30',
      'P1Y2Y',
      '2026-01-01T00:00:00Z/P1D',
      ' PT1H',
      'PT1234567890H',
    ]) {
      assert.equal(parseDuration(bad), undefined, bad);
    }
  });

  test('zero durations span the whole range', () => {
    assert.equal(isZeroDuration(parseDuration('PT0S')!), true);
    assert.equal(isZeroDuration(parseDuration('P0D')!), true);
    assert.equal(isZeroDuration(parseDuration('PT1S')!), false);
  });
});

describe('addDuration (UTC calendar arithmetic)', () => {
  test('fixed durations add milliseconds', () => {
    assert.equal(
      iso(addDuration(at('2026-03-01T10:00:00Z'), parseDuration('PT1H')!)),
      '2026-03-01T11:00:00.000Z',
    );
    assert.equal(
      iso(addDuration(at('2026-03-01T10:00:00Z'), parseDuration('PT1H')!, 3)),
      '2026-03-01T13:00:00.000Z',
    );
    assert.equal(
      iso(addDuration(at('2026-02-28T12:00:00Z'), parseDuration('P1DT12H')!)),
      '2026-03-02T00:00:00.000Z',
    );
  });

  test('months clamp the day and do not drift over periods', () => {
    const jan31 = at('2026-01-31T08:00:00Z');
    const m = parseDuration('P1M')!;
    assert.equal(iso(addDuration(jan31, m)), '2026-02-28T08:00:00.000Z');
    assert.equal(iso(addDuration(jan31, m, 2)), '2026-03-31T08:00:00.000Z');
    assert.equal(iso(addDuration(jan31, m, 13)), '2027-02-28T08:00:00.000Z');
    assert.equal(
      iso(addDuration(at('2024-02-29T00:00:00Z'), parseDuration('P1Y')!)),
      '2025-02-28T00:00:00.000Z',
    );
    assert.equal(
      iso(addDuration(at('2026-11-15T00:00:00Z'), parseDuration('P1Y2M')!)),
      '2028-01-15T00:00:00.000Z',
    );
  });
});
