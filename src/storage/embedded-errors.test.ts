// A failed statement must leave the database usable and correct, on both engines: errors with and
// without parameters, inside and outside transactions. And the embedded engine must return rows of
// exactly the same types and shapes as the PostgreSQL server adapter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backends } from '../../test/helpers/backends.ts';
import { openEmbeddedDb } from './adapters.ts';
import type { Db } from './db.ts';

const all = await backends();
const server = all.find((b) => b.name === 'postgres')!;

async function withTable<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  await db.query('CREATE TABLE t (id int PRIMARY KEY, note text)');
  return fn();
}

const count = async (db: Db): Promise<unknown> =>
  (await db.query<{ n: unknown }>('SELECT count(*) AS n FROM t')).rows[0]?.n;

for (const backend of all) {
  describe(`a failed statement leaves the database usable on ${backend.name}`, { skip: backend.skip }, () => {
    it('a parameterised statement that fails outside a transaction; later queries are correct', async () => {
      const db = await backend.open();
      try {
        await withTable(db, async () => {
          await db.query('INSERT INTO t VALUES ($1, $2)', [1, 'one']);
          for (let round = 0; round < 5; round++) {
            await assert.rejects(db.query('INSERT INTO t VALUES ($1, $2)', [1, 'again']), {
              code: '23505',
            });
            assert.equal(await count(db), 1);
            const r = await db.query('SELECT id, note FROM t WHERE id = $1', [1]);
            assert.deepEqual(r, { rows: [{ id: 1, note: 'one' }], rowCount: 1 });
          }
          await db.query('INSERT INTO t VALUES ($1, $2)', [2, 'two']);
          assert.equal(await count(db), 2);
        });
      } finally {
        await db.close();
      }
    });

    it('every kind of failure: syntax, bad input, parameter count, client-side value error, multi-statement', async () => {
      const db = await backend.open();
      try {
        await withTable(db, async () => {
          await db.query('INSERT INTO t VALUES ($1, $2)', [1, 'one']);
          const circular: Record<string, unknown> = {};
          circular.self = circular;
          const failures: [string, unknown[] | undefined][] = [
            ['SELEC $1', [1]],
            ['SELECT $1::int', ['not a number']],
            ['SELECT $1::int, $2::int', [1]],
            ['SELECT 1 / $1::int', [0]],
            ['SELECT $1::jsonb', [circular]], // JSON.stringify throws before anything is sent
            [
              'SELECT $1::text',
              [
                {
                  toPostgres() {
                    throw new Error('cannot serialise');
                  },
                },
              ],
            ],
            ['INSERT INTO t VALUES (5, $$five$$); INSERT INTO t VALUES (1, $$dup$$)', undefined],
            ['SELECT * FROM missing_table WHERE id = $1', [1]],
          ];
          for (const [sql, params] of failures) {
            await assert.rejects(db.query(sql, params), Error, sql);
            const r = await db.query<{ id: number; n: number }>(
              'SELECT $1::int AS id, count(*)::int AS n FROM t',
              [7],
            );
            assert.deepEqual(r.rows, [{ id: 7, n: 1 }], `after: ${sql}`);
          }
          assert.equal(await db.ping(), true);
        });
      } finally {
        await db.close();
      }
    });

    it('a failing statement inside db.tx rolls back that transaction only', async () => {
      const db = await backend.open();
      try {
        await withTable(db, async () => {
          await db.tx(async (q) => {
            await q.query('INSERT INTO t VALUES ($1, $2)', [1, 'a']);
          });
          const failed = db.tx(async (q) => {
            await q.query('INSERT INTO t VALUES ($1, $2)', [2, 'b']);
            await q.query('INSERT INTO t VALUES ($1, $2)', [1, 'duplicate']);
            return 'unreachable';
          });
          // queued behind (embedded) or beside (server) the failing one
          const next = db.tx(async (q) => {
            await q.query('INSERT INTO t VALUES ($1, $2)', [3, 'c']);
            return (await q.query<{ id: number }>('SELECT id FROM t WHERE id = $1', [3])).rows;
          });
          await assert.rejects(failed, { code: '23505' });
          assert.deepEqual(await next, [{ id: 3 }]);
          const rows = await db.query<{ id: number; note: string }>('SELECT id, note FROM t ORDER BY id');
          assert.deepEqual(rows.rows, [
            { id: 1, note: 'a' },
            { id: 3, note: 'c' },
          ]);
          // an error thrown by the callback itself rolls back too
          await assert.rejects(
            db.tx(async (q) => {
              await q.query('INSERT INTO t VALUES ($1, $2)', [4, 'd']);
              throw new Error('changed my mind');
            }),
            /changed my mind/,
          );
          assert.equal(await count(db), 2);
          // a transaction right after still commits
          await db.tx(async (q) => q.query('INSERT INTO t VALUES ($1, $2)', [5, 'e']));
          assert.equal(await count(db), 3);
        });
      } finally {
        await db.close();
      }
    });

    it('a statement outside the transaction never sees it half done', async () => {
      const db = await backend.open();
      try {
        await withTable(db, async () => {
          let outside: Promise<unknown> | undefined;
          await db.tx(async (q) => {
            await q.query('INSERT INTO t VALUES ($1, $2)', [1, 'a']);
            outside = count(db); // not awaited: awaiting it here would wait for this very transaction
            await q.query('INSERT INTO t VALUES ($1, $2)', [2, 'b']);
          });
          const seen = await outside;
          if (backend.name === 'pglite') assert.equal(seen, 2);
          else assert.ok(seen === 0 || seen === 2, `saw ${String(seen)}`);
        });
      } finally {
        await db.close();
      }
    });
  });
}

