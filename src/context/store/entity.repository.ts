// SQL of the entity store. Every statement is scoped by tenant: no query can cross tenants.
import type { Queryable } from '../../storage/index.ts';
import type { StoredEntity, StoredInstance } from '../model.ts';
import { ENTITY_COLUMNS, fromRow, isSinglePoint, locationBbox, type EntityRow } from './entity-row.ts';

export interface Bbox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface EntityFilter {
  /** Builds a SQL boolean over `types`; gets a function that adds a parameter and returns its placeholder. */
  typeSql?: ((addParam: (v: unknown) => string) => string) | undefined;
  ids?: readonly string[] | undefined;
  idPattern?: string | undefined;
  /** jsonpath predicate over `attrs` (compiled NGSI-LD q). */
  q?: { path: string; vars: Record<string, unknown> } | undefined;
  /** Entities must carry at least one of these attributes (expanded IRIs). */
  attrsAny?: readonly string[] | undefined;
  /** Prefilter on the location bounding-box columns. */
  bbox?: Bbox | undefined;
  /** Only entities with a location (used when the geo-query targets location but gives no bbox). */
  hasLocation?: boolean;
  /** NGSI-LD scopeQ compiled to a list of scope prefixes (any matches). */
  scopePrefixes?: readonly string[] | undefined;
}

export interface GeoCandidate {
  id: string;
  /** Point coordinates when the geometry is a single Point (from the box column); else null. */
  x: number | null;
  y: number | null;
  geo: StoredInstance[] | null;
}

export interface Page {
  limit: number;
  offset: number;
}

/** A box from four numeric parameters starting at $n, or NULL when they are NULL. */
const BOX_SQL = (n: number) =>
  `CASE WHEN $${n}::float8 IS NULL THEN NULL ELSE box(point($${n}, $${n + 1}), point($${n + 2}, $${n + 3})) END`;

function where(tenant: string, f: EntityFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [tenant];
  const add = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const parts = ['tenant = $1'];
  if (f.typeSql) parts.push(`(${f.typeSql(add)})`);
  if (f.ids?.length) parts.push(`id = ANY(${add([...f.ids])}::text[])`);
  if (f.idPattern) parts.push(`id ~ ${add(f.idPattern)}`);
  if (f.attrsAny?.length) parts.push(`attrs ?| ${add([...f.attrsAny])}::text[]`);
  if (f.q)
    parts.push(
      `jsonb_path_exists(attrs, ${add(f.q.path)}::jsonpath, ${add(JSON.stringify(f.q.vars))}::jsonb)`,
    );
  if (f.bbox)
    parts.push(
      `loc && box(point(${add(f.bbox.minLon)}, ${add(f.bbox.minLat)}), point(${add(f.bbox.maxLon)}, ${add(f.bbox.maxLat)}))`,
    );
  else if (f.hasLocation) parts.push('loc IS NOT NULL');
  if (f.scopePrefixes?.length) {
    const ors = f.scopePrefixes.map(
      (p) =>
        `EXISTS (SELECT 1 FROM unnest(scope) s WHERE s = ${add(p)} OR s LIKE ${add(`${p.replace(/[\\%_]/g, '\\$&')}/%`)})`,
    );
    parts.push(`(${ors.join(' OR ')})`);
  }
  return { sql: parts.join(' AND '), params };
}

