// PostgreSQL server adapter. `schema` confines dosi to one schema (tests use one per file).
import pg from 'pg';
import type { Db } from './db.ts';
import { poolDb } from './pg-db.ts';

export interface ServerDbOptions {
  url: string;
  poolSize?: number;
  schema?: string;
}

export async function openServerDb(opts: ServerDbOptions): Promise<Db> {
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema))
    throw new Error(`bad schema name ${opts.schema}`);
  if (opts.schema) {
    const admin = new pg.Client({ connectionString: opts.url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    ...(opts.schema
      ? { options: `-c search_path=${opts.schema} -c TimeZone=UTC` }
      : { options: '-c TimeZone=UTC' }),
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = poolDb(pool, 'server');
  await db.query('SELECT 1');
  return db;
}

export async function dropServerSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.end();
  }
}
