// Shared set-up of the time-series tests: a database with the tables this module builds on, and a
// fast way to write readings the way an ingestion writer does (multi-row INSERT with num filled).
import { contextMigrations } from '../context/index.ts';
import { temporalMigrations } from '../context/temporal/index.ts';
import { migrate, type Db, type Migration, type Queryable } from '../storage/index.ts';
import { timeseriesMigrations } from './migrations.ts';

/** The migrations temporal_instances had before this module. */
export const BASE_MIGRATIONS: readonly Migration[] = [...contextMigrations, ...temporalMigrations];

export async function migrateAll(db: Db): Promise<void> {
  await migrate(db, [...BASE_MIGRATIONS, ...timeseriesMigrations]);
}

export interface Reading {
  tenant?: string;
  entityId: string;
  attr: string;
  value: unknown;
  observedAt?: string | null;
  createdAt: string;
  personal?: boolean;
  deleted?: boolean;
  msgId?: string;
}

export const ATTR = (short: string) => `https://uri.etsi.org/ngsi-ld/default-context/${short}`;

/** One INSERT for all readings; num is set when the value is a finite number. */
export async function insertReadings(q: Queryable, readings: readonly Reading[]): Promise<void> {
  const cols = {
    tenant: [] as string[],
    entity: [] as string[],
    attr: [] as string[],
    observed: [] as (string | null)[],
    created: [] as string[],
    deleted: [] as boolean[],
    body: [] as string[],
    personal: [] as boolean[],
    msg: [] as (string | null)[],
    num: [] as (number | null)[],
  };
  for (const r of readings) {
    cols.tenant.push(r.tenant ?? 'hanam');
    cols.entity.push(r.entityId);
    cols.attr.push(r.attr);
    cols.observed.push(r.observedAt ?? null);
    cols.created.push(r.createdAt);
    cols.deleted.push(r.deleted ?? false);
    cols.body.push(
      JSON.stringify({
        type: 'Property',
        value: r.value,
        ...(r.observedAt ? { observedAt: r.observedAt } : {}),
      }),
    );
    cols.personal.push(r.personal ?? false);
    cols.msg.push(r.msgId ?? null);
    cols.num.push(typeof r.value === 'number' && Number.isFinite(r.value) ? r.value : null);
  }
  await q.query(
    `INSERT INTO temporal_instances (tenant, entity_id, entity_types, attr, observed_at, created_at, modified_at,
       deleted, instance, personal, msg_id, num)
     SELECT t, e, ARRAY['https://uri.etsi.org/ngsi-ld/default-context/Sensor'], a, o, c, c, d, b::jsonb, p, m, n
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::boolean[],
                 $7::text[], $8::boolean[], $9::text[], $10::float8[]) AS u(t, e, a, o, c, d, b, p, m, n)`,
    [
      cols.tenant,
      cols.entity,
      cols.attr,
      cols.observed,
      cols.created,
      cols.deleted,
      cols.body,
      cols.personal,
      cols.msg,
      cols.num,
    ],
  );
}

/** Partition of each row, schema prefix removed: partition name → row count. */
export async function rowsByPartition(q: Queryable, where = 'true'): Promise<Record<string, number>> {
  const r = await q.query<{ p: string; n: number }>(
    `SELECT tableoid::regclass::text AS p, count(*)::int AS n FROM temporal_instances WHERE ${where} GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(r.rows.map((x) => [x.p.replace(/^.*\./, ''), x.n]));
}
