// Retention: only expired rows of the right tenant and data class go, counts are exact, old
// partitions are dropped whole, rollups age out, and one process at a time applies it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backends } from '../../test/helpers/backends.ts';
import type { Db } from '../storage/index.ts';
import { ensurePartitions, listPartitions } from './partitions.ts';
import { monthOf } from './months.ts';
import { applyRetention } from './retention.ts';
import { getRetention, setRetention, validateRetention } from './retention-policy.ts';
import { ATTR, insertReadings, migrateAll, type Reading } from './test-support.ts';

const NOW = new Date('2031-06-15T00:00:00.000Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY + 3_600_000).toISOString();

/** Days kept per tenant and class; suwon has no personal policy: its default (shorter) bounds it. */
const KEPT: Record<string, { default: number; personal: number }> = {
  hanam: { default: 100, personal: 10 },
  goyang: { default: 730, personal: 30 },
  suwon: { default: 20, personal: 20 },
};
const AGES = [5, 15, 25, 50, 200, 800];

/** [tenant, personal, age in days, rows] */
function plan(): [string, boolean, number, number][] {
  const out: [string, boolean, number, number][] = [];
  for (const tenant of Object.keys(KEPT))
    for (const personal of [false, true])
      for (const age of AGES)
        out.push([tenant, personal, age, tenant === 'hanam' && personal && age === 15 ? 25 : 3]);
  out.push(['suwon', false, 120, 4], ['suwon', true, 120, 2]); // the only rows of 2031-02
  out.push(['goyang', false, 4000, 1]); // older than any partition: stays in DEFAULT
  return out;
}

function readingsOf(p: [string, boolean, number, number][]): Reading[] {
  return p.flatMap(([tenant, personal, age, n]) =>
    Array.from({ length: n }, (_, i) => ({
      tenant,
      personal,
      entityId: `urn:e:${tenant}:${i}`,
      attr: ATTR('pm10'),
      value: age,
      createdAt: ago(age),
    })),
  );
}

async function remaining(db: Db): Promise<Map<string, number>> {
  const r = await db.query<{ tenant: string; personal: boolean; age: number; n: number }>(
    `SELECT tenant, personal, num::int AS age, count(*)::int AS n FROM temporal_instances
     WHERE created_at < '2031-07-01' GROUP BY 1, 2, 3`,
  );
  return new Map(r.rows.map((x) => [`${x.tenant}/${x.personal}/${x.age}`, x.n]));
}

for (const backend of await backends()) {
  describe(`retention on ${backend.name}`, { skip: backend.skip }, () => {
    it('deletes exactly the expired rows per tenant and class, and drops old partitions', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        await setRetention(db, 'hanam', { default: 100, personal: 10 });
        await db.query(
          `INSERT INTO retention_policies (tenant, data_class, days) VALUES ('suwon', 'default', 20)`,
        );
        await insertReadings(db, readingsOf(plan()));
        await ensurePartitions(db, NOW);
        const parts = await listPartitions(db);
        for (const p of [
          'temporal_instances_y2029m04',
          'temporal_instances_y2031m02',
          'temporal_instances_y2031m05',
        ])
          assert.ok(parts.includes(p), `${p} missing`);
        await db.query(
          `INSERT INTO timeseries_rollups (tenant, entity_id, attr, resolution, bucket, count, sum, min, max, last, last_at)
           SELECT 'hanam', 'urn:e:r', 'a', r, b::timestamptz, 1, 1, 1, 1, 1, b::timestamptz
           FROM (VALUES ('1m', $1), ('1m', $2), ('1h', $3), ('1h', $4)) AS v(r, b)`,
          [ago(91), ago(89), ago(6 * 365), ago(4 * 365)],
        );

        const report = await applyRetention(db, NOW, { batchSize: 10 });

        assert.equal(report.skipped, false);
        assert.deepEqual(report.deleted, [
          { tenant: 'goyang', dataClass: 'default', rows: 1 },
          { tenant: 'goyang', dataClass: 'personal', rows: 6 },
          { tenant: 'hanam', dataClass: 'default', rows: 3 },
          { tenant: 'hanam', dataClass: 'personal', rows: 34 },
          { tenant: 'suwon', dataClass: 'default', rows: 13 },
          { tenant: 'suwon', dataClass: 'personal', rows: 11 },
        ]);
        // 2029-04 is past the longest retention; 2031-02 was emptied by the deletes, as were the
        // (empty) months the migration created around the real date
        const real = new Date((await db.query<{ now: string }>('SELECT now() AS now')).rows[0]!.now);
        const migrationMonths = [0, 1, 2].map((i) => monthOf(real, i).name);
        assert.deepEqual(
          [...report.droppedPartitions].sort(),
          ['temporal_instances_y2029m04', 'temporal_instances_y2031m02', ...migrationMonths].sort(),
        );
        assert.deepEqual(report.rollupsDeleted, { '1m': 1, '1h': 1 });

        // every surviving row is within its retention, every expired row is gone
        const left = await remaining(db);
        for (const [tenant, personal, age, n] of plan()) {
          const days = KEPT[tenant]![personal ? 'personal' : 'default'];
          const expected = age > days ? 0 : n;
          assert.equal(
            left.get(`${tenant}/${personal}/${age}`) ?? 0,
            expected,
            `${tenant} ${personal} ${age}d`,
          );
        }
        const partsAfter = await listPartitions(db);
        assert.ok(!partsAfter.includes('temporal_instances_y2029m04'));
        assert.ok(!partsAfter.includes('temporal_instances_y2031m02'));
        assert.ok(partsAfter.includes('temporal_instances_default'));
        const rollups = await db.query<{ resolution: string; n: number }>(
          `SELECT resolution, count(*)::int AS n FROM timeseries_rollups GROUP BY 1 ORDER BY 1`,
        );
        assert.deepEqual(rollups.rows, [
          { resolution: '1h', n: 1 },
          { resolution: '1m', n: 1 },
        ]);

        // nothing left to do
        const again = await applyRetention(db, NOW, { batchSize: 10 });
        assert.deepEqual(
          [again.deleted, again.droppedPartitions, again.rollupsDeleted],
          [[], [], { '1m': 0, '1h': 0 }],
        );
      } finally {
        await db.close();
      }
    });

    it('stops after maxBatches and continues on the next call', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        await insertReadings(db, readingsOf([['hanam', true, 40, 23]]));
        const first = await applyRetention(db, NOW, { batchSize: 5, maxBatches: 2 });
        assert.deepEqual(first.deleted, [{ tenant: 'hanam', dataClass: 'personal', rows: 10 }]);
        const second = await applyRetention(db, NOW, { batchSize: 5 });
        assert.deepEqual(second.deleted, [{ tenant: 'hanam', dataClass: 'personal', rows: 13 }]);
      } finally {
        await db.close();
      }
    });

    it('runs in one process at a time (lease), taking over an expired lease', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        await insertReadings(db, readingsOf([['hanam', true, 40, 3]]));
        await db.query(
          `INSERT INTO timeseries_leases (name, holder, until) VALUES ('retention', 'other', clock_timestamp() + interval '1 minute')`,
        );
        const held = await applyRetention(db, NOW);
        assert.deepEqual([held.skipped, held.deleted], [true, []]);
        await db.query(`UPDATE timeseries_leases SET until = clock_timestamp() - interval '1 second'`);
        const taken = await applyRetention(db, NOW);
        assert.deepEqual(
          [taken.skipped, taken.deleted],
          [false, [{ tenant: 'hanam', dataClass: 'personal', rows: 3 }]],
        );
        const leases = await db.query('SELECT * FROM timeseries_leases');
        assert.equal(leases.rowCount, 0); // released
        await insertReadings(db, readingsOf([['hanam', true, 40, 4]]));
        const [a, b] = await Promise.all([applyRetention(db, NOW), applyRetention(db, NOW)]);
        const rows = [...a.deleted, ...b.deleted].reduce((s, c) => s + c.rows, 0);
        assert.equal(rows, 4);
      } finally {
        await db.close();
      }
    });

    it('stores validated policies with defaults filled in', async () => {
      const db = await backend.open();
      try {
        await migrateAll(db);
        assert.deepEqual(await getRetention(db, 'hanam'), { default: 730, personal: 30 });
        await setRetention(db, 'hanam', { default: 365, personal: 7 });
        await setRetention(db, 'hanam', { default: 366, personal: 8 });
        assert.deepEqual(await getRetention(db, 'hanam'), { default: 366, personal: 8 });
        assert.deepEqual(await getRetention(db, 'goyang'), { default: 730, personal: 30 });
        assert.throws(() => validateRetention({ default: 10, personal: 11 }), /personal ≤ default/);
        assert.throws(() => validateRetention({ default: 0, personal: 0 }), /from 1 to 3650/);
        assert.throws(
          () => validateRetention({ default: 3651, personal: 1.5 }),
          /default must.*personal must/,
        );
      } finally {
        await db.close();
      }
    });
  });
}
