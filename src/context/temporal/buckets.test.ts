import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregationRange, planBuckets, TooManyBuckets } from './buckets.ts';
import { parseDuration } from './duration.ts';

const at = (s: string) => Date.parse(s);
const show = (bs: { start: number; end: number; memberEnd: number | undefined }[]) =>
  bs.map((b) => [
    new Date(b.start).toISOString(),
    new Date(b.end).toISOString(),
    b.memberEnd === undefined ? null : new Date(b.memberEnd).toISOString(),
  ]);

describe('planBuckets (aggregation periods, §4.5.19)', () => {
  test('a fixed range is cut into periods, the last one clipped to the end', () => {
    const bs = planBuckets({
      start: at('2026-01-01T00:00:00Z'),
      end: at('2026-01-01T02:30:00Z'),
      endInclusive: false,
      duration: parseDuration('PT1H')!,
      max: 100,
    });
    assert.deepEqual(show(bs), [
      ['2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z', '2026-01-01T01:00:00.000Z'],
      ['2026-01-01T01:00:00.000Z', '2026-01-01T02:00:00.000Z', '2026-01-01T02:00:00.000Z'],
      ['2026-01-01T02:00:00.000Z', '2026-01-01T02:30:00.000Z', '2026-01-01T02:30:00.000Z'],
    ]);
  });

  test('a range ending at the last instance includes it, even on a period boundary', () => {
    const bs = planBuckets({
      start: at('2026-01-01T00:00:00Z'),
      end: at('2026-01-01T02:00:00Z'),
      endInclusive: true,
      duration: parseDuration('PT1H')!,
      max: 100,
    });
    assert.equal(bs.length, 3);
    assert.deepEqual(show(bs)[2], [
      '2026-01-01T02:00:00.000Z',
      '2026-01-01T03:00:00.000Z',
      '2026-01-01T03:00:00.000Z',
    ]);
  });

  test('a zero duration is one period over the whole range', () => {
    const open = planBuckets({
      start: at('2026-01-01T00:00:00Z'),
      end: at('2026-01-01T05:00:00Z'),
      endInclusive: true,
      duration: parseDuration('PT0S')!,
      max: 1,
    });
    assert.deepEqual(show(open), [['2026-01-01T00:00:00.000Z', '2026-01-01T05:00:00.000Z', null]]);
    const closed = planBuckets({
      start: at('2026-01-01T00:00:00Z'),
      end: at('2026-01-01T05:00:00Z'),
      endInclusive: false,
      duration: parseDuration('P0D')!,
      max: 1,
    });
    assert.deepEqual(show(closed), [
      ['2026-01-01T00:00:00.000Z', '2026-01-01T05:00:00.000Z', '2026-01-01T05:00:00.000Z'],
    ]);
  });

  test('calendar months', () => {
    const bs = planBuckets({
      start: at('2026-01-31T00:00:00Z'),
      end: at('2026-04-01T00:00:00Z'),
      endInclusive: false,
      duration: parseDuration('P1M')!,
      max: 100,
    });
    assert.deepEqual(
      bs.map((b) => new Date(b.start).toISOString().slice(0, 10)),
      ['2026-01-31', '2026-02-28', '2026-03-31'],
    );
  });

  test('too many periods is an error, an inverted range is empty', () => {
    assert.throws(
      () =>
        planBuckets({
          start: 0,
          end: 3_600_000,
          endInclusive: false,
          duration: parseDuration('PT1S')!,
          max: 100,
        }),
      TooManyBuckets,
    );
    assert.deepEqual(
      planBuckets({ start: 10, end: 0, endInclusive: true, duration: parseDuration('PT1S')!, max: 100 }),
      [],
    );
  });
});

describe('aggregationRange', () => {
  const data = { min: '2026-01-01T00:10:00.000Z', max: '2026-01-01T03:20:00.000Z' };
  test('timeAt / endTimeAt where given, the data elsewhere', () => {
    assert.deepEqual(
      aggregationRange(
        {
          timeproperty: 'observedAt',
          timerel: 'between',
          timeAt: '2026-01-01T00:00:00.000Z',
          endTimeAt: '2026-01-01T02:00:00.000Z',
        },
        undefined,
      ),
      {
        start: at('2026-01-01T00:00:00Z'),
        end: at('2026-01-01T02:00:00Z'),
        endInclusive: false,
      },
    );
    assert.deepEqual(
      aggregationRange(
        { timeproperty: 'observedAt', timerel: 'before', timeAt: '2026-01-01T02:00:00.000Z' },
        data,
      ),
      { start: at(data.min), end: at('2026-01-01T02:00:00Z'), endInclusive: false },
    );
    assert.deepEqual(
      aggregationRange(
        { timeproperty: 'observedAt', timerel: 'after', timeAt: '2026-01-01T01:00:00.000Z' },
        data,
      ),
      { start: at('2026-01-01T01:00:00Z'), end: at(data.max), endInclusive: true },
    );
    assert.deepEqual(aggregationRange({ timeproperty: 'observedAt' }, data), {
      start: at(data.min),
      end: at(data.max),
      endInclusive: true,
    });
    assert.equal(aggregationRange({ timeproperty: 'observedAt' }, undefined), undefined);
  });
});