describe('embedded engine specifics', () => {
  it('a Queryable used after its transaction ended is refused', async () => {
    const db = await openEmbeddedDb();
    try {
      let kept: { query: Db['query'] } | undefined;
      await db.tx(async (q) => {
        kept = q;
        await q.query('SELECT 1');
      });
      await assert.rejects(kept!.query('SELECT 1'), /already ended/);
      assert.equal(db.pglite.isInTransaction(), false);
      assert.deepEqual((await db.query('SELECT 2 AS two')).rows, [{ two: 2 }]);
    } finally {
      await db.close();
    }
  });

  it('a transaction left open by SQL inside db.tx is not handed on', async () => {
    const db = await openEmbeddedDb();
    try {
      await db.query('CREATE TABLE t (id int PRIMARY KEY)');
      await assert.rejects(
        db.tx(async (q) => {
          await q.query('COMMIT'); // ends the adapter's transaction ...
          await q.query('BEGIN'); // ... and opens one of its own
          await q.query('INSERT INTO t VALUES ($1)', [1]);
          throw new Error('stop');
        }),
        /stop/,
      );
      assert.equal(db.pglite.isInTransaction(), false);
      assert.equal((await db.query('SELECT count(*)::int AS n FROM t')).rows[0]?.n, 0);
    } finally {
      await db.close();
    }
  });

  it('after close, queries are refused and ping is false; close is idempotent', async () => {
    const db = await openEmbeddedDb();
    const pending = db.query<{ n: number }>('SELECT 3 AS n');
    await db.close();
    assert.deepEqual((await pending).rows, [{ n: 3 }]); // queued before close: still answered
    await assert.rejects(db.query('SELECT 1'), /closed/);
    assert.equal(await db.ping(), false);
    await db.close();
  });
});

