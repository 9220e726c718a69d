// Embedded PostgreSQL (PGlite, PostgreSQL in WebAssembly) for `npm start` and tests.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import type { Db } from './db.ts';
import { poolDb } from './pg-db.ts';

export interface EmbeddedOptions {
  /** Directory of the database files; undefined = in memory. */
  dataDir?: string | undefined;
}

export async function openEmbeddedDb(opts: EmbeddedOptions = {}): Promise<Db & { pglite: PGlite }> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const pglite = opts.dataDir ? new PGlite(opts.dataDir) : new PGlite();
  await pglite.waitReady;
  await pglite.exec(`SET TIME ZONE 'UTC'`);
  const pool = new pg.Pool({ ...(createPgConfig(pglite) as pg.PoolConfig), max: 1 });
  const db = poolDb(pool, 'embedded', () => pglite.close());
  return Object.assign(db, { pglite });
}
