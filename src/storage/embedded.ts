// Embedded PostgreSQL (PGlite, PostgreSQL in WebAssembly) for `npm start` and tests.
//
// PGlite is one database session, so the adapter keeps one node-postgres client (pglite-client.ts)
// and runs every statement and every transaction one after the other through a queue: a
// transaction holds the session from BEGIN to COMMIT/ROLLBACK and nothing else runs inside it.
// A failed statement leaves the session usable (node-postgres waits for the backend's
// ReadyForQuery after the error), and the session is never handed on with a transaction open.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Db, Queryable } from './db.ts';
import { runQuery } from './pg-db.ts';
import { connectPglite } from './pglite-client.ts';

export interface EmbeddedOptions {
  /** Directory of the database files; undefined = in memory. */
  dataDir?: string | undefined;
}

export async function openEmbeddedDb(opts: EmbeddedOptions = {}): Promise<Db & { pglite: PGlite }> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const pglite = opts.dataDir ? new PGlite(opts.dataDir) : new PGlite();
  await pglite.waitReady;
  await pglite.exec(`SET TIME ZONE 'UTC'`);
  const db = sessionDb(pglite);
  await db.query('SELECT 1'); // connect now, so a broken database fails at open like the server adapter
  return Object.assign(db, { pglite });
}

function sessionDb(pglite: PGlite): Db {
  let client: pg.Client | undefined;
  let clientDead = false;
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;
  let closing: Promise<void> | undefined;

  /** The live client; a client that hit a fatal error (not an SQL error) is replaced. */
  async function session(): Promise<pg.Client> {
    if (client && !clientDead) return client;
    if (client) {
      const old = client;
      client = undefined;
      await old.end().catch(() => undefined);
    }
    const c = await connectPglite(pglite);
    clientDead = false;
    c.on('error', () => {
      if (client === c) clientDead = true;
    });
    client = c;
    // The lost client may have died inside a transaction; the shared session must not keep it.
    if (pglite.isInTransaction()) await c.query('ROLLBACK');
    return c;
  }

  /** Runs fn alone on the session, after everything queued before it. */
  function exclusive<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new Error('the embedded database is closed'));
    const run = tail.then(async () => fn(await session()));
    tail = run.catch(() => undefined);
    return run;
  }

  return {
    kind: 'embedded',
    query: (sql, params) => exclusive((c) => runQuery(c, sql, params)),
    tx(fn) {
      return exclusive(async (c) => {
        let open = true;
        // A Queryable kept past its transaction would run statements in whatever holds the session then.
        const q: Queryable = {
          query: (sql, params) =>
            open
              ? runQuery(c, sql, params)
              : Promise.reject(new Error('query on a transaction that has already ended')),
        };
        try {
          await c.query('BEGIN');
          const out = await fn(q);
          await c.query('COMMIT');
          return out;
        } catch (err) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          open = false;
          // Also covers a ROLLBACK that failed and SQL in fn that began a block of its own.
          if (!clientDead && pglite.isInTransaction()) await c.query('ROLLBACK').catch(() => undefined);
        }
      });
    },
    async ping() {
      try {
        await exclusive((c) => c.query('SELECT 1'));
        return true;
      } catch {
        return false;
      }
    },
    close() {
      closing ??= (async () => {
        closed = true; // new work is refused; work already queued still runs
        await tail;
        if (client) await client.end().catch(() => undefined);
        client = undefined;
        await pglite.close();
      })();
      return closing;
    },
  };
}
