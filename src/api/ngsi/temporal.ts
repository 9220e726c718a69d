// /ngsi-ld/v1/temporal/entities — NGSI-LD 1.8 §6.18–6.22 (temporal representation of entities).
import type { FastifyInstance } from 'fastify';
import type { ActiveContext } from '../../context/jsonld/index.ts';
import {
  parseTemporalQuery,
  renderTemporal,
  type TemporalQuery,
  type TemporalRenderOptions,
} from '../../context/temporal/index.ts';
import type { NgsiDeps } from './deps.ts';
import { checkId } from './entities.ts';
import { paging, projection, queryOf, str, type Query, entityQueryInput } from './params.ts';
import { sendJson, withBody, withoutBody } from './request.ts';

type IdParams = { id: string };
type AttrParams = { id: string; attr: string };
type InstanceParams = { id: string; attr: string; instanceId: string };

function temporalQuery(q: Query): TemporalQuery {
  return parseTemporalQuery({
    timerel: str(q, 'timerel'),
    timeAt: str(q, 'timeAt'),
    endTimeAt: str(q, 'endTimeAt'),
    timeproperty: str(q, 'timeproperty'),
    lastN: str(q, 'lastN'),
    aggrMethods: str(q, 'aggrMethods'),
    aggrPeriodDuration: str(q, 'aggrPeriodDuration'),
    format: str(q, 'format'),
    options: str(q, 'options'),
  });
}

/** attrs / pick / omit / lang / datasetId as for /entities; the representation comes from the temporal query. */
function temporalProjection(
  q: Query,
  ctx: ActiveContext,
  tq: TemporalQuery,
): { attrs: string[] | undefined; render: TemporalRenderOptions } {
  const { attrs, render } = projection({ ...q, options: undefined, format: undefined }, ctx);
  return { attrs, render: { ...render, format: tq.format, sysAttrs: tq.sysAttrs } };
}

export function temporalRoutes(deps: NgsiDeps) {
  return async (app: FastifyInstance) => {
    const svc = deps.temporal;

    app.get('/temporal/entities', async (req, reply) => {
      const q = queryOf(req);
      const r = await withoutBody(req, deps);
      const tq = temporalQuery(q);
      const { attrs, render } = temporalProjection(q, r.ctx, tq);
      const page = paging(q, deps.config);
      const compiled = svc.compileQuery(entityQueryInput(q, attrs), r.ctx);
      const res = await svc.queryEntities(r.tenant, compiled, tq, page, page.count);
      if (res.count !== undefined) reply.header('NGSILD-Results-Count', String(res.count));
      return sendJson(reply, r, renderTemporal(res.result, r.ctx, render));
    });

    app.get<{ Params: IdParams }>('/temporal/entities/:id', async (req, reply) => {
      const q = queryOf(req);
      const r = await withoutBody(req, deps);
      const tq = temporalQuery(q);
      const { attrs, render } = temporalProjection(q, r.ctx, tq);
      const expanded = attrs?.filter((a) => a !== 'id' && a !== 'type').map((a) => r.ctx.expandTerm(a));
      const result = await svc.retrieveEntity(r.tenant, checkId(req.params.id), expanded, tq);
      return sendJson(reply, r, renderTemporal(result, r.ctx, render)[0]);
    });

    app.post('/temporal/entities', async (req, reply) => {
      const r = await withBody(req, deps);
      const { id, created } = await svc.createEntity(r.tenant, r.body, r.ctx);
      if (!created) return reply.code(204).send();
      return reply
        .code(201)
        .header('location', `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(id)}`)
        .send();
    });

    app.delete<{ Params: IdParams }>('/temporal/entities/:id', async (req, reply) => {
      const r = await withoutBody(req, deps);
      await svc.deleteEntity(r.tenant, checkId(req.params.id));
      return reply.code(204).send();
    });

    app.post<{ Params: IdParams }>('/temporal/entities/:id/attrs', async (req, reply) => {
      const r = await withBody(req, deps);
      await svc.appendAttrs(r.tenant, checkId(req.params.id), r.body, r.ctx);
      return reply.code(204).send();
    });

    app.delete<{ Params: AttrParams }>('/temporal/entities/:id/attrs/:attr', async (req, reply) => {
      const q = queryOf(req);
      const r = await withoutBody(req, deps);
      await svc.deleteAttr(
        r.tenant,
        checkId(req.params.id),
        req.params.attr,
        r.ctx,
        str(q, 'datasetId'),
        str(q, 'deleteAll') === 'true',
      );
      return reply.code(204).send();
    });

    app.patch<{ Params: InstanceParams }>(
      '/temporal/entities/:id/attrs/:attr/:instanceId',
      async (req, reply) => {
        const r = await withBody(req, deps);
        const p = req.params;
        await svc.patchInstance(r.tenant, checkId(p.id), p.attr, p.instanceId, r.body, r.ctx);
        return reply.code(204).send();
      },
    );

    app.delete<{ Params: InstanceParams }>(
      '/temporal/entities/:id/attrs/:attr/:instanceId',
      async (req, reply) => {
        const r = await withoutBody(req, deps);
        const p = req.params;
        await svc.deleteInstance(r.tenant, checkId(p.id), p.attr, p.instanceId, r.ctx);
        return reply.code(204).send();
      },
    );
  };
}