export function createEntityRepository() {
  return {
    async get(
      q: Queryable,
      tenant: string,
      id: string,
      forUpdate = false,
    ): Promise<StoredEntity | undefined> {
      const r = await q.query<EntityRow>(
        `SELECT ${ENTITY_COLUMNS} FROM entities WHERE tenant = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
        [tenant, id],
      );
      return r.rows[0] ? fromRow(r.rows[0]) : undefined;
    },

    async getMany(
      q: Queryable,
      tenant: string,
      ids: readonly string[],
      forUpdate = false,
    ): Promise<Map<string, StoredEntity>> {
      if (ids.length === 0) return new Map();
      const r = await q.query<EntityRow>(
        `SELECT ${ENTITY_COLUMNS} FROM entities WHERE tenant = $1 AND id = ANY($2::text[]) ORDER BY id${forUpdate ? ' FOR UPDATE' : ''}`,
        [tenant, [...ids]],
      );
      return new Map(r.rows.map((row) => [row.id, fromRow(row)]));
    },

    /** Inserts; returns false when the id exists already (no exception, so batches keep going). */
    async insert(q: Queryable, tenant: string, e: StoredEntity): Promise<boolean> {
      const b = locationBbox(e);
      const r = await q.query(
        `INSERT INTO entities (tenant, id, types, scope, attrs, created_at, modified_at, loc, loc_point)
         VALUES ($1, $2, $3, $4, $5, $6, $7, ${BOX_SQL(8)}, $12) ON CONFLICT (tenant, id) DO NOTHING`,
        [
          tenant,
          e.id,
          e.types,
          e.scope ?? null,
          JSON.stringify(e.attrs),
          e.createdAt,
          e.modifiedAt,
          b?.[0] ?? null,
          b?.[1] ?? null,
          b?.[2] ?? null,
          b?.[3] ?? null,
          isSinglePoint(e),
        ],
      );
      return r.rowCount === 1;
    },

    async update(q: Queryable, tenant: string, e: StoredEntity): Promise<void> {
      const b = locationBbox(e);
      await q.query(
        `UPDATE entities SET types = $3, scope = $4, attrs = $5, modified_at = $6, loc = ${BOX_SQL(7)}, loc_point = $11
         WHERE tenant = $1 AND id = $2`,
        [
          tenant,
          e.id,
          e.types,
          e.scope ?? null,
          JSON.stringify(e.attrs),
          e.modifiedAt,
          b?.[0] ?? null,
          b?.[1] ?? null,
          b?.[2] ?? null,
          b?.[3] ?? null,
          isSinglePoint(e),
        ],
      );
    },

    async delete(q: Queryable, tenant: string, id: string): Promise<StoredEntity | undefined> {
      const r = await q.query<EntityRow>(
        `DELETE FROM entities WHERE tenant = $1 AND id = $2 RETURNING ${ENTITY_COLUMNS}`,
        [tenant, id],
      );
      return r.rows[0] ? fromRow(r.rows[0]) : undefined;
    },

    async query(
      q: Queryable,
      tenant: string,
      f: EntityFilter,
      page: Page | undefined,
    ): Promise<StoredEntity[]> {
      const w = where(tenant, f);
      const paging = page ? ` LIMIT ${Math.trunc(page.limit)} OFFSET ${Math.trunc(page.offset)}` : '';
      const r = await q.query<EntityRow>(
        `SELECT ${ENTITY_COLUMNS} FROM entities WHERE ${w.sql} ORDER BY id${paging}`,
        w.params,
      );
      return r.rows.map(fromRow);
    },

    /**
     * Geo phase 1: only ids and geometry per candidate. When the geo-attribute is the indexed location
     * and holds a single Point, its coordinates come from the box column and no JSON is transferred.
     */
    async geoCandidates(
      q: Queryable,
      tenant: string,
      f: EntityFilter,
      geoIri: string,
      indexed: boolean,
    ): Promise<GeoCandidate[]> {
      const w = where(tenant, f);
      w.params.push(geoIri);
      const g = `attrs -> $${w.params.length}`;
      const sql = indexed
        ? `SELECT id, CASE WHEN loc_point THEN (loc[1])[0] END AS x, CASE WHEN loc_point THEN (loc[1])[1] END AS y,
                  CASE WHEN loc_point THEN NULL ELSE ${g} END AS geo
           FROM entities WHERE ${w.sql}`
        : `SELECT id, NULL::float8 AS x, NULL::float8 AS y, ${g} AS geo FROM entities WHERE ${w.sql}`;
      return (await q.query<GeoCandidate>(sql, w.params)).rows;
    },

    /**
     * Nearest-first candidates from the GiST index (KNN on `loc <-> point`): planar distance in degrees
     * to each entity's box, `n` at most. The caller turns it into an exact great-circle order.
     */
    async knnCandidates(
      q: Queryable,
      tenant: string,
      f: EntityFilter,
      geoIri: string,
      x0: number,
      y0: number,
      n: number,
    ): Promise<(GeoCandidate & { dp: number })[]> {
      const w = where(tenant, f);
      const g = `attrs -> $${w.params.push(geoIri)}`;
      const c = `point($${w.params.push(x0)}, $${w.params.push(y0)})`;
      const sql = `SELECT id, CASE WHEN loc_point THEN (loc[1])[0] END AS x, CASE WHEN loc_point THEN (loc[1])[1] END AS y,
                          CASE WHEN loc_point THEN NULL ELSE ${g} END AS geo, loc <-> ${c} AS dp
                   FROM entities WHERE ${w.sql} ORDER BY loc <-> ${c} LIMIT ${Math.trunc(n)}`;
      return (await q.query<GeoCandidate & { dp: number }>(sql, w.params)).rows;
    },

    async count(q: Queryable, tenant: string, f: EntityFilter): Promise<number> {
      const w = where(tenant, f);
      const r = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM entities WHERE ${w.sql}`,
        w.params,
      );
      return r.rows[0]?.n ?? 0;
    },

    /** NGSI-LD 1.8 §5.7.5 discovery: types with their attribute names and counts (one pass over the tenant). */
    async typeStats(
      q: Queryable,
      tenant: string,
    ): Promise<{ type: string; count: number; attrs: string[] }[]> {
      const counts = await q.query<{ type: string; count: number }>(
        `SELECT t AS type, count(*)::int AS count FROM entities, unnest(types) t WHERE tenant = $1 GROUP BY t ORDER BY t`,
        [tenant],
      );
      const keys = await q.query<{ type: string; attr: string }>(
        `SELECT DISTINCT t AS type, k AS attr FROM entities, unnest(types) t, jsonb_object_keys(attrs) k WHERE tenant = $1`,
        [tenant],
      );
      const byType = new Map<string, string[]>();
      for (const r of keys.rows) byType.set(r.type, [...(byType.get(r.type) ?? []), r.attr]);
      return counts.rows.map((x) => ({
        type: x.type,
        count: x.count,
        attrs: (byType.get(x.type) ?? []).sort(),
      }));
    },

    /** Attribute discovery: the first instance's type stands for the attribute (one pass, no array walk). */
    async attributeStats(
      q: Queryable,
      tenant: string,
    ): Promise<{ attr: string; count: number; types: string[]; attrTypes: string[] }[]> {
      const r = await q.query<{
        attr: string;
        count: number;
        types: string[];
        attr_types: (string | null)[];
      }>(
        `SELECT k AS attr, count(*)::int AS count, array_agg(DISTINCT t) AS types, array_agg(DISTINCT e.attrs -> k -> 0 ->> 'type') AS attr_types
         FROM entities e CROSS JOIN LATERAL jsonb_object_keys(e.attrs) k CROSS JOIN LATERAL (SELECT e.types[1] AS t) t1
         WHERE e.tenant = $1 GROUP BY k ORDER BY k`,
        [tenant],
      );
      const all = await q.query<{ attr: string; types: string[] }>(
        `SELECT k AS attr, array_agg(DISTINCT t) AS types FROM entities e, jsonb_object_keys(e.attrs) k, unnest(e.types[2:]) t
         WHERE e.tenant = $1 GROUP BY k`,
        [tenant],
      );
      const extra = new Map(all.rows.map((x) => [x.attr, x.types]));
      return r.rows.map((x) => ({
        attr: x.attr,
        count: x.count,
        types: [...new Set([...x.types, ...(extra.get(x.attr) ?? [])])].sort(),
        attrTypes: x.attr_types.filter((a): a is string => a !== null).sort(),
      }));
    },
  };
}

export type EntityRepository = ReturnType<typeof createEntityRepository>;
