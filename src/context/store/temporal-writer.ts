// Every attribute write is kept as a temporal instance (NGSI-LD 1.8 §4.5.9, temporal representation).
import type { Queryable } from '../../storage/index.ts';
import type { StoredInstance } from '../model.ts';

export interface TemporalWrite {
  attr: string;
  instance: StoredInstance;
  /** An attribute deletion is recorded too, so history shows when a value stopped. */
  deleted?: boolean;
}

export async function recordTemporal(
  q: Queryable,
  tenant: string,
  entityId: string,
  types: readonly string[],
  writes: readonly TemporalWrite[],
  now: string,
): Promise<void> {
  if (writes.length === 0) return;
  const attrs: string[] = [];
  const datasets: (string | null)[] = [];
  const observed: (string | null)[] = [];
  const deleted: boolean[] = [];
  const bodies: string[] = [];
  for (const w of writes) {
    attrs.push(w.attr);
    datasets.push(w.instance.datasetId ?? null);
    observed.push(w.instance.observedAt ?? null);
    deleted.push(w.deleted ?? false);
    bodies.push(JSON.stringify(w.instance));
  }
  await q.query(
    `INSERT INTO temporal_instances (tenant, entity_id, entity_types, attr, dataset_id, observed_at, created_at, modified_at, deleted, instance, num)
     SELECT $1, $2, $3, a, d, o, $4, $4, x, b::jsonb,
            CASE jsonb_typeof(b::jsonb -> 'value') WHEN 'number' THEN (b::jsonb ->> 'value')::float8
              WHEN 'boolean' THEN CASE WHEN (b::jsonb ->> 'value')::boolean THEN 1.0 ELSE 0.0 END END
     FROM unnest($5::text[], $6::text[], $7::timestamptz[], $8::boolean[], $9::text[]) AS u(a, d, o, x, b)`,
    [tenant, entityId, [...types], now, attrs, datasets, observed, deleted, bodies],
  );
}
