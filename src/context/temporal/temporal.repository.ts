// SQL of the temporal API over temporal_instances (one row per attribute instance written).
// Every statement is scoped by tenant = $1.
import type { Queryable } from '../../storage/index.ts';
import type { StoredInstance } from '../model.ts';
import type { EntityFilter, Page } from '../store/entity.repository.ts';
import type { Bucket } from './buckets.ts';
import type { AggregateRow, InstanceRow, TemporalHead } from './temporal-model.ts';
import type { AggrMethod, TimeFilter } from './temporal-query.ts';
import {
  AGGR_SQL,
  NUM_SQL,
  STR_SQL,
  TIME_COLUMN,
  VALUE_SQL,
  currentConditions,
  instanceConditions,
  paramList,
} from './temporal-sql.ts';

export interface EntitySelection {
  /** Compiled entity query; attrsAny restricts the attributes whose history is read. */
  filter: EntityFilter;
  time: TimeFilter;
}

interface InstanceDbRow {
  entity_id: string;
  attr: string;
  instance_id: number;
  dataset_id: string | null;
  t: string;
  created_at: string;
  modified_at: string;
  instance: StoredInstance;
}

/** Entities with at least one instance in the time range, with the types of their latest such instance. */
function entitySql(tenant: string, sel: EntitySelection) {
  const { params, add } = paramList(tenant);
  const inner = instanceConditions(add, sel.time, sel.filter.attrsAny);
  if (sel.filter.ids?.length) inner.push(`entity_id = ANY(${add([...sel.filter.ids])}::text[])`);
  if (sel.filter.idPattern) inner.push(`entity_id ~ ${add(sel.filter.idPattern)}`);
  const outer = ['true'];
  if (sel.filter.typeSql) outer.push(`(${sel.filter.typeSql(add)})`);
  const current = currentConditions(add, sel.filter);
  if (current.length)
    outer.push(
      `EXISTS (SELECT 1 FROM entities c WHERE c.tenant = $1 AND c.id = ent.id AND ${current.join(' AND ')})`,
    );
  const sql = `(SELECT DISTINCT ON (entity_id) entity_id AS id, entity_types AS types FROM temporal_instances
     WHERE ${inner.join(' AND ')} ORDER BY entity_id, instance_id DESC) ent WHERE ${outer.join(' AND ')}`;
  return { sql, params, add };
}

function toInstance(r: InstanceDbRow): InstanceRow {
  return {
    entityId: r.entity_id,
    attr: r.attr,
    instanceId: r.instance_id,
    datasetId: r.dataset_id ?? undefined,
    time: r.t,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
    instance: r.instance,
  };
}

/** The tenant, time-range, attribute and entity conditions shared by the instance reads. */
function instanceWhere(
  tenant: string,
  ids: readonly string[],
  time: TimeFilter,
  attrs: readonly string[] | undefined,
) {
  const { params, add } = paramList(tenant);
  const where = [...instanceConditions(add, time, attrs), `entity_id = ANY(${add([...ids])}::text[])`].join(
    ' AND ',
  );
  return { params, add, col: TIME_COLUMN[time.timeproperty], where };
}

