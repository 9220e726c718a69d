// /ngsi-ld/v1/entities — NGSI-LD 1.8 §6.4 (entities) and §6.5–6.7 (attributes).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DosiError, E } from '../../kernel/index.ts';
import { renderEntity, type RenderOptions } from '../../context/ngsi/render.ts';
import type { StoredEntity, UpdateOutcome } from '../../context/index.ts';
import type { NgsiDeps } from './deps.ts';
import { options, paging, projection, queryOf, str, entityQueryInput } from './params.ts';
import { sendJson, withBody, withoutBody, type NgsiRequest } from './request.ts';
import { toGeoJson } from './geojson.ts';

type IdParams = { id: string };
type AttrParams = { id: string; attr: string };

export function sendEntities(
  reply: FastifyReply,
  r: NgsiRequest,
  entities: StoredEntity[],
  render: RenderOptions,
  geoProp: string | undefined,
  single: boolean,
): FastifyReply {
  const rendered = entities.map((e) => renderEntity(e, r.ctx, render));
  if (r.accept === 'application/geo+json') {
    const geo = toGeoJson(entities, rendered, r.ctx, geoProp ?? 'location', render);
    const payload = single ? geo[0] : { type: 'FeatureCollection', features: geo };
    return sendJson(reply, r, payload);
  }
  return sendJson(reply, r, single ? rendered[0] : rendered);
}

/** format=geojson is another way to ask for application/geo+json (§6.3.18). */
function geoAccept(r: NgsiRequest, q: Record<string, unknown>): NgsiRequest {
  return q.format === 'geojson' ? { ...r, accept: 'application/geo+json' } : r;
}

export function entityRoutes(deps: NgsiDeps) {
  return async (app: FastifyInstance) => {
    const svc = deps.context;

    app.post('/entities', async (req, reply) => {
      const r = await withBody(req, deps);
      const e = await svc.createEntity(r.tenant, r.body, r.ctx);
      return reply
        .code(201)
        .header('location', `/ngsi-ld/v1/entities/${encodeURIComponent(e.id)}`)
        .send();
    });

    app.get('/entities', async (req, reply) => {
      const q = queryOf(req);
      const r = geoAccept(await withoutBody(req, deps, { allowGeo: true }), q);
      const { attrs, render } = projection(q, r.ctx);
      const page = paging(q, deps.config);
      const compiled = svc.compileQuery(entityQueryInput(q, attrs), r.ctx, true);
      const res = await svc.queryEntities(r.tenant, compiled, page, page.count);
      if (res.count !== undefined) reply.header('NGSILD-Results-Count', String(res.count));
      return sendEntities(reply, r, res.entities, render, str(q, 'geometryProperty'), false);
    });

    app.get<{ Params: IdParams }>('/entities/:id', async (req, reply) => {
      const q = queryOf(req);
      const r = geoAccept(await withoutBody(req, deps, { allowGeo: true }), q);
      const { render } = projection(q, r.ctx);
      const e = await svc.getEntity(r.tenant, checkId(req.params.id));
      return sendEntities(reply, r, [e], render, str(q, 'geometryProperty'), true);
    });

    app.delete<{ Params: IdParams }>('/entities/:id', async (req, reply) => {
      const r = await withoutBody(req, deps);
      await svc.deleteEntity(r.tenant, checkId(req.params.id));
      return reply.code(204).send();
    });

    app.put<{ Params: IdParams }>('/entities/:id', async (req, reply) => {
      const r = await withBody(req, deps);
      await svc.replaceEntity(r.tenant, checkId(req.params.id), r.body, r.ctx);
      return reply.code(204).send();
    });

    app.patch<{ Params: IdParams }>('/entities/:id', async (req, reply) => {
      const r = await withBody(req, deps, { mergePatch: true });
      await svc.mergeEntity(r.tenant, checkId(req.params.id), r.body, r.ctx);
      return reply.code(204).send();
    });

    app.post<{ Params: IdParams }>('/entities/:id/attrs', async (req, reply) => {
      const r = await withBody(req, deps);
      const noOverwrite = options(queryOf(req)).has('noOverwrite');
      return partial(
        reply,
        r,
        await svc.appendAttrs(r.tenant, checkId(req.params.id), r.body, r.ctx, noOverwrite),
      );
    });

    app.patch<{ Params: IdParams }>('/entities/:id/attrs', async (req, reply) => {
      const r = await withBody(req, deps);
      return partial(reply, r, await svc.updateAttrs(r.tenant, checkId(req.params.id), r.body, r.ctx));
    });

    app.patch<{ Params: AttrParams }>('/entities/:id/attrs/:attr', async (req, reply) => {
      const r = await withBody(req, deps);
      await svc.patchAttr(r.tenant, checkId(req.params.id), req.params.attr, r.body, r.ctx);
      return reply.code(204).send();
    });

    app.put<{ Params: AttrParams }>('/entities/:id/attrs/:attr', async (req, reply) => {
      const r = await withBody(req, deps);
      await svc.replaceAttr(r.tenant, checkId(req.params.id), req.params.attr, r.body, r.ctx);
      return reply.code(204).send();
    });

    app.delete<{ Params: AttrParams }>('/entities/:id/attrs/:attr', async (req, reply) => {
      const q = queryOf(req);
      const r = await withoutBody(req, deps);
      const deleteAll = str(q, 'deleteAll') === 'true';
      await svc.deleteAttr(
        r.tenant,
        checkId(req.params.id),
        req.params.attr,
        r.ctx,
        str(q, 'datasetId'),
        deleteAll,
      );
      return reply.code(204).send();
    });
  };
}

/** §6.6.3.2: 204 when all went in, 207 with the names (compacted) that did not. */
function partial(reply: FastifyReply, r: NgsiRequest, res: UpdateOutcome): FastifyReply {
  if (res.notUpdated.length === 0) return reply.code(204).send();
  return reply
    .code(207)
    .type('application/json')
    .send({
      updated: res.updated.map((a) => r.ctx.compactIri(a)),
      notUpdated: res.notUpdated.map((n) => ({ attributeName: r.ctx.compactIri(n.attr), reason: n.reason })),
    });
}

export function checkId(id: string): string {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(id))
    throw new DosiError(E.NGSI_BAD_DATA, {
      detail: `entity id ${JSON.stringify(id.slice(0, 80))} is not a URI`,
    });
  return id;
}
