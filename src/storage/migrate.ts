// Forward-only migrations, owned by the modules that use the tables and collected by server.ts.
// One advisory lock makes concurrent starts (several dosi processes) safe.
import type { Db } from './db.ts';

export interface Migration {
  /** Sortable unique id, e.g. '0001_identity'. */
  id: string;
  sql: string;
}

const LOCK_KEY = 7_362_104; // arbitrary constant shared by all dosi processes

export async function migrate(db: Db, migrations: readonly Migration[]): Promise<string[]> {
  const sorted = [...migrations].sort((a, b) => a.id.localeCompare(b.id));
  const ids = new Set<string>();
  for (const m of sorted) {
    if (ids.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    ids.add(m.id);
  }
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await q.query(
      'CREATE TABLE IF NOT EXISTS dosi_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await q.query<{ id: string }>('SELECT id FROM dosi_migrations')).rows.map((r) => r.id),
    );
    const applied: string[] = [];
    for (const m of sorted) {
      if (done.has(m.id)) continue;
      await q.query(m.sql);
      await q.query('INSERT INTO dosi_migrations (id) VALUES ($1)', [m.id]);
      applied.push(m.id);
    }
    return applied;
  });
}