export function createTemporalRepository() {
  return {
    async findEntities(
      q: Queryable,
      tenant: string,
      sel: EntitySelection,
      page: Page | undefined,
    ): Promise<TemporalHead[]> {
      const e = entitySql(tenant, sel);
      const paging = page ? ` LIMIT ${Math.trunc(page.limit)} OFFSET ${Math.trunc(page.offset)}` : '';
      const r = await q.query<TemporalHead>(`SELECT id, types FROM ${e.sql} ORDER BY id${paging}`, e.params);
      return r.rows;
    },

    async countEntities(q: Queryable, tenant: string, sel: EntitySelection): Promise<number> {
      const e = entitySql(tenant, sel);
      const r = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${e.sql}`, e.params);
      return r.rows[0]?.n ?? 0;
    },

    /** Current value of one attribute of entities (for geo-queries on the current location). */
    async currentAttr(
      q: Queryable,
      tenant: string,
      ids: readonly string[],
      attr: string,
    ): Promise<Map<string, StoredInstance[]>> {
      const r = await q.query<{ id: string; v: StoredInstance[] | null }>(
        `SELECT id, attrs -> $3 AS v FROM entities WHERE tenant = $1 AND id = ANY($2::text[])`,
        [tenant, [...ids], attr],
      );
      return new Map(r.rows.map((x) => [x.id, x.v ?? []]));
    },

    /** Instances of the entities in time order; with lastN only the N latest per attribute. */
    async instances(
      q: Queryable,
      tenant: string,
      ids: readonly string[],
      time: TimeFilter,
      attrs: readonly string[] | undefined,
      lastN: number | undefined,
    ): Promise<InstanceRow[]> {
      if (ids.length === 0) return [];
      const { params, add, col, where } = instanceWhere(tenant, ids, time, attrs);
      const cols = `entity_id, attr, instance_id, dataset_id, ${col} AS t, created_at, modified_at, instance`;
      const sql =
        lastN === undefined
          ? `SELECT ${cols} FROM temporal_instances WHERE ${where}`
          : `SELECT * FROM (SELECT ${cols}, row_number() OVER (PARTITION BY entity_id, attr ORDER BY ${col} DESC, instance_id DESC) AS rn
             FROM temporal_instances WHERE ${where}) x WHERE rn <= ${add(lastN)}`;
      const r = await q.query<InstanceDbRow>(`${sql} ORDER BY entity_id, attr, t, instance_id`, params);
      return r.rows.map(toInstance);
    },

    /** Earliest and latest time of the selected instances (the range when the query leaves it open). */
    async timeRange(
      q: Queryable,
      tenant: string,
      ids: readonly string[],
      time: TimeFilter,
      attrs: readonly string[] | undefined,
    ): Promise<{ min: string; max: string } | undefined> {
      if (ids.length === 0) return undefined;
      const { params, col, where } = instanceWhere(tenant, ids, time, attrs);
      const r = await q.query<{ min: string | null; max: string | null }>(
        `SELECT min(${col}) AS min, max(${col}) AS max FROM temporal_instances WHERE ${where}`,
        params,
      );
      const row = r.rows[0];
      return row?.min && row.max ? { min: row.min, max: row.max } : undefined;
    },

    /** §4.5.19: the requested functions per entity, attribute, datasetId and period, in SQL. */
    async aggregate(
      q: Queryable,
      tenant: string,
      ids: readonly string[],
      time: TimeFilter,
      attrs: readonly string[] | undefined,
      buckets: readonly Bucket[],
      methods: readonly AggrMethod[],
    ): Promise<AggregateRow[]> {
      if (ids.length === 0 || buckets.length === 0) return [];
      const { params, add, col, where } = instanceWhere(tenant, ids, time, attrs);
      const starts = add(buckets.map((b) => new Date(b.start).toISOString()));
      const ends = add(
        buckets.map((b) => (b.memberEnd === undefined ? null : new Date(b.memberEnd).toISOString())),
      );
      const select = methods.map((m) => `${AGGR_SQL[m]} AS "m_${m}"`).join(', ');
      const r = await q.query<
        Record<string, unknown> & {
          entity_id: string;
          attr: string;
          dataset_id: string | null;
          bucket: number;
          atype: string;
        }
      >(
        `WITH sel AS (
           SELECT entity_id, attr, dataset_id, instance ->> 'type' AS atype, ${col} AS t, ${VALUE_SQL} AS val
           FROM temporal_instances WHERE ${where}
         ), v AS (
           SELECT sel.*, b.k, ${NUM_SQL} AS num, ${STR_SQL} AS str
           FROM sel JOIN unnest(${starts}::timestamptz[], ${ends}::timestamptz[]) WITH ORDINALITY AS b(s, e, k)
             ON sel.t >= b.s AND (b.e IS NULL OR sel.t < b.e)
         )
         SELECT entity_id, attr, dataset_id, (k - 1)::int AS bucket, max(atype) AS atype, ${select}
         FROM v GROUP BY entity_id, attr, dataset_id, k ORDER BY entity_id, attr, dataset_id NULLS FIRST, k`,
        params,
      );
      return r.rows.map((x) => ({
        entityId: x.entity_id,
        attr: x.attr,
        datasetId: x.dataset_id ?? undefined,
        type: x.atype,
        bucket: x.bucket,
        values: Object.fromEntries(methods.map((m) => [m, x[`m_${m}`] ?? null])),
      }));
    },

    /** Types of the latest instance written for the entity; undefined when it has no history. */
    async historyTypes(q: Queryable, tenant: string, id: string): Promise<string[] | undefined> {
      const r = await q.query<{ types: string[] }>(
        `SELECT entity_types AS types FROM temporal_instances WHERE tenant = $1 AND entity_id = $2 ORDER BY instance_id DESC LIMIT 1`,
        [tenant, id],
      );
      return r.rows[0]?.types;
    },

    async currentTypes(q: Queryable, tenant: string, id: string): Promise<string[] | undefined> {
      const r = await q.query<{ types: string[] }>(
        `SELECT types FROM entities WHERE tenant = $1 AND id = $2`,
        [tenant, id],
      );
      return r.rows[0]?.types;
    },

    async deleteEntity(q: Queryable, tenant: string, id: string): Promise<number> {
      return (
        await q.query(`DELETE FROM temporal_instances WHERE tenant = $1 AND entity_id = $2`, [tenant, id])
      ).rowCount;
    },

    /** Default instances (no datasetId), one datasetId, or every instance of the attribute. */
    async deleteAttr(
      q: Queryable,
      tenant: string,
      id: string,
      attr: string,
      datasetId: string | undefined,
      all: boolean,
    ): Promise<number> {
      const ds = all ? '' : datasetId === undefined ? ' AND dataset_id IS NULL' : ' AND dataset_id = $4';
      const params = all || datasetId === undefined ? [tenant, id, attr] : [tenant, id, attr, datasetId];
      return (
        await q.query(
          `DELETE FROM temporal_instances WHERE tenant = $1 AND entity_id = $2 AND attr = $3${ds}`,
          params,
        )
      ).rowCount;
    },

    async getInstance(
      q: Queryable,
      tenant: string,
      id: string,
      attr: string,
      instanceId: number,
    ): Promise<InstanceRow | undefined> {
      const r = await q.query<InstanceDbRow>(
        `SELECT entity_id, attr, instance_id, dataset_id, modified_at AS t, created_at, modified_at, instance FROM temporal_instances
         WHERE tenant = $1 AND entity_id = $2 AND attr = $3 AND instance_id = $4 AND NOT deleted FOR UPDATE`,
        [tenant, id, attr, instanceId],
      );
      return r.rows[0] ? toInstance(r.rows[0]) : undefined;
    },

    async updateInstance(
      q: Queryable,
      tenant: string,
      instanceId: number,
      inst: StoredInstance,
      now: string,
    ): Promise<void> {
      await q.query(
        `UPDATE temporal_instances SET instance = $3::jsonb, observed_at = $4, dataset_id = $5, modified_at = $6,
           num = CASE jsonb_typeof($3::jsonb -> 'value') WHEN 'number' THEN ($3::jsonb ->> 'value')::float8
                   WHEN 'boolean' THEN CASE WHEN ($3::jsonb ->> 'value')::boolean THEN 1.0 ELSE 0.0 END END
         WHERE tenant = $1 AND instance_id = $2`,
        [tenant, instanceId, JSON.stringify(inst), inst.observedAt ?? null, inst.datasetId ?? null, now],
      );
    },

    async deleteInstance(
      q: Queryable,
      tenant: string,
      id: string,
      attr: string,
      instanceId: number,
    ): Promise<number> {
      return (
        await q.query(
          `DELETE FROM temporal_instances WHERE tenant = $1 AND entity_id = $2 AND attr = $3 AND instance_id = $4`,
          [tenant, id, attr, instanceId],
        )
      ).rowCount;
    },
  };
}

export type TemporalRepository = ReturnType<typeof createTemporalRepository>;
