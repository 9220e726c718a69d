// Rollups: incremental 1m/1h aggregates equal a recomputation from the raw rows, late readings
// update old buckets, a second run adds nothing, and two concurrent runs count every row once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backends } from '../../test/helpers/backends.ts';
import type { Queryable } from '../storage/index.ts';
import { rollupOnce } from './rollup.ts';
import { ATTR, insertReadings, migrateAll, type Reading } from './test-support.ts';

const BASE = Date.parse('2031-03-10T09:00:00.000Z');
const STEP_MS = 4_320; // 2,500 readings per series over 3 hours
const PER_SERIES = 2_500;
const SERIES = [
  ['urn:ngsi-ld:AirQualityObserved:hanam-1', 'pm10'],
  ['urn:ngsi-ld:AirQualityObserved:hanam-1', 'pm25'],
  ['urn:ngsi-ld:AirQualityObserved:hanam-2', 'pm10'],
  ['urn:ngsi-ld:AirQualityObserved:hanam-2', 'pm25'],
] as const;
const iso = (ms: number) => new Date(ms).toISOString();
/** Multiples of 1/4: every sum is exact in double precision, whatever the order of additions. */
const valueOf = (s: number, i: number) => ((i * 37 + s * 11) % 400) / 4;

/** 10,000 numeric readings; the last 2,000 share one created_at (a large multi-row INSERT). */
function readings(): Reading[] {
  const out: Reading[] = [];
  SERIES.forEach(([entityId, attr], s) => {
    for (let i = 0; i < PER_SERIES; i++) {
      const observed = BASE + i * STEP_MS;
      out.push({
        entityId,
        attr: ATTR(attr),
        value: valueOf(s, i),
        observedAt: iso(observed),
        createdAt: i >= 2_000 ? '2031-03-10T11:59:00.000Z' : iso(observed + 500),
      });
    }
  });
  return out;
}

/** Rows the rollups must ignore, and a reading without observedAt (bucketed by created_at). */
const extras: Reading[] = [
  {
    entityId: SERIES[0][0],
    attr: ATTR('pm10'),
    value: 5000,
    observedAt: iso(BASE),
    createdAt: iso(BASE + 1),
    deleted: true,
  },
  {
    entityId: SERIES[0][0],
    attr: ATTR('status'),
    value: 'ok',
    observedAt: iso(BASE),
    createdAt: iso(BASE + 1),
  },
  {
    tenant: 'goyang',
    entityId: 'urn:e:g',
    attr: ATTR('level'),
    value: 2.5,
    observedAt: null,
    createdAt: iso(BASE + 61_000),
  },
];

/** The aggregates recomputed from scratch, written independently of the implementation. */
async function recomputed(q: Queryable) {
  const r = await q.query(`
    WITH s AS (
      SELECT tenant, entity_id, attr, num, instance_id, COALESCE(observed_at, created_at) AS t
      FROM temporal_instances WHERE num IS NOT NULL AND NOT deleted
    ), b AS (
      SELECT s.*, '1m' AS res, date_trunc('minute', t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket FROM s
      UNION ALL
      SELECT s.*, '1h', date_trunc('hour', t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM s
    ), agg AS (
      SELECT tenant, entity_id, attr, res, bucket, count(*) AS count, sum(num) AS sum, min(num) AS min,
             max(num) AS max, max(t) AS last_at
      FROM b GROUP BY tenant, entity_id, attr, res, bucket
    ), lst AS (
      SELECT DISTINCT ON (tenant, entity_id, attr, res, bucket) tenant, entity_id, attr, res, bucket, num AS last
      FROM b ORDER BY tenant, entity_id, attr, res, bucket, t DESC, instance_id DESC
    )
    SELECT agg.tenant, agg.entity_id, agg.attr, agg.res AS resolution, agg.bucket, agg.count, agg.sum, agg.min,
           agg.max, lst.last, agg.last_at
    FROM agg JOIN lst USING (tenant, entity_id, attr, res, bucket)
    ORDER BY 1, 2, 3, 4, 5`);
  return r.rows;
}

async function rollups(q: Queryable) {
  const r = await q.query(
    `SELECT tenant, entity_id, attr, resolution, bucket, count, sum, min, max, last, last_at
     FROM timeseries_rollups ORDER BY 1, 2, 3, 4, 5`,
  );
  return r.rows;
}

