// Use cases of the temporal API (NGSI-LD 1.8 §5.6.11–5.6.16 writes, §5.7.3–5.7.4 queries).
// The history is temporal_instances, fed by every entity write. Temporal writes only add to or
// edit that history: the current entity is left as it is (as Orion-LD's TRoE does).
import { DosiError, E, type Clock } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import {
  compileEntityQuery,
  geoMatch,
  type CompiledQuery,
  type EntityQueryInput,
} from '../ngsi/entity-query.ts';
import { normalizeAttribute, normalizeTypes } from '../ngsi/normalize.ts';
import type { TermMapper } from '../ngsi/terms.ts';
import { assertUri, attrIri, badData, isPlainObject } from '../ngsi/validate.ts';
import type { Page } from '../store/entity.repository.ts';
import { recordTemporal } from '../store/temporal-writer.ts';
import { aggregationRange, planBuckets, TooManyBuckets } from './buckets.ts';
import { modifyInstance, temporalInstances } from './temporal-input.ts';
import {
  parseInstanceId,
  type AggregateRow,
  type TemporalHead,
  type TemporalResult,
} from './temporal-model.ts';
import type { TemporalQuery } from './temporal-query.ts';
import { createTemporalRepository, type EntitySelection } from './temporal.repository.ts';

export interface TemporalServiceDeps {
  db: Db;
  clock: Clock;
  /** Most aggregation periods one query may produce. */
  maxBuckets?: number;
}

export interface TemporalQueryResult {
  result: TemporalResult;
  count?: number;
}

const notFound = (what: string, id: string) => new DosiError(E.NGSI_NOT_FOUND, { what, id });

