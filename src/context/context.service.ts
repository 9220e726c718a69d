// Use cases of the context broker. Each write is one transaction: the entity row and its temporal
// instances commit together, then listeners (subscriptions, later the bus) hear about the change.
import { DosiError, E, type Clock, type Logger } from '../kernel/index.ts';
import type { Db, Queryable } from '../storage/index.ts';
import type { StoredEntity, StoredInstance } from './model.ts';
import { createEntityRepository, type Page } from './store/entity.repository.ts';
import { recordTemporal } from './store/temporal-writer.ts';
import {
  candidateDistance,
  compileEntityQuery,
  type CompiledQuery,
  type EntityQueryInput,
} from './ngsi/entity-query.ts';
import { LOCATION_IRI } from './store/entity-row.ts';
import { nearestPageIds } from './near-page.ts';
import { normalizeAttribute, normalizeEntity } from './ngsi/normalize.ts';
import {
  appendAttrs,
  deleteAttr,
  mergeEntity,
  patchAttr,
  updateAttrs,
  type MutationResult,
  type NotUpdated,
} from './ngsi/mutate.ts';
import type { TermMapper } from './ngsi/terms.ts';
import { attrIri, badData, isPlainObject } from './ngsi/validate.ts';

export type ChangeKind = 'create' | 'update' | 'delete';

export interface EntityChange {
  tenant: string;
  kind: ChangeKind;
  before: StoredEntity | undefined;
  after: StoredEntity | undefined;
  /** Expanded names of the attributes written or deleted. */
  attrs: string[];
  at: string;
}

export type ChangeListener = (c: EntityChange) => void;

export interface QueryResult {
  entities: StoredEntity[];
  count?: number;
}

export interface ContextServiceDeps {
  db: Db;
  clock: Clock;
  log: Logger;
}

const notFound = (id: string) => new DosiError(E.NGSI_NOT_FOUND, { what: 'Entity', id });

