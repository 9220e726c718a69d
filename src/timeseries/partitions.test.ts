// Partition maintenance: the right months exist, rows land in them, rows stranded in DEFAULT move
// out, and concurrent or repeated calls change nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backends } from '../../test/helpers/backends.ts';
import { ensurePartitions, listPartitions } from './partitions.ts';
import { monthOf, monthsAround, parseMonth } from './months.ts';
import { ATTR, insertReadings, migrateAll, rowsByPartition } from './test-support.ts';

describe('months', () => {
  it('names and bounds UTC calendar months, across years', () => {
    assert.deepEqual(monthOf(new Date('2031-12-31T23:59:59.999Z'), 1), {
      name: 'temporal_instances_y2032m01',
      from: '2032-01-01T00:00:00.000Z',
      to: '2032-02-01T00:00:00.000Z',
    });
    // 1 July 05:00 in Seoul is still 30 June in UTC: partitions follow UTC months
    assert.equal(monthOf(new Date('2031-06-30T20:00:00.000Z')).name, 'temporal_instances_y2031m06');
    assert.deepEqual(
      monthsAround(new Date('2031-11-15T00:00:00Z'), 2).map((m) => m.name),
      ['temporal_instances_y2031m11', 'temporal_instances_y2031m12', 'temporal_instances_y2032m01'],
    );
    assert.equal(parseMonth('temporal_instances_y2031m02')?.to, '2031-03-01T00:00:00.000Z');
    assert.equal(parseMonth('temporal_instances_default'), undefined);
    assert.equal(parseMonth('temporal_instances_y2031m13'), undefined);
  });
});

const reading = (createdAt: string, value = 1) => ({
  entityId: 'urn:e:1',
  attr: ATTR('pm10'),
  value,
  createdAt,
});

for (const backend of await backends()) {
  describe(`partition maintenance on ${backend.name}`, { skip: backend.skip }, () => {
    it('creates this month and the next ones; rows land in them', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        const report = await ensurePartitions(db, new Date('2031-05-15T10:00:00Z'));
        assert.deepEqual(report, {
          created: [
            'temporal_instances_y2031m05',
            'temporal_instances_y2031m06',
            'temporal_instances_y2031m07',
          ],
          moved: 0,
        });
        await insertReadings(db, [
          reading('2031-05-01T00:00:00.000Z'),
          reading('2031-05-31T23:59:59.999Z'),
          reading('2031-06-01T00:00:00.000Z'),
          reading('2031-07-20T00:00:00.000Z'),
          reading('2031-08-01T00:00:00.000Z'), // no partition yet
        ]);
        assert.deepEqual(await rowsByPartition(db), {
          temporal_instances_default: 1,
          temporal_instances_y2031m05: 2,
          temporal_instances_y2031m06: 1,
          temporal_instances_y2031m07: 1,
        });
        // idempotent
        assert.deepEqual(await ensurePartitions(db, new Date('2031-05-20T00:00:00Z')), {
          created: [],
          moved: 0,
        });
        // the new partitions carry the parent's indexes
        const idx = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'temporal_instances_y2031m06'
           AND schemaname = current_schema()`,
        );
        const parentIdx = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'temporal_instances' AND schemaname = current_schema()`,
        );
        assert.equal(idx.rows[0]?.n, parentIdx.rows[0]?.n);
        // instance ids still come from the shared sequence
        const ids = await db.query<{ id: number }>(
          'SELECT instance_id AS id FROM temporal_instances ORDER BY 1',
        );
        assert.deepEqual(
          ids.rows.map((r) => r.id),
          [1, 2, 3, 4, 5],
        );
      } finally {
        await db.close();
      }
    });

    it('moves rows of a new month, and of stranded past months, out of DEFAULT', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        await insertReadings(db, [
          reading('2031-09-03T00:00:00.000Z', 1),
          reading('2031-09-30T23:59:59.999Z', 2),
          reading('2031-10-01T00:00:00.000Z', 3),
          reading('2029-03-10T00:00:00.000Z', 4), // a past month nobody created
          reading('2045-01-01T00:00:00.000Z', 5), // far future: stays in DEFAULT
        ]);
        assert.deepEqual(await rowsByPartition(db, `created_at > '2029-01-01'`), {
          temporal_instances_default: 5,
        });
        const report = await ensurePartitions(db, new Date('2031-08-10T00:00:00Z'));
        assert.deepEqual(report, {
          created: [
            'temporal_instances_y2029m03',
            'temporal_instances_y2031m08',
            'temporal_instances_y2031m09',
            'temporal_instances_y2031m10',
          ],
          moved: 4,
        });
        assert.deepEqual(await rowsByPartition(db, `created_at > '2029-01-01'`), {
          temporal_instances_default: 1,
          temporal_instances_y2029m03: 1,
          temporal_instances_y2031m09: 2,
          temporal_instances_y2031m10: 1,
        });
        const vals = await db.query<{ p: string; num: number }>(
          `SELECT tableoid::regclass::text AS p, num FROM temporal_instances WHERE created_at > '2029-01-01' ORDER BY num`,
        );
        assert.deepEqual(
          vals.rows.map((r) => [r.p.replace(/^.*\./, ''), r.num]),
          [
            ['temporal_instances_y2031m09', 1],
            ['temporal_instances_y2031m09', 2],
            ['temporal_instances_y2031m10', 3],
            ['temporal_instances_y2029m03', 4],
            ['temporal_instances_default', 5],
          ],
        );
        // DEFAULT is still attached as the default partition
        const def = await db.query<{ bound: string }>(
          `SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE oid = 'temporal_instances_default'::regclass`,
        );
        assert.equal(def.rows[0]?.bound, 'DEFAULT');
      } finally {
        await db.close();
      }
    });

    it('is safe when two callers race', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        await insertReadings(db, [reading('2032-02-02T00:00:00.000Z'), reading('2032-03-03T00:00:00.000Z')]);
        const now = new Date('2032-02-01T00:00:00Z');
        const [a, b, c] = await Promise.all([
          ensurePartitions(db, now),
          ensurePartitions(db, now),
          ensurePartitions(db, now),
        ]);
        const created = [...a.created, ...b.created, ...c.created].sort();
        assert.deepEqual(created, [
          'temporal_instances_y2032m02',
          'temporal_instances_y2032m03',
          'temporal_instances_y2032m04',
        ]);
        assert.equal(a.moved + b.moved + c.moved, 2);
        const parts = (await listPartitions(db)).filter((n) => n.startsWith('temporal_instances_y2032'));
        assert.deepEqual(parts, created);
        assert.deepEqual(await rowsByPartition(db, `created_at > '2032-01-01'`), {
          temporal_instances_y2032m02: 1,
          temporal_instances_y2032m03: 1,
        });
      } finally {
        await db.close();
      }
    });
  });
}
