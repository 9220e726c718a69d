// /entityOperations (NGSI-LD 1.8 §6.14–6.18, §6.23 query): each entity is its own transaction,
// so one bad entity never spoils the others; failures come back in a 207 BatchOperationResult.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DosiError, E, isDosiError } from '../../kernel/index.ts';
import { problemFor } from '../problem.ts';
import type { NgsiDeps } from './deps.ts';
import { options, paging, projection, queryOf } from './params.ts';
import { withBody } from './request.ts';
import { sendEntities } from './entities.ts';

interface BatchError {
  entityId: string;
  error: ReturnType<typeof problemFor>;
}

const MAX_BATCH = 1000;

function entityArray(body: unknown): unknown[] {
  if (!Array.isArray(body))
    throw new DosiError(E.NGSI_BAD_DATA, { detail: 'the body of a batch operation must be a JSON array' });
  if (body.length === 0) throw new DosiError(E.NGSI_BAD_DATA, { detail: 'the batch is empty' });
  if (body.length > MAX_BATCH)
    throw new DosiError(E.NGSI_BAD_DATA, {
      detail: `a batch holds at most ${MAX_BATCH} entities, got ${body.length}`,
    });
  return body;
}

function idOf(item: unknown): string {
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    const id = (item as Record<string, unknown>).id ?? (item as Record<string, unknown>)['@id'];
    if (typeof id === 'string') return id;
  }
  return typeof item === 'string' ? item : '(no id)';
}

async function each(
  items: unknown[],
  fn: (item: unknown, id: string) => Promise<void>,
): Promise<{ success: string[]; errors: BatchError[] }> {
  const success: string[] = [];
  const errors: BatchError[] = [];
  for (const item of items) {
    const id = idOf(item);
    try {
      await fn(item, id);
      success.push(id);
    } catch (err) {
      if (!isDosiError(err)) throw err;
      errors.push({ entityId: id, error: problemFor(err, true) });
    }
  }
  return { success, errors };
}

function result(
  reply: FastifyReply,
  res: { success: string[]; errors: BatchError[] },
  okStatus: 201 | 204,
): FastifyReply {
  if (res.errors.length === 0)
    return okStatus === 201
      ? reply.code(201).type('application/json').send(res.success)
      : reply.code(204).send();
  return reply.code(207).type('application/json').send(res);
}

export function batchRoutes(deps: NgsiDeps) {
  return async (app: FastifyInstance) => {
    const svc = deps.context;

    app.post('/entityOperations/create', async (req, reply) => {
      const r = await withBody(req, deps);
      const res = await each(
        entityArray(r.body),
        async (item) => void (await svc.createEntity(r.tenant, item, r.ctx)),
      );
      return result(reply, res, 201);
    });

    app.post('/entityOperations/upsert', async (req, reply) => {
      const r = await withBody(req, deps);
      const update = options(queryOf(req)).has('update');
      const created: string[] = [];
      const res = await each(entityArray(r.body), async (item, id) => {
        const exists = (await svc.exists(r.tenant, [id])).has(id);
        if (!exists) {
          await svc.createEntity(r.tenant, item, r.ctx);
          created.push(id);
        } else if (update) await svc.appendAttrs(r.tenant, id, stripType(item), r.ctx, false);
        else await svc.replaceEntity(r.tenant, id, item, r.ctx);
      });
      // §6.15.3.1: 201 with the ids of created entities when all succeeded and some were new, else 204.
      if (res.errors.length === 0 && created.length)
        return reply.code(201).type('application/json').send(created);
      return result(reply, res, 204);
    });

    app.post('/entityOperations/update', async (req, reply) => {
      const r = await withBody(req, deps);
      const noOverwrite = options(queryOf(req)).has('noOverwrite');
      const res = await each(entityArray(r.body), async (item, id) => {
        const { notUpdated } = await svc.appendAttrs(r.tenant, id, stripType(item), r.ctx, noOverwrite);
        if (notUpdated.length && !noOverwrite)
          throw new DosiError(E.NGSI_BAD_DATA, { detail: notUpdated.map((n) => n.reason).join('; ') });
      });
      return result(reply, res, 204);
    });

    app.post('/entityOperations/delete', async (req, reply) => {
      const r = await withBody(req, deps);
      const res = await each(entityArray(r.body), async (item) => {
        if (typeof item !== 'string')
          throw new DosiError(E.NGSI_BAD_DATA, { detail: 'delete takes an array of entity ids' });
        await svc.deleteEntity(r.tenant, item);
      });
      return result(reply, res, 204);
    });

    app.post('/entityOperations/query', async (req, reply) => {
      const r = await withBody(req, deps, { allowGeo: true });
      const q = queryOf(req);
      const body = r.body as Record<string, unknown> | null;
      if (!body || typeof body !== 'object' || Array.isArray(body) || body.type !== 'Query') {
        throw new DosiError(E.NGSI_BAD_DATA, {
          detail: 'the body must be a Query object ({"type": "Query", ...})',
        });
      }
      const sel = Array.isArray(body.entities) ? (body.entities as Record<string, unknown>[]) : [];
      const first = sel[0] ?? {};
      const geoQ = (body.geoQ ?? {}) as Record<string, unknown>;
      const attrs = Array.isArray(body.attrs) ? (body.attrs as string[]) : undefined;
      const { render } = projection({ ...q, ...(attrs ? { attrs: attrs.join(',') } : {}) }, r.ctx);
      const page = paging(q, deps.config);
      const compiled = svc.compileQuery(
        {
          type:
            sel
              .map((s) => s.type)
              .filter((t): t is string => typeof t === 'string')
              .join(',') || undefined,
          id: sel.map((s) => s.id).filter((t): t is string => typeof t === 'string'),
          idPattern: typeof first.idPattern === 'string' ? first.idPattern : undefined,
          q: typeof body.q === 'string' ? body.q : undefined,
          attrs,
          georel: typeof geoQ.georel === 'string' ? geoQ.georel : undefined,
          geometry: typeof geoQ.geometry === 'string' ? geoQ.geometry : undefined,
          coordinates: geoQ.coordinates,
          geoproperty: typeof geoQ.geoproperty === 'string' ? geoQ.geoproperty : undefined,
          scopeQ: typeof body.scopeQ === 'string' ? body.scopeQ : undefined,
        },
        r.ctx,
        false,
      );
      const res = await svc.queryEntities(r.tenant, compiled, page, page.count);
      if (res.count !== undefined) reply.header('NGSILD-Results-Count', String(res.count));
      return sendEntities(reply, r, res.entities, render, undefined, false);
    });
  };
}

function stripType(item: unknown): unknown {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
  const { type: _t, ...rest } = item as Record<string, unknown>;
  return rest;
}
