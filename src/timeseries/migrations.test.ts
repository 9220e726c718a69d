// 0270/0271 on a table that already holds history: rows, ids, indexes and the temporal repository
// survive the conversion to a partitioned table; rows written afterwards land in their month.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backends } from '../../test/helpers/backends.ts';
import { recordTemporal, type TemporalWrite } from '../context/store/temporal-writer.ts';
import type { Queryable } from '../storage/index.ts';

/** Rows as the writer stored them before this migration (no num column yet). */
async function legacyRecord(
  q: Queryable,
  tenant: string,
  entityId: string,
  types: readonly string[],
  writes: readonly TemporalWrite[],
  now: string,
): Promise<void> {
  for (const w of writes)
    await q.query(
      `INSERT INTO temporal_instances (tenant, entity_id, entity_types, attr, dataset_id, observed_at, created_at, modified_at, deleted, instance)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9::jsonb)`,
      [
        tenant,
        entityId,
        [...types],
        w.attr,
        w.instance.datasetId ?? null,
        w.instance.observedAt ?? null,
        now,
        w.deleted ?? false,
        JSON.stringify(w.instance),
      ],
    );
}
import { createTemporalRepository } from '../context/temporal/temporal.repository.ts';
import { migrate } from '../storage/index.ts';
import { BASE_MIGRATIONS, migrateAll, rowsByPartition } from './test-support.ts';
import { monthOf } from './months.ts';
import { TEMPORAL_INDEXES, timeseriesMigrations } from './migrations.ts';

const E1 = 'urn:ngsi-ld:AirQualityObserved:hanam-1';
const TYPES = ['https://uri.etsi.org/ngsi-ld/default-context/AirQualityObserved'];
const PM10 = 'https://uri.etsi.org/ngsi-ld/default-context/pm10';
const STATUS = 'https://uri.etsi.org/ngsi-ld/default-context/status';
const OPEN = 'https://uri.etsi.org/ngsi-ld/default-context/open';
const COLS =
  'instance_id, tenant, entity_id, entity_types, attr, dataset_id, observed_at, created_at, modified_at, deleted, instance';

