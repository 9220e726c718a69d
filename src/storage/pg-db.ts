// One Db implementation over a node-postgres Pool; used by both the embedded and the server adapter.
import pg from 'pg';
import type { Db, QueryResult, Queryable } from './db.ts';

// int8 (counts, bigserial) as number: values stay below 2^53 in dosi.
pg.types.setTypeParser(20, (v) => Number(v));
// timestamptz stays an ISO string, formatted by our SQL or converted by callers.
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());

export function poolDb(
  pool: pg.Pool,
  kind: Db['kind'],
  onClose: () => Promise<void> = async () => undefined,
): Db {
  const run = async <R>(
    c: pg.Pool | pg.PoolClient,
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>> => {
    const res = await c.query(sql, params as unknown[] | undefined);
    return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
  };
  return {
    kind,
    query: (sql, params) => run(pool, sql, params),
    async tx(fn) {
      const client = await pool.connect();
      const q: Queryable = { query: (sql, params) => run(client, sql, params) };
      try {
        await client.query('BEGIN');
        const out = await fn(q);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async ping() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await pool.end();
      await onClose();
    },
  };
}
