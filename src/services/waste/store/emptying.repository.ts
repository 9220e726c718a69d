// SQL of emptying events (waste_emptyings): detected from a fill drop or reported by a truck.
import type { Queryable } from '../../../storage/index.ts';
import type { Emptying } from '../domain/types.ts';

export interface EmptyingRow extends Emptying {
  reportedBy: string | null;
}

/** Idempotent: the same bin emptied at the same instant is one event (bus redeliveries). */
export async function insertEmptying(
  q: Queryable,
  tenant: string,
  entityId: string,
  e: Emptying,
  reportedBy: string | null,
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO waste_emptyings (tenant, entity_id, at, fill_before, fill_after, source, reported_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [tenant, entityId, e.at, e.fillBefore, e.fillAfter, e.source, reportedBy],
  );
  return r.rowCount > 0;
}

export async function listEmptyings(
  q: Queryable,
  tenant: string,
  entityId: string,
  limit: number,
): Promise<EmptyingRow[]> {
  const r = await q.query<{
    at: Date | string;
    fill_before: number | null;
    fill_after: number | null;
    source: 'sensor' | 'report';
    reported_by: string | null;
  }>(
    `SELECT at, fill_before, fill_after, source, reported_by FROM waste_emptyings
     WHERE tenant = $1 AND entity_id = $2 ORDER BY at DESC LIMIT $3`,
    [tenant, entityId, limit],
  );
  return r.rows.map((x) => ({
    at: new Date(x.at).toISOString(),
    fillBefore: x.fill_before === null ? null : Number(x.fill_before),
    fillAfter: x.fill_after === null ? null : Number(x.fill_after),
    source: x.source,
    reportedBy: x.reported_by,
  }));
}

/** Collections in [from, to): count, bins, and the mean fill at collection where it is known. */
export async function collectionStats(q: Queryable, tenant: string, from: string, to: string) {
  const r = await q.query<{ n: string; bins: string; avg: number | null }>(
    `SELECT count(*) AS n, count(DISTINCT entity_id) AS bins, avg(fill_before) AS avg FROM waste_emptyings
     WHERE tenant = $1 AND at >= $2 AND at < $3`,
    [tenant, from, to],
  );
  const row = r.rows[0];
  return {
    collections: Number(row?.n ?? 0),
    binsCollected: Number(row?.bins ?? 0),
    avgFillAtCollection: row?.avg === null || row?.avg === undefined ? null : Number(row.avg),
  };
}