export function createContextService(deps: ContextServiceDeps) {
  const repo = createEntityRepository();
  const listeners = new Set<ChangeListener>();
  const now = () => deps.clock.now().toISOString();

  const emit = (changes: EntityChange[]) => {
    for (const c of changes) {
      for (const l of listeners) {
        try {
          l(c);
        } catch (err) {
          deps.log.error({ err }, 'entity change listener failed');
        }
      }
    }
  };

  /** Loads, mutates and saves one entity in a transaction; emits after commit. */
  async function mutate(
    tenant: string,
    id: string,
    fn: (e: StoredEntity, at: string) => MutationResult | undefined,
  ): Promise<MutationResult> {
    const at = now();
    const res = await deps.db.tx(async (q) => {
      const before = await repo.get(q, tenant, id, true);
      if (!before) throw notFound(id);
      const r = fn(before, at);
      if (!r) return undefined;
      if (r.written.length) await save(q, tenant, r);
      return { before, r };
    });
    if (!res) throw new DosiError(E.NGSI_NOT_FOUND, { what: 'Attribute of entity', id });
    if (res.r.written.length)
      emit([
        {
          tenant,
          kind: 'update',
          before: res.before,
          after: res.r.entity,
          attrs: res.r.written.map((w) => w.attr),
          at,
        },
      ]);
    return res.r;
  }

  async function save(q: Queryable, tenant: string, r: MutationResult): Promise<void> {
    await repo.update(q, tenant, r.entity);
    await recordTemporal(q, tenant, r.entity.id, r.entity.types, r.written, r.entity.modifiedAt);
  }

  function newEntity(body: unknown, terms: TermMapper, at: string): StoredEntity {
    const frag = normalizeEntity(body, terms, { now: at, entity: true });
    const e: StoredEntity = {
      id: frag.id as string,
      types: frag.types as string[],
      attrs: frag.attrs,
      createdAt: at,
      modifiedAt: at,
    };
    if (frag.scope) e.scope = frag.scope;
    return e;
  }

  const allWrites = (e: StoredEntity) =>
    Object.entries(e.attrs).flatMap(([attr, list]) => list.map((instance) => ({ attr, instance })));

  const service = {
    onChange(l: ChangeListener): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },

    async createEntity(tenant: string, body: unknown, terms: TermMapper): Promise<StoredEntity> {
      const at = now();
      const e = newEntity(body, terms, at);
      await deps.db.tx(async (q) => {
        if (!(await repo.insert(q, tenant, e)))
          throw new DosiError(E.NGSI_EXISTS, { what: 'Entity', id: e.id });
        await recordTemporal(q, tenant, e.id, e.types, allWrites(e), at);
      });
      emit([{ tenant, kind: 'create', before: undefined, after: e, attrs: Object.keys(e.attrs), at }]);
      return e;
    },

    async getEntity(tenant: string, id: string): Promise<StoredEntity> {
      const e = await repo.get(deps.db, tenant, id);
      if (!e) throw notFound(id);
      return e;
    },

    async deleteEntity(tenant: string, id: string): Promise<void> {
      const at = now();
      const gone = await deps.db.tx(async (q) => repo.delete(q, tenant, id));
      if (!gone) throw notFound(id);
      emit([{ tenant, kind: 'delete', before: gone, after: undefined, attrs: Object.keys(gone.attrs), at }]);
    },

    /** §5.6.18 replace: everything but id and createdAt is replaced. */
    async replaceEntity(tenant: string, id: string, body: unknown, terms: TermMapper): Promise<void> {
      const base = isPlainObject(body) ? { ...body, id: body.id ?? id } : body;
      await mutate(tenant, id, (before, at) => {
        const e = newEntity(base, terms, at);
        if (e.id !== id) throw badData(`the body's id ${e.id} differs from the id in the URL ${id}`);
        e.createdAt = before.createdAt;
        const removed = Object.keys(before.attrs).filter((a) => !(a in e.attrs));
        const written = [
          ...allWrites(e),
          ...removed.flatMap((attr) =>
            (before.attrs[attr] ?? []).map((instance) => ({
              attr,
              instance: { ...instance, modifiedAt: at },
              deleted: true,
            })),
          ),
        ];
        return { entity: e, written, notUpdated: [] };
      });
    },

    async appendAttrs(
      tenant: string,
      id: string,
      body: unknown,
      terms: TermMapper,
      noOverwrite: boolean,
    ): Promise<UpdateOutcome> {
      const frag = fragment(body, id, terms, now());
      return outcome(await mutate(tenant, id, (e, at) => appendAttrs(e, frag.attrs, at, noOverwrite)));
    },

    async updateAttrs(tenant: string, id: string, body: unknown, terms: TermMapper): Promise<UpdateOutcome> {
      const frag = fragment(body, id, terms, now());
      return outcome(await mutate(tenant, id, (e, at) => updateAttrs(e, frag.attrs, at)));
    },

    async patchAttr(
      tenant: string,
      id: string,
      attr: string,
      body: unknown,
      terms: TermMapper,
    ): Promise<void> {
      const iri = attrIri(attr, terms);
      const inst = patchInstance(attr, body, terms, now());
      await mutate(tenant, id, (e, at) => patchAttr(e, iri, inst, at));
    },

    /** §5.6.19 replace attribute: the whole instance is replaced (it must exist). */
    async replaceAttr(
      tenant: string,
      id: string,
      attr: string,
      body: unknown,
      terms: TermMapper,
    ): Promise<void> {
      const iri = attrIri(attr, terms);
      const instances = normalizeAttribute(attr, body, terms, now());
      await mutate(tenant, id, (e, at) => {
        const r = updateAttrs(e, { [iri]: instances }, at);
        return r.written.length ? r : undefined;
      });
    },

    async deleteAttr(
      tenant: string,
      id: string,
      attr: string,
      terms: TermMapper,
      datasetId: string | undefined,
      deleteAll: boolean,
    ): Promise<void> {
      const iri = attrIri(attr, terms);
      await mutate(tenant, id, (e, at) => deleteAttr(e, iri, at, datasetId, deleteAll));
    },

    /** §5.6.17 merge-patch: null removes an attribute. */
    async mergeEntity(tenant: string, id: string, body: unknown, terms: TermMapper): Promise<void> {
      if (!isPlainObject(body)) throw badData('a merge-patch body must be a JSON object');
      const deletions = Object.entries(body)
        .filter(([k, v]) => v === null && !['id', 'type', '@context'].includes(k))
        .map(([k]) => attrIri(k, terms));
      const rest = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null));
      const frag = fragment(rest, id, terms, now());
      await mutate(tenant, id, (e, at) => {
        const r = mergeEntity(e, frag.attrs, deletions, at);
        if (frag.types) r.entity.types = [...new Set([...e.types, ...frag.types])];
        if (frag.scope) r.entity.scope = frag.scope;
        return r;
      });
    },

    compileQuery(input: EntityQueryInput, terms: TermMapper, requireFilter = true): CompiledQuery {
      return compileEntityQuery(input, terms, { requireFilter });
    },

    async queryEntities(tenant: string, c: CompiledQuery, page: Page, count: boolean): Promise<QueryResult> {
      if (!c.geo) {
        const entities = page.limit === 0 ? [] : await repo.query(deps.db, tenant, c.filter, page);
        return count ? { entities, count: await repo.count(deps.db, tenant, c.filter) } : { entities };
      }
      // Geo: the SQL prefilter is a bounding box; the exact test (and nearest-first order) runs here on
      // the geo-attribute alone, then only the page is loaded in full.
      const geo = c.geo;
      const indexed = geo.iri === LOCATION_IRI;
      if (indexed && !count) {
        const ids = await nearestPageIds(deps.db, repo, tenant, c, page.offset + page.limit);
        if (ids) {
          const pageIds = ids.slice(page.offset);
          const loaded = await repo.getMany(deps.db, tenant, pageIds);
          return { entities: pageIds.flatMap((id) => loaded.get(id) ?? []) };
        }
      }
      const candidates = await repo.geoCandidates(deps.db, tenant, c.filter, geo.iri, indexed);
      const hits = candidates.flatMap((row) => {
        const d = candidateDistance(row, geo);
        return d === undefined ? [] : [{ id: row.id, d }];
      });
      hits.sort(geo.near ? (a, b) => a.d - b.d || (a.id < b.id ? -1 : 1) : (a, b) => (a.id < b.id ? -1 : 1));
      const pageIds = hits.slice(page.offset, page.offset + page.limit).map((h) => h.id);
      const loaded = await repo.getMany(deps.db, tenant, pageIds);
      const entities = pageIds.flatMap((id) => loaded.get(id) ?? []);
      return count ? { entities, count: hits.length } : { entities };
    },

    async typeStats(tenant: string) {
      return repo.typeStats(deps.db, tenant);
    },

    async attributeStats(tenant: string) {
      return repo.attributeStats(deps.db, tenant);
    },

    /** Batch helpers used by /entityOperations: one transaction per entity so one failure spares the rest. */
    async exists(tenant: string, ids: readonly string[]): Promise<Set<string>> {
      return new Set((await repo.getMany(deps.db, tenant, ids)).keys());
    },
  };
  return service;
}

/** NGSI-LD 1.8 §5.2.18 UpdateResult: attribute names (expanded) updated and not updated. */
export interface UpdateOutcome {
  updated: string[];
  notUpdated: NotUpdated[];
}

function outcome(r: MutationResult): UpdateOutcome {
  return { updated: [...new Set(r.written.map((w) => w.attr))], notUpdated: r.notUpdated };
}

function fragment(body: unknown, id: string, terms: TermMapper, at: string) {
  const frag = normalizeEntity(body, terms, { now: at, entity: false });
  if (frag.id !== undefined && frag.id !== id)
    throw badData(`the body's id ${frag.id} differs from the id in the URL ${id}`);
  return frag;
}

/** A partial attribute body: members given are checked as a whole instance of the stored type. */
function patchInstance(attr: string, body: unknown, terms: TermMapper, at: string): StoredInstance {
  if (!isPlainObject(body)) throw badData(`the body of a partial update of ${attr} must be a JSON object`);
  const [inst] = normalizeAttribute(attr, body, terms, at);
  if (!inst) throw badData(`attribute ${attr} has no value`);
  return inst;
}

export type ContextService = ReturnType<typeof createContextService>;
