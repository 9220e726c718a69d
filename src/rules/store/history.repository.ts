// Reads stored attribute history (temporal_instances, written by the context store and ingestion)
// for dry-runs. Read-only; scoped by tenant = $1; the time of an instance is observedAt when it has
// one, else when it was written.
import type { Queryable } from '../../storage/index.ts';

export interface HistoryRow {
  entityId: string;
  entityTypes: string[];
  /** Expanded attribute IRI. */
  attr: string;
  at: string;
  instance: { type?: string; value?: unknown; object?: unknown };
}

export interface HistoryQuery {
  tenant: string;
  from: string;
  to: string;
  /** Expanded attribute IRIs; undefined = every attribute. */
  attrs: string[] | undefined;
  entityIds: string[] | undefined;
  /** Expanded entity type. */
  entityType: string | undefined;
  limit: number;
}

export async function readHistory(q: Queryable, h: HistoryQuery): Promise<HistoryRow[]> {
  const where = [
    'tenant = $1',
    'NOT deleted',
    'COALESCE(observed_at, modified_at) >= $2',
    'COALESCE(observed_at, modified_at) < $3',
    'dataset_id IS NULL',
  ];
  const params: unknown[] = [h.tenant, h.from, h.to];
  if (h.attrs) {
    params.push(h.attrs);
    where.push(`attr = ANY($${params.length}::text[])`);
  }
  if (h.entityIds) {
    params.push(h.entityIds);
    where.push(`entity_id = ANY($${params.length}::text[])`);
  }
  if (h.entityType) {
    params.push([h.entityType]);
    where.push(`entity_types @> $${params.length}::text[]`);
  }
  params.push(h.limit);
  const r = await q.query<{
    entity_id: string;
    entity_types: string[];
    attr: string;
    at: Date | string;
    instance: HistoryRow['instance'];
  }>(
    `SELECT entity_id, entity_types, attr, COALESCE(observed_at, modified_at) AS at, instance
     FROM temporal_instances WHERE ${where.join(' AND ')}
     ORDER BY COALESCE(observed_at, modified_at), instance_id LIMIT $${params.length}`,
    params,
  );
  return r.rows.map((x) => ({
    entityId: x.entity_id,
    entityTypes: x.entity_types,
    attr: x.attr,
    at: new Date(x.at).toISOString(),
    instance: x.instance,
  }));
}