describe('embedded rows have the same types and shapes as the server', { skip: server.skip }, () => {
  const literalSql = `SELECT
      9007199254740991::int8 AS i8, 42::int4 AS i4, 7::int2 AS i2,
      12345678901234567890.125::numeric AS num,
      '2024-03-01T12:34:56.789+09:00'::timestamptz AS ts,
      '2024-03-01 12:34:56'::timestamp AS tsnaive, '2024-03-01'::date AS d,
      '\\xdeadbeef'::bytea AS bin,
      '{"a": [1, 2, {"b": null}], "k": "v"}'::jsonb AS jb, '{"x": 1.5}'::json AS js,
      ARRAY['a', 'b c', NULL, 'd"e']::text[] AS ta,
      true AS yes, false AS no, 1.5::float8 AS f8, 'NaN'::float8 AS nan, 0.25::float4 AS f4,
      NULL::text AS nul, NULL::int8 AS nul8,
      ARRAY[1, 2]::int8[] AS i8a, ARRAY[1.5, 2]::float8[] AS f8a,
      ARRAY['2024-01-01T00:00:00Z']::timestamptz[] AS tsa,
      'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'::uuid AS id,
      interval '1 day 02:03:04' AS iv, 'x'::char(3) AS ch`;
  const paramSql = `SELECT $1::int8 AS i8, $2::timestamptz AS ts, $3::bytea AS bin, $4::jsonb AS jb,
      $5::text[] AS ta, $6::float8[] AS f8a, $7::bool AS b, $8::numeric AS num, $9::text AS nul,
      $10::timestamptz[] AS tsa, $11::jsonb AS jarr`;
  const params = [
    123,
    new Date('2024-05-06T07:08:09.010Z'),
    Buffer.from([0, 1, 254, 255]),
    { k: ['v', 1, null], n: { deep: true } },
    ['x', 'y z', '"q"', ''],
    [1.25, -2, 1e300],
    true,
    '1.10',
    null,
    ['2024-01-01T00:00:00.000Z', '2024-06-30T23:59:59.999Z'],
    JSON.stringify([1, 'two']),
  ];

  async function both<R>(fn: (db: Db) => Promise<R>): Promise<[R, R]> {
    const embedded = await openEmbeddedDb();
    const srv = await server.open();
    try {
      return [await fn(embedded), await fn(srv)];
    } finally {
      await embedded.close();
      await srv.close();
    }
  }

  it('literal values of every common type', async () => {
    const [emb, srv] = await both((db) => db.query(literalSql));
    assert.deepStrictEqual(emb, srv);
    const row = emb.rows[0] as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(row), Object.keys(srv.rows[0] as object));
    // the shapes the rest of dosi relies on (set in pg-db.ts plus node-postgres defaults)
    assert.equal(row.i8, 9007199254740991);
    assert.equal(row.i4, 42);
    assert.equal(row.num, '12345678901234567890.125');
    assert.equal(row.ts, '2024-03-01T03:34:56.789Z');
    assert.ok(row.d instanceof Date);
    assert.ok(Buffer.isBuffer(row.bin));
    assert.equal(row.bin.toString('hex'), 'deadbeef');
    assert.deepStrictEqual(row.jb, { a: [1, 2, { b: null }], k: 'v' });
    assert.deepStrictEqual(row.js, { x: 1.5 });
    assert.deepStrictEqual(row.ta, ['a', 'b c', null, 'd"e']);
    assert.equal(row.yes, true);
    assert.equal(row.no, false);
    assert.equal(row.f8, 1.5);
    assert.ok(Number.isNaN(row.nan));
    assert.equal(row.nul, null);
    assert.equal(row.nul8, null);
    assert.deepStrictEqual(row.f8a, [1.5, 2]);
    assert.equal(row.id, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    assert.equal(row.ch, 'x  ');
  });

  it('parameters of every common JS type, round-tripped', async () => {
    const [emb, srv] = await both((db) => db.query(paramSql, params));
    assert.deepStrictEqual(emb, srv);
    assert.deepStrictEqual(emb.rows, [
      {
        i8: 123,
        ts: '2024-05-06T07:08:09.010Z',
        bin: Buffer.from([0, 1, 254, 255]),
        jb: { k: ['v', 1, null], n: { deep: true } },
        ta: ['x', 'y z', '"q"', ''],
        f8a: [1.25, -2, 1e300],
        b: true,
        num: '1.10',
        nul: null,
        tsa: (srv.rows[0] as { tsa: unknown }).tsa,
        jarr: [1, 'two'],
      },
    ]);
  });

  it('rowCount and empty results of writes and reads', async () => {
    const [emb, srv] = await both(async (db) => {
      await db.query('CREATE TABLE w (id int PRIMARY KEY, at timestamptz)');
      const ins = await db.query(
        'INSERT INTO w SELECT i, $2::timestamptz FROM unnest($1::int[]) AS u(i) RETURNING id, at',
        [[1, 2, 3], '2024-01-01T00:00:00Z'],
      );
      const upd = await db.query('UPDATE w SET at = at + interval $$1 hour$$ WHERE id > $1', [1]);
      const none = await db.query('SELECT * FROM w WHERE id < 0');
      const del = await db.query('DELETE FROM w WHERE id = $1', [99]);
      const ddl = await db.query('CREATE INDEX w_at ON w (at)');
      return { ins, upd, none, del, ddl };
    });
    assert.deepStrictEqual(emb, srv);
    assert.equal(emb.ins.rowCount, 3);
    assert.deepStrictEqual(emb.ins.rows[0], { id: 1, at: '2024-01-01T00:00:00.000Z' });
    assert.equal(emb.upd.rowCount, 2);
    assert.deepStrictEqual(emb.none, { rows: [], rowCount: 0 });
    assert.equal(emb.del.rowCount, 0);
  });
});
