// The Db port contract: every backend must pass the same suite (PGlite and the PostgreSQL server).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from './helpers/backends.ts';
import { migrate, type Db } from '../src/storage/index.ts';
import { allMigrations } from '../src/server.ts';

for (const backend of await backends()) {
  describe(`storage contract on ${backend.name}`, { skip: backend.skip }, () => {
    let db: Db;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db?.close();
    });

    test('migrations apply once and are idempotent', async () => {
      const first = await migrate(db, allMigrations);
      assert.equal(first.length, allMigrations.length);
      assert.deepEqual(await migrate(db, allMigrations), []);
      const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dosi_migrations');
      assert.equal(r.rows[0]?.n, allMigrations.length);
    });

    test('a failing transaction rolls back entirely', async () => {
      await db.query('CREATE TABLE kv (k text PRIMARY KEY, v int)');
      await assert.rejects(
        db.tx(async (q) => {
          await q.query('INSERT INTO kv VALUES ($1, $2)', ['a', 1]);
          await q.query('INSERT INTO kv VALUES ($1, $2)', ['a', 2]);
        }),
        /duplicate key/,
      );
      assert.equal((await db.query('SELECT * FROM kv')).rowCount, 0);
      await db.tx(async (q) => q.query('INSERT INTO kv VALUES ($1, $2)', ['b', 2]));
      assert.deepEqual((await db.query('SELECT k, v FROM kv')).rows, [{ k: 'b', v: 2 }]);
    });

    test('types come back the same: int8 as number, timestamptz as ISO string, jsonb, arrays', async () => {
      const r = await db.query<Record<string, unknown>>(
        `SELECT 42::int8 AS big, '2026-11-22T01:02:03.456Z'::timestamptz AS at, '{"a":[1,"두"]}'::jsonb AS j, ARRAY['x','y']::text[] AS arr, 1.5::float8 AS f`,
      );
      assert.deepEqual(r.rows[0], {
        big: 42,
        at: '2026-11-22T01:02:03.456Z',
        j: { a: [1, '두'] },
        arr: ['x', 'y'],
        f: 1.5,
      });
    });

    test('SQL/JSON path with variables behaves identically', async () => {
      const r = await db.query<{ m: boolean }>(
        `SELECT jsonb_path_exists($1::jsonb, $2::jsonpath, $3::jsonb) AS m`,
        [
          JSON.stringify({ t: [{ value: 21.5 }, { value: 'x' }] }),
          '$."t"[*] ? (@.value > $v1)',
          JSON.stringify({ v1: 20 }),
        ],
      );
      assert.equal(r.rows[0]?.m, true);
    });

    test('ping answers', async () => {
      assert.equal(await db.ping(), true);
    });
  });
}