for (const backend of await backends()) {
  describe(`rollups on ${backend.name}`, { skip: backend.skip }, () => {
    it('aggregates 10,000 readings exactly, incrementally and once', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        await insertReadings(db, [...readings(), ...extras]);
        const first = await rollupOnce(db, new Date('2031-03-10T12:00:00.000Z'), { maxRows: 1_500 });
        assert.equal(first.rows, 10_001);
        assert.ok(first.steps >= 8, `bounded windows expected, got ${first.steps} steps`);
        assert.equal(first.caughtUp, true);
        assert.equal(first.watermark, '2031-03-10 11:59:58+00');

        const expected = await recomputed(db);
        assert.deepEqual(await rollups(db), expected);
        // 3 hours → 180 minute buckets and 3 hour buckets per series, plus goyang's one reading
        const per = (res: string) =>
          expected.filter((x) => x.resolution === res && x.tenant === 'hanam').length;
        assert.deepEqual([per('1m'), per('1h')], [4 * 180, 4 * 3]);

        // known values, computed here from the generated data: hour 10 of series 0
        const hour = Array.from({ length: PER_SERIES }, (_, i) => i).filter(
          (i) => BASE + i * STEP_MS >= BASE + 3_600_000 && BASE + i * STEP_MS < BASE + 7_200_000,
        );
        const vals = hour.map((i) => valueOf(0, i));
        const h10 = expected.find(
          (x) =>
            x.resolution === '1h' &&
            x.attr === ATTR('pm10') &&
            x.entity_id === SERIES[0][0] &&
            x.bucket === '2031-03-10T10:00:00.000Z',
        );
        assert.deepEqual(
          [h10?.count, h10?.sum, h10?.min, h10?.max, h10?.last, h10?.last_at],
          [
            vals.length,
            vals.reduce((a, b) => a + b, 0),
            Math.min(...vals),
            Math.max(...vals),
            vals[vals.length - 1],
            iso(BASE + hour[hour.length - 1]! * STEP_MS),
          ],
        );

        // a second run at the same time adds nothing
        const again = await rollupOnce(db, new Date('2031-03-10T12:00:00.000Z'), { maxRows: 1_500 });
        assert.deepEqual([again.rows, again.caughtUp], [0, true]);
        assert.deepEqual(await rollups(db), expected);

        // a late reading (old observedAt, new created_at) updates its old buckets on the next run;
        // one inside the safety lag waits for the run after
        await insertReadings(db, [
          {
            entityId: SERIES[0][0],
            attr: ATTR('pm10'),
            value: 1000,
            observedAt: '2031-03-10T09:00:30.000Z',
            createdAt: '2031-03-10T12:00:01.000Z',
          },
          {
            entityId: SERIES[0][0],
            attr: ATTR('pm10'),
            value: 7,
            observedAt: '2031-03-10T09:01:30.000Z',
            createdAt: '2031-03-10T12:00:04.000Z',
          },
        ]);
        const late = await rollupOnce(db, new Date('2031-03-10T12:00:05.000Z'));
        assert.deepEqual([late.rows, late.watermark], [1, '2031-03-10 12:00:03+00']);
        const m0 = await db.query(
          `SELECT count, max, last FROM timeseries_rollups WHERE entity_id = $1 AND attr = $2 AND resolution = '1m'
           AND bucket = '2031-03-10T09:00:00Z'`,
          [SERIES[0][0], ATTR('pm10')],
        );
        const before0 = expected.find(
          (x) =>
            x.resolution === '1m' &&
            x.attr === ATTR('pm10') &&
            x.entity_id === SERIES[0][0] &&
            x.bucket === '2031-03-10T09:00:00.000Z',
        );
        // 09:00:30 is not the latest time of that minute: last keeps the value observed later
        assert.deepEqual(m0.rows[0], { count: Number(before0?.count) + 1, max: 1000, last: before0?.last });
        const lagged = await rollupOnce(db, new Date('2031-03-10T12:00:10.000Z'));
        assert.equal(lagged.rows, 1);
        assert.deepEqual(await rollups(db), await recomputed(db));
      } finally {
        await db.close();
      }
    });

    it('counts every row once when two processes run at the same time', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        await insertReadings(db, readings().slice(0, 4_000));
        const now = new Date('2031-03-10T12:00:00.000Z');
        const [a, b] = await Promise.all([
          rollupOnce(db, now, { maxRows: 700 }),
          rollupOnce(db, now, { maxRows: 700 }),
        ]);
        assert.equal(a.rows + b.rows, 4_000);
        assert.deepEqual(await rollups(db), await recomputed(db));
      } finally {
        await db.close();
      }
    });

    it('starts from an empty table and then from the first row', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        const empty = await rollupOnce(db, new Date('2031-03-10T12:00:00.000Z'));
        assert.deepEqual([empty.rows, empty.watermark], [0, '2031-03-10 11:59:58+00']);
        await insertReadings(db, [
          {
            entityId: 'urn:e:1',
            attr: ATTR('t'),
            value: 3,
            observedAt: null,
            createdAt: '2031-03-10T11:59:59.123456Z',
          },
        ]);
        const next = await rollupOnce(db, new Date('2031-03-10T12:00:02.000Z'));
        assert.equal(next.rows, 1);
        const r = await db.query(
          `SELECT resolution, bucket, count, last_at FROM timeseries_rollups ORDER BY 1`,
        );
        assert.deepEqual(r.rows, [
          {
            resolution: '1h',
            bucket: '2031-03-10T11:00:00.000Z',
            count: 1,
            last_at: '2031-03-10T11:59:59.123Z',
          },
          {
            resolution: '1m',
            bucket: '2031-03-10T11:59:00.000Z',
            count: 1,
            last_at: '2031-03-10T11:59:59.123Z',
          },
        ]);
      } finally {
        await db.close();
      }
    });
  });
}
