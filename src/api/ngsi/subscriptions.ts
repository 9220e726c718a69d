// /ngsi-ld/v1/subscriptions — NGSI-LD 1.8 §6.10 (collection) and §6.11 (one subscription).
import type { FastifyInstance } from 'fastify';
import { DosiError, E } from '../../kernel/index.ts';
import type { NgsiDeps } from './deps.ts';
import { options, paging, queryOf } from './params.ts';
import { sendJson, withBody, withoutBody } from './request.ts';

type IdParams = { id: string };

const location = (id: string) => `/ngsi-ld/v1/subscriptions/${encodeURIComponent(id)}`;

function checkId(id: string): string {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(id))
    throw new DosiError(E.NGSI_BAD_DATA, {
      detail: `subscription id ${JSON.stringify(id.slice(0, 80))} is not a URI`,
    });
  return id;
}

export function subscriptionRoutes(deps: NgsiDeps) {
  return async (app: FastifyInstance) => {
    const svc = deps.subscriptions;

    // §6.10.3.1: 201 with Location; 409 AlreadyExists; 400 BadRequestData with the member at fault.
    app.post('/subscriptions', async (req, reply) => {
      const r = await withBody(req, deps);
      const sub = await svc.create(r.tenant, r.body, r.ctx);
      return reply.code(201).header('location', location(sub.id)).send();
    });

    // §6.10.3.2: paginated, NGSILD-Results-Count with count=true.
    app.get('/subscriptions', async (req, reply) => {
      const q = queryOf(req);
      const r = await withoutBody(req, deps);
      const sysAttrs = options(q).has('sysAttrs');
      const page = paging(q, deps.config);
      const res = await svc.list(r.tenant, page, page.count);
      if (res.count !== undefined) reply.header('NGSILD-Results-Count', String(res.count));
      return sendJson(
        reply,
        r,
        res.items.map((s) => svc.render(s, r.ctx, { sysAttrs })),
      );
    });

    app.get<{ Params: IdParams }>('/subscriptions/:id', async (req, reply) => {
      const r = await withoutBody(req, deps);
      const sysAttrs = options(queryOf(req)).has('sysAttrs');
      const s = await svc.get(r.tenant, checkId(req.params.id));
      return sendJson(reply, r, svc.render(s, r.ctx, { sysAttrs }));
    });

    // §6.11.3.2: partial update, 204.
    app.patch<{ Params: IdParams }>('/subscriptions/:id', async (req, reply) => {
      const r = await withBody(req, deps, { mergePatch: true });
      await svc.update(r.tenant, checkId(req.params.id), r.body, r.ctx);
      return reply.code(204).send();
    });

    app.delete<{ Params: IdParams }>('/subscriptions/:id', async (req, reply) => {
      const r = await withoutBody(req, deps);
      await svc.delete(r.tenant, checkId(req.params.id));
      return reply.code(204).send();
    });
  };
}
