import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DosiError } from '../../kernel/index.ts';
import { parseTemporalQuery } from './temporal-query.ts';

function fails(input: Parameters<typeof parseTemporalQuery>[0], detail: RegExp) {
  assert.throws(
    () => parseTemporalQuery(input),
    (err: unknown) => err instanceof DosiError && err.status === 400 && detail.test(err.message),
  );
}

describe('parseTemporalQuery (§4.11, §6.18.3.2)', () => {
  test('defaults: normalized, observedAt, no time range', () => {
    assert.deepEqual(parseTemporalQuery({}), {
      time: { timeproperty: 'observedAt' },
      format: 'normalized',
      sysAttrs: false,
    });
  });

  test('timerel with its times, normalized to UTC', () => {
    const q = parseTemporalQuery({
      timerel: 'between',
      timeAt: '2026-01-01T09:00:00+09:00',
      endTimeAt: '2026-01-01T01:00:00Z',
      timeproperty: 'modifiedAt',
      lastN: '3',
    });
    assert.deepEqual(q.time, {
      timeproperty: 'modifiedAt',
      timerel: 'between',
      timeAt: '2026-01-01T00:00:00.000Z',
      endTimeAt: '2026-01-01T01:00:00.000Z',
    });
    assert.equal(q.lastN, 3);
  });

  test('representations from options or format', () => {
    assert.equal(parseTemporalQuery({ options: 'temporalValues' }).format, 'temporalValues');
    assert.equal(parseTemporalQuery({ format: 'temporalValues' }).format, 'temporalValues');
    assert.equal(parseTemporalQuery({ options: 'keyValues,sysAttrs' }).format, 'temporalValues');
    assert.equal(parseTemporalQuery({ options: 'sysAttrs' }).sysAttrs, true);
    assert.equal(parseTemporalQuery({ format: 'concise' }).format, 'concise');
    const agg = parseTemporalQuery({
      options: 'aggregatedValues',
      aggrMethods: 'sum,avg,sum',
      aggrPeriodDuration: 'PT1H',
    });
    assert.deepEqual(agg.aggregation, {
      methods: ['sum', 'avg'],
      duration: { years: 0, months: 0, days: 0, ms: 3_600_000 },
    });
    assert.deepEqual(
      parseTemporalQuery({ format: 'aggregatedValues', aggrMethods: 'totalCount' }).aggregation?.duration,
      { years: 0, months: 0, days: 0, ms: 0 },
    );
  });

  test('invalid input answers a precise 400', () => {
    fails(
      { timerel: 'during', timeAt: '2026-01-01T00:00:00Z' },
      /timerel must be before, after or between; got during/,
    );
    fails({ timerel: 'before' }, /timerel=before needs timeAt/);
    fails({ timeAt: '2026-01-01T00:00:00Z' }, /need timerel/);
    fails({ timerel: 'after', timeAt: 'yesterday' }, /timeAt must be an ISO 8601 date-time.*"yesterday"/);
    fails(
      { timerel: 'after', timeAt: '2026-01-01T00:00:00' },
      /timeAt must be an ISO 8601 date-time with a time zone/,
    );
    fails({ timerel: 'between', timeAt: '2026-01-01T00:00:00Z' }, /between needs endTimeAt/);
    fails(
      { timerel: 'between', timeAt: '2026-01-01T00:00:00Z', endTimeAt: '2026-01-01T00:00:00Z' },
      /endTimeAt .* must be later than timeAt/,
    );
    fails(
      { timerel: 'after', timeAt: '2026-01-01T00:00:00Z', endTimeAt: '2026-01-02T00:00:00Z' },
      /endTimeAt is only used with timerel=between/,
    );
    fails(
      { timeproperty: 'deletedAt' },
      /timeproperty must be one of observedAt, createdAt, modifiedAt; got deletedAt/,
    );
    fails({ lastN: '0' }, /lastN must be a positive integer, got 0/);
    fails({ lastN: '-2' }, /lastN must be a positive integer/);
    fails({ options: 'temporalValues,aggregatedValues', aggrMethods: 'sum' }, /more than one representation/);
    fails({ options: 'bogus' }, /unknown option bogus/);
    fails({ format: 'bogus' }, /unknown format bogus/);
    fails({ options: 'aggregatedValues' }, /aggregatedValues needs aggrMethods/);
    fails({ options: 'aggregatedValues', aggrMethods: 'sum,median' }, /unknown aggrMethods entry median/);
    fails(
      { options: 'aggregatedValues', aggrMethods: 'sum', aggrPeriodDuration: '1 hour' },
      /aggrPeriodDuration must be an ISO 8601 duration like PT1H or P1D; got "1 hour"/,
    );
  });
});