export function createTemporalService(deps: TemporalServiceDeps) {
  const repo = createTemporalRepository();
  const db = deps.db;
  const now = () => deps.clock.now().toISOString();
  const maxBuckets = deps.maxBuckets ?? 10_000;

  /** Instances, or aggregation periods, of the given entities. */
  async function load(
    tenant: string,
    heads: TemporalHead[],
    attrs: readonly string[] | undefined,
    tq: TemporalQuery,
  ): Promise<TemporalResult> {
    const ids = heads.map((h) => h.id);
    if (!tq.aggregation)
      return {
        kind: 'instances',
        heads,
        rows: await repo.instances(db, tenant, ids, tq.time, attrs, tq.lastN),
      };
    const { methods, duration } = tq.aggregation;
    const data =
      tq.time.timerel === 'between' ? undefined : await repo.timeRange(db, tenant, ids, tq.time, attrs);
    const range = aggregationRange(tq.time, data);
    let buckets;
    try {
      buckets = range ? planBuckets({ ...range, duration, max: maxBuckets }) : [];
    } catch (err) {
      if (err instanceof TooManyBuckets)
        throw new DosiError(E.NGSI_BAD_QUERY, {
          detail: `aggrPeriodDuration gives ${err.message} over the time range; use a longer period or a narrower range`,
        });
      throw err;
    }
    const rows = await repo.aggregate(db, tenant, ids, tq.time, attrs, buckets, methods);
    const labels = buckets.map((b) => ({
      startAt: new Date(b.start).toISOString(),
      endAt: new Date(b.end).toISOString(),
    }));
    return {
      kind: 'aggregated',
      heads,
      rows: tq.lastN ? lastPeriods(rows, tq.lastN) : rows,
      buckets: labels,
      methods,
    };
  }

  async function typesOf(tenant: string, id: string): Promise<string[]> {
    const types = (await repo.historyTypes(db, tenant, id)) ?? (await repo.currentTypes(db, tenant, id));
    if (!types) throw notFound('Entity', id);
    return types;
  }

  return {
    /** The entity part of the query (type, id, idPattern, attrs, q, geo-query) as for /entities. */
    compileQuery(input: EntityQueryInput, terms: TermMapper): CompiledQuery {
      return compileEntityQuery(input, terms, { requireFilter: true });
    },

    /** §5.7.4: q, geo-query and scopeQ apply to the current entity; the rest to the history. */
    async queryEntities(
      tenant: string,
      c: CompiledQuery,
      tq: TemporalQuery,
      page: Page,
      count: boolean,
    ): Promise<TemporalQueryResult> {
      const sel: EntitySelection = { filter: c.filter, time: tq.time };
      let heads: TemporalHead[];
      let total: number | undefined;
      if (!c.geo) {
        heads = page.limit === 0 ? [] : await repo.findEntities(db, tenant, sel, page);
        if (count) total = await repo.countEntities(db, tenant, sel);
      } else {
        const geo = c.geo;
        const all = await repo.findEntities(db, tenant, sel, undefined);
        const locs = await repo.currentAttr(
          db,
          tenant,
          all.map((h) => h.id),
          geo.iri,
        );
        const hits = all.flatMap((h) => {
          const d = geoMatch(
            {
              id: h.id,
              types: h.types,
              attrs: { [geo.iri]: locs.get(h.id) ?? [] },
              createdAt: '',
              modifiedAt: '',
            },
            geo,
          );
          return d === undefined ? [] : [{ h, d }];
        });
        if (geo.near) hits.sort((a, b) => a.d - b.d || (a.h.id < b.h.id ? -1 : 1));
        heads = hits.slice(page.offset, page.offset + page.limit).map((x) => x.h);
        if (count) total = hits.length;
      }
      const result = await load(tenant, heads, c.filter.attrsAny, tq);
      return total === undefined ? { result } : { result, count: total };
    },

    /** §5.7.3: 404 when the entity has no history at all. */
    async retrieveEntity(
      tenant: string,
      id: string,
      attrs: readonly string[] | undefined,
      tq: TemporalQuery,
    ): Promise<TemporalResult> {
      const types = await repo.historyTypes(db, tenant, id);
      if (!types) throw notFound('Temporal entity', id);
      return load(tenant, [{ id, types }], attrs, tq);
    },

    /** §5.6.11: creates the history of an entity or adds instances to it; true when it was new. */
    async createEntity(
      tenant: string,
      body: unknown,
      terms: TermMapper,
    ): Promise<{ id: string; created: boolean }> {
      if (!isPlainObject(body)) throw badData('a temporal entity must be a JSON object');
      const id = assertUri(body.id ?? body['@id'], 'entity id');
      const type = body.type ?? body['@type'];
      if (type === undefined) throw badData('the entity has no type');
      const types = normalizeTypes(type, terms);
      const at = now();
      const writes = temporalInstances(body, terms, at);
      const created = await db.tx(async (q) => {
        const existed = (await repo.historyTypes(q, tenant, id)) !== undefined;
        await recordTemporal(q, tenant, id, types, writes, at);
        return !existed;
      });
      return { id, created };
    },

    /** §5.6.12: more instances for an entity that has a history (or a current state). */
    async appendAttrs(tenant: string, id: string, body: unknown, terms: TermMapper): Promise<void> {
      if (isPlainObject(body) && body.id !== undefined && body.id !== id)
        throw badData(`the body's id ${JSON.stringify(body.id)} differs from the id in the URL ${id}`);
      const at = now();
      const writes = temporalInstances(body, terms, at);
      const types = await typesOf(tenant, id);
      await db.tx(async (q) => recordTemporal(q, tenant, id, types, writes, at));
    },

    /** §5.6.16: the whole history of the entity. */
    async deleteEntity(tenant: string, id: string): Promise<void> {
      if ((await db.tx(async (q) => repo.deleteEntity(q, tenant, id))) === 0)
        throw notFound('Temporal entity', id);
    },

    /** §5.6.13: the default instances, those of one datasetId, or all (deleteAll=true). */
    async deleteAttr(
      tenant: string,
      id: string,
      attr: string,
      terms: TermMapper,
      datasetId: string | undefined,
      deleteAll: boolean,
    ): Promise<void> {
      const iri = attrIri(attr, terms);
      if (datasetId !== undefined) assertUri(datasetId, 'datasetId');
      if (!(await repo.historyTypes(db, tenant, id))) throw notFound('Temporal entity', id);
      const n = await db.tx(async (q) => repo.deleteAttr(q, tenant, id, iri, datasetId, deleteAll));
      if (n === 0) throw notFound('Attribute of temporal entity', `${id} ${attr}`);
    },

    /** §5.6.14: modifies one instance in place (its instanceId stays). */
    async patchInstance(
      tenant: string,
      id: string,
      attr: string,
      instanceId: string,
      body: unknown,
      terms: TermMapper,
    ): Promise<void> {
      const iri = attrIri(attr, terms);
      const n = instanceNumber(instanceId);
      if (!isPlainObject(body))
        throw badData(`the body of an instance modification of ${attr} must be a JSON object`);
      const at = now();
      const [patch] = normalizeAttribute(attr, body, terms, at);
      if (!patch) throw badData(`attribute ${attr} has no value`);
      await db.tx(async (q) => {
        const row = n === undefined ? undefined : await repo.getInstance(q, tenant, id, iri, n);
        if (!row) throw notFound('Attribute instance', instanceId);
        await repo.updateInstance(q, tenant, row.instanceId, modifyInstance(row.instance, patch, at), at);
      });
    },

    /** §5.6.15 */
    async deleteInstance(
      tenant: string,
      id: string,
      attr: string,
      instanceId: string,
      terms: TermMapper,
    ): Promise<void> {
      const iri = attrIri(attr, terms);
      const n = instanceNumber(instanceId);
      const gone = n === undefined ? 0 : await db.tx(async (q) => repo.deleteInstance(q, tenant, id, iri, n));
      if (gone === 0) throw notFound('Attribute instance', instanceId);
    },
  };
}

function instanceNumber(instanceId: string): number | undefined {
  return parseInstanceId(assertUri(instanceId, 'instanceId'));
}

/** lastN with aggregation: the N latest periods of each attribute (rows come ordered by period). */
function lastPeriods(rows: AggregateRow[], n: number): AggregateRow[] {
  const groups = new Map<string, AggregateRow[]>();
  for (const r of rows) {
    const k = `${r.entityId}\n${r.attr}\n${r.datasetId ?? ''}`;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()].flatMap((g) => g.slice(-n));
}

export type TemporalService = ReturnType<typeof createTemporalService>;
