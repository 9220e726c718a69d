// Discovery: /types, /types/{type}, /attributes, /attributes/{attr} (NGSI-LD 1.8 §5.7.5–5.7.10).
import type { FastifyInstance } from 'fastify';
import { DosiError, E } from '../../kernel/index.ts';
import type { NgsiDeps } from './deps.ts';
import { queryOf, str } from './params.ts';
import { sendJson, withoutBody } from './request.ts';

const LIST_ID = (kind: string) => `urn:ngsi-ld:${kind}:${Math.random().toString(36).slice(2, 10)}`;

export function discoveryRoutes(deps: NgsiDeps) {
  return async (app: FastifyInstance) => {
    app.get('/types', async (req, reply) => {
      const r = await withoutBody(req, deps);
      const stats = await deps.context.typeStats(r.tenant);
      const details = str(queryOf(req), 'details') === 'true';
      if (details) {
        return sendJson(
          reply,
          r,
          stats.map((s) => ({
            id: s.type,
            type: 'EntityType',
            typeName: r.ctx.compactIri(s.type),
            attributeNames: s.attrs.map((a) => r.ctx.compactIri(a)),
          })),
        );
      }
      return sendJson(reply, r, {
        id: LIST_ID('EntityTypeList'),
        type: 'EntityTypeList',
        typeList: stats.map((s) => r.ctx.compactIri(s.type)),
      });
    });

    app.get<{ Params: { type: string } }>('/types/:type', async (req, reply) => {
      const r = await withoutBody(req, deps);
      const iri = r.ctx.expandTerm(req.params.type);
      const s = (await deps.context.typeStats(r.tenant)).find((x) => x.type === iri);
      if (!s) throw new DosiError(E.NGSI_NOT_FOUND, { what: 'Entity type', id: req.params.type });
      const attrStats = await deps.context.attributeStats(r.tenant);
      return sendJson(reply, r, {
        id: iri,
        type: 'EntityTypeInfo',
        typeName: r.ctx.compactIri(iri),
        entityCount: s.count,
        attributeDetails: s.attrs.map((a) => ({
          id: a,
          type: 'Attribute',
          attributeName: r.ctx.compactIri(a),
          attributeTypes: attrStats.find((x) => x.attr === a)?.attrTypes ?? [],
        })),
      });
    });

    app.get('/attributes', async (req, reply) => {
      const r = await withoutBody(req, deps);
      const stats = await deps.context.attributeStats(r.tenant);
      if (str(queryOf(req), 'details') === 'true') {
        return sendJson(
          reply,
          r,
          stats.map((s) => ({
            id: s.attr,
            type: 'Attribute',
            attributeName: r.ctx.compactIri(s.attr),
            typeNames: s.types.map((t) => r.ctx.compactIri(t)),
          })),
        );
      }
      return sendJson(reply, r, {
        id: LIST_ID('AttributeList'),
        type: 'AttributeList',
        attributeList: stats.map((s) => r.ctx.compactIri(s.attr)),
      });
    });

    app.get<{ Params: { attr: string } }>('/attributes/:attr', async (req, reply) => {
      const r = await withoutBody(req, deps);
      const iri = r.ctx.expandTerm(req.params.attr);
      const s = (await deps.context.attributeStats(r.tenant)).find((x) => x.attr === iri);
      if (!s) throw new DosiError(E.NGSI_NOT_FOUND, { what: 'Attribute', id: req.params.attr });
      return sendJson(reply, r, {
        id: iri,
        type: 'Attribute',
        attributeName: r.ctx.compactIri(iri),
        attributeCount: s.count,
        attributeTypes: s.attrTypes,
        typeNames: s.types.map((t) => r.ctx.compactIri(t)),
      });
    });
  };
}
