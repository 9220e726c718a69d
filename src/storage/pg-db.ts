// The Db implementation over a node-postgres Pool (the server adapter), and the type parsing that
// both adapters share: the embedded one (embedded.ts) runs its node-postgres client through runQuery.
import pg from 'pg';
import type { Db, QueryResult, Queryable } from './db.ts';

// int8 (counts, bigserial) as number: values stay below 2^53 in dosi.
pg.types.setTypeParser(20, (v) => Number(v));
// timestamptz stays an ISO string, formatted by our SQL or converted by callers.
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());

/** One statement through node-postgres, shaped as the port's QueryResult (types parsed as set above). */
export async function runQuery<R>(
  c: pg.Pool | pg.ClientBase,
  sql: string,
  params?: readonly unknown[],
): Promise<QueryResult<R>> {
  const res = await c.query(sql, params as unknown[] | undefined);
  return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
}

export function poolDb(
  pool: pg.Pool,
  kind: Db['kind'],
  onClose: () => Promise<void> = async () => undefined,
): Db {
  return {
    kind,
    query: (sql, params) => runQuery(pool, sql, params),
    async tx(fn) {
      const client = await pool.connect();
      // A checked-out client that loses its connection emits 'error'; unheard, that would end the
      // process. It is noted instead, and the client is destroyed on release.
      let broken: Error | undefined;
      const onError = (err: Error) => (broken = err);
      client.on('error', onError);
      const q: Queryable = { query: (sql, params) => runQuery(client, sql, params) };
      try {
        await client.query('BEGIN');
        const out = await fn(q);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: unknown) => (broken ??= e as Error));
        throw err;
      } finally {
        client.off('error', onError);
        client.release(broken);
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