for (const backend of await backends()) {
  describe(`timeseries migration on ${backend.name}`, { skip: backend.skip }, () => {
    it('keeps every row, id, index and the temporal reads', async () => {
      const db = await backend.open();
      try {
        await migrate(db, BASE_MIGRATIONS);
        const writes: [string, number | string | boolean, string][] = [
          ['2025-11-10T08:00:00.000Z', 11, PM10],
          ['2025-11-30T23:59:59.999Z', 12.5, PM10],
          ['2025-12-01T00:00:00.000Z', 13, PM10],
          ['2026-02-14T12:00:00.000Z', 'ok', STATUS],
          ['2026-02-15T12:00:00.000Z', true, OPEN],
        ];
        for (const [at, value, attr] of writes)
          await legacyRecord(
            db,
            'hanam',
            E1,
            TYPES,
            [{ attr, instance: { type: 'Property', value, observedAt: at } }],
            at,
          );
        await legacyRecord(
          db,
          'goyang',
          E1,
          TYPES,
          [{ attr: PM10, instance: { type: 'Property', value: 99 }, deleted: true }],
          '2025-12-24T10:00:00.000Z',
        );
        const before = (await db.query(`SELECT ${COLS} FROM temporal_instances ORDER BY instance_id`)).rows;
        assert.equal(before.length, 6);

        await migrateAll(db);

        const after = (await db.query(`SELECT ${COLS} FROM temporal_instances ORDER BY instance_id`)).rows;
        assert.deepEqual(after, before);
        const kind = await db.query<{ relkind: string }>(
          `SELECT relkind FROM pg_class WHERE oid = 'temporal_instances'::regclass`,
        );
        assert.equal(kind.rows[0]?.relkind, 'p');
        assert.deepEqual(await rowsByPartition(db), {
          temporal_instances_y2025m11: 2,
          temporal_instances_y2025m12: 2,
          temporal_instances_y2026m02: 2,
        });
        // num is backfilled from numeric values only
        const nums = await db.query<{ num: number | null }>(
          'SELECT num FROM temporal_instances ORDER BY instance_id',
        );
        assert.deepEqual(
          nums.rows.map((r) => r.num),
          [11, 12.5, 13, null, 1, 99],
        );

        // partitions: the months of the data, the current month and the two after it, DEFAULT
        const parts = await db.query<{ name: string; bound: string }>(
          `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'temporal_instances'::regclass ORDER BY 1`,
        );
        const now = new Date((await db.query<{ now: string }>('SELECT now() AS now')).rows[0]!.now);
        const expected = new Set([
          'temporal_instances_default',
          'temporal_instances_y2025m11',
          'temporal_instances_y2025m12',
          'temporal_instances_y2026m02',
          monthOf(now).name,
          monthOf(now, 1).name,
          monthOf(now, 2).name,
        ]);
        assert.deepEqual(parts.rows.map((r) => r.name).sort(), [...expected].sort());
        const nov = parts.rows.find((r) => r.name === 'temporal_instances_y2025m11');
        assert.equal(nov?.bound, "FOR VALUES FROM ('2025-11-01 00:00:00+00') TO ('2025-12-01 00:00:00+00')");

        // indexes on the parent: those kept from before, the message index and BRIN; the new primary key
        const idx = await db.query<{ name: string; def: string }>(
          `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'temporal_instances'
           AND schemaname = current_schema() ORDER BY 1`,
        );
        assert.deepEqual(
          idx.rows.map((r) => r.name),
          [...TEMPORAL_INDEXES, 'temporal_instances_pkey'].sort(),
        );
        assert.match(
          idx.rows.find((r) => r.name === 'temporal_instances_pkey')!.def,
          /\(instance_id, created_at\)/,
        );
        assert.match(
          idx.rows.find((r) => r.name === 'temporal_msg_idx')!.def,
          /WHERE \(msg_id IS NOT NULL\)/,
        );
        assert.match(
          idx.rows.find((r) => r.name === 'temporal_created_brin_idx')!.def,
          /USING brin \(created_at\)/,
        );

        // the sequence continues and new rows land in their month
        const maxBefore = Math.max(...before.map((r) => Number(r.instance_id)));
        await recordTemporal(
          db,
          'hanam',
          E1,
          TYPES,
          [{ attr: PM10, instance: { type: 'Property', value: 14, observedAt: '2025-12-02T00:00:00.000Z' } }],
          '2025-12-02T00:00:00.000Z',
        );
        const fresh = await db.query<{ instance_id: number; p: string; personal: boolean; msg_id: null }>(
          `SELECT instance_id, tableoid::regclass::text AS p, personal, msg_id FROM temporal_instances
           WHERE instance_id > $1`,
          [maxBefore],
        );
        assert.equal(fresh.rows.length, 1);
        assert.equal(fresh.rows[0]!.instance_id, maxBefore + 1);
        assert.equal(fresh.rows[0]!.p.replace(/^.*\./, ''), 'temporal_instances_y2025m12');
        assert.equal(fresh.rows[0]!.personal, false);
        assert.equal(fresh.rows[0]!.msg_id, null);

        // the temporal repository reads the partitioned table as before
        const repo = createTemporalRepository();
        const rows = await repo.instances(
          db,
          'hanam',
          [E1],
          { timeproperty: 'observedAt' },
          [PM10],
          undefined,
        );
        assert.deepEqual(
          rows.map((r) => [r.instance.value, r.time]),
          [
            [11, '2025-11-10T08:00:00.000Z'],
            [12.5, '2025-11-30T23:59:59.999Z'],
            [13, '2025-12-01T00:00:00.000Z'],
            [14, '2025-12-02T00:00:00.000Z'],
          ],
        );
        const last = await repo.instances(db, 'hanam', [E1], { timeproperty: 'observedAt' }, undefined, 1);
        assert.deepEqual(
          last.map((r) => [r.attr, r.instance.value]),
          [
            [OPEN, true],
            [PM10, 14],
            [STATUS, 'ok'],
          ],
        );
        const one = await db.tx((q) => repo.getInstance(q, 'hanam', E1, PM10, maxBefore + 1));
        assert.equal(one?.instance.value, 14);
        assert.equal(await repo.deleteInstance(db, 'hanam', E1, PM10, maxBefore + 1), 1);
        assert.deepEqual(await repo.historyTypes(db, 'goyang', E1), TYPES);

        // the new tables exist with the rollup watermark at its start
        const wm = await db.query<{ at: string }>(
          `SELECT at::text AS at FROM timeseries_watermarks WHERE name = 'rollup'`,
        );
        assert.equal(wm.rows[0]?.at, '-infinity');
        // migrating again is a no-op
        assert.deepEqual(await migrate(db, [...BASE_MIGRATIONS, ...timeseriesMigrations]), []);
      } finally {
        await db.close();
      }
    });

    it('migrates an empty table', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        const r = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'temporal_instances'::regclass`,
        );
        assert.equal(r.rows[0]?.n, 4); // DEFAULT, this month and the next two
        await recordTemporal(
          db,
          'hanam',
          E1,
          TYPES,
          [{ attr: PM10, instance: { type: 'Property', value: 1 } }],
          new Date().toISOString(),
        );
        const id = await db.query<{ instance_id: number }>('SELECT instance_id FROM temporal_instances');
        assert.deepEqual(id.rows, [{ instance_id: 1 }]);
      } finally {
        await db.close();
      }
    });
  });
}
