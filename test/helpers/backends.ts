// The storage backends every contract suite runs against: embedded PGlite always, and the
// PostgreSQL server when reachable. With CI=true the server is mandatory: unreachable fails the run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openEmbeddedDb, openServerDb, dropServerSchema } from '../../src/storage/adapters.ts';
import type { Db } from '../../src/storage/index.ts';

export const PG_URL = process.env.DOSI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database (a new PGlite, or a new schema on the server). */
  open(): Promise<Db>;
  /** Reason to skip this backend, when it is not available outside CI. */
  skip: string | false;
}

async function serverReachable(): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await c.end().catch(() => undefined);
  }
}

let cached: Promise<Backend[]> | undefined;

export function backends(): Promise<Backend[]> {
  cached ??= (async () => {
    const problem = await serverReachable();
    if (problem && process.env.CI === 'true')
      throw new Error(`CI=true but PostgreSQL at ${PG_URL} is unreachable: ${problem}`);
    const schemas: string[] = [];
    process.once('beforeExit', () => {
      void Promise.all(schemas.map((s) => dropServerSchema(PG_URL, s).catch(() => undefined)));
    });
    return [
      { name: 'pglite', skip: false, open: () => openEmbeddedDb() },
      {
        name: 'postgres',
        skip: problem ? `PostgreSQL at ${PG_URL} unreachable (${problem}); set DOSI_TEST_PG_URL` : false,
        async open() {
          const schema = `t_${randomBytes(6).toString('hex')}`;
          schemas.push(schema);
          const db = await openServerDb({ url: PG_URL, schema, poolSize: 5 });
          const close = db.close.bind(db);
          return Object.assign(db, {
            async close() {
              await close();
              await dropServerSchema(PG_URL, schema);
            },
          });
        },
      },
    ];
  })();
  return cached;
}
