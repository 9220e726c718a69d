// The jsonldContexts store in the database, so every dosi process sees the same user contexts.
import type { Db } from '../../storage/index.ts';
import type { ContextKind, ContextStore, StoredContext } from '../jsonld/index.ts';

interface Row {
  id: string;
  body: unknown;
  kind: ContextKind;
  created_at: string;
}

const toStored = (r: Row): StoredContext => ({
  id: r.id,
  body: r.body,
  kind: r.kind,
  createdAt: r.created_at,
});

export function createDbContextStore(db: Db): ContextStore {
  return {
    async put(id, body, kind) {
      await db.query(
        `INSERT INTO jsonld_contexts (id, body, kind) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, kind = EXCLUDED.kind`,
        [id, JSON.stringify(body), kind],
      );
    },
    async get(id) {
      const r = await db.query<Row>('SELECT id, body, kind, created_at FROM jsonld_contexts WHERE id = $1', [
        id,
      ]);
      return r.rows[0] ? toStored(r.rows[0]) : undefined;
    },
    async list() {
      return (
        await db.query<Row>('SELECT id, body, kind, created_at FROM jsonld_contexts ORDER BY created_at, id')
      ).rows.map(toStored);
    },
    async delete(id) {
      return (await db.query('DELETE FROM jsonld_contexts WHERE id = $1', [id])).rowCount > 0;
    },
  };
}
