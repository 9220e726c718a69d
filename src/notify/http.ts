// Routes of notifications: agencies and the delivery log (/api/v1/notify), publishing an incident
// as a public CAP alert, the public CAP feed (/cap), and the console's WebSocket (/api/v1/stream).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import Type from 'typebox';
import { DosiError, E } from '../kernel/index.ts';
import { assertCan, type Action, type Principal } from '../identity/index.ts';
import { principalOf } from '../api/request-context.ts';
import { capAtomFeed, capXml, type CapAlert } from './domain/cap.ts';
import type { NotifyService } from './notify.service.ts';
import type { StreamHub } from './stream.ts';
import * as S from './http.schemas.ts';

function as(req: FastifyRequest, action: Action): Principal {
  const p = principalOf(req);
  assertCan(p, action);
  return p;
}

export interface NotifyRouteDeps {
  notify: NotifyService;
  hub: StreamHub;
  authenticate(input: { authorization?: string; tenantHeader?: string }): Promise<Principal>;
}

const tags = ['notify'];
const baseUrl = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

export function notifyRoutes(deps: NotifyRouteDeps): FastifyPluginAsync {
  const n = deps.notify;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/notify/agencies',
      {
        schema: { tags, summary: '유관기관 목록 / Agencies', response: { 200: Type.Array(S.AgencySchema) } },
      },
      async (req) => n.listAgencies(as(req, 'notify:manage').tenant),
    );
    app.post(
      '/notify/agencies',
      {
        schema: {
          tags,
          summary: '유관기관 등록 / Add an agency (police-112, fire-119, disaster-room)',
          body: S.NewAgencyBody,
          response: { 201: S.CreatedAgency },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const created = await n.createAgency(as(req, 'notify:manage').tenant, {
          ...b,
          kind: b.kind as never,
        });
        return reply.code(201).send(created);
      },
    );
    app.delete(
      '/notify/agencies/:id',
      { schema: { tags, summary: '유관기관 삭제 / Remove an agency', params: S.IdParams } },
      async (req, reply) => {
        await n.deleteAgency(as(req, 'notify:manage').tenant, req.params.id);
        return reply.code(204).send();
      },
    );
    app.get(
      '/notify/deliveries',
      {
        schema: {
          tags,
          summary:
            '전달 기록 / Delivery log of hand-overs, newest first, with every attempt (all, or of one incident or alarm)',
          querystring: S.DeliveryQuery,
          response: { 200: Type.Array(S.DeliverySchema) },
        },
      },
      async (req) => {
        const q = req.query;
        if (q.incidentId !== undefined && q.alarmId !== undefined)
          throw new DosiError(E.VALIDATION, { detail: 'give incidentId or alarmId, not both' });
        const subject =
          q.incidentId !== undefined
            ? { kind: 'incident' as const, id: q.incidentId }
            : q.alarmId !== undefined
              ? { kind: 'alarm' as const, id: q.alarmId }
              : undefined;
        return n.deliveries(as(req, 'alarm:read').tenant, {
          state: q.state as never,
          agencyId: q.agencyId,
          subject,
          limit: q.limit ?? 100,
        });
      },
    );
    app.post(
      '/incidents/:id/publish',
      {
        schema: {
          tags: ['incidents', 'notify'],
          summary: '공공 경보 발령 / Publish the incident as a public CAP 1.2 alert',
          params: S.IdParams,
          body: S.PublishBody,
          response: { 201: S.PublishedSchema },
        },
      },
      async (req, reply) => {
        const p = as(req, 'alarm:handle');
        const b = req.body ?? {};
        const a = await n.publish(p.tenant, req.params.id, b as never);
        const href = `${baseUrl(req)}/cap/alerts/${encodeURIComponent(a.identifier)}.xml`;
        return reply
          .code(201)
          .send({ identifier: a.identifier, href, headline: a.headline, severity: a.severity });
      },
    );
    await app.register(streamRoute(deps));
  };
}

/** Public, unauthenticated CAP feed (public alerts are public by definition). */
export function capRoutes(deps: { notify: NotifyService }): FastifyPluginAsync {
  return async (app) => {
    const pub = { public: true };
    const hrefOf = (req: FastifyRequest, a: CapAlert) =>
      `${baseUrl(req)}/cap/alerts/${encodeURIComponent(a.identifier)}.xml`;
    app.get<{ Querystring: { tenant?: string } }>(
      '/cap/alerts.atom',
      {
        config: pub,
        schema: {
          tags: ['cap'],
          summary: 'CAP 1.2 경보 피드 / Atom feed of public CAP alerts (newest 50)',
          querystring: Type.Object({ tenant: Type.Optional(Type.String()) }),
        },
      },
      async (req, reply) => {
        const alerts = await deps.notify.recentCaps(req.query.tenant, 50);
        const xml = capAtomFeed({
          id: `urn:dosi:cap:feed${req.query.tenant ? `:${req.query.tenant}` : ''}`,
          title: 'dosi 공공 경보 / public alerts (CAP 1.2)',
          self: `${baseUrl(req)}${req.url}`,
          updated: alerts[0] ? new Date(alerts[0].sent).toISOString() : new Date(0).toISOString(),
          entries: alerts.map((a) => ({ alert: a, href: hrefOf(req, a) })),
        });
        return reply.type('application/atom+xml; charset=utf-8').send(xml);
      },
    );
    app.get<{ Params: { file: string } }>(
      '/cap/alerts/:file',
      {
        config: pub,
        schema: {
          tags: ['cap'],
          summary: 'CAP 1.2 문서 / One public alert as CAP 1.2 XML ({identifier}.xml)',
          params: Type.Object({ file: Type.String() }),
        },
      },
      async (req, reply) => {
        const f = req.params.file;
        if (!f.endsWith('.xml')) throw new DosiError(E.NOTIFY_ALERT_NOT_FOUND, { id: f });
        const a = await deps.notify.cap(f.slice(0, -4));
        return reply.type('application/cap+xml; charset=utf-8').send(capXml(a));
      },
    );
  };
}

/**
 * GET /api/v1/stream. Browsers cannot set headers: the JWT comes as ?access_token= or as the
 * sub-protocol pair `bearer, <jwt>`; other clients may send Authorization.
 */
function streamRoute(deps: NotifyRouteDeps): FastifyPluginAsync {
  return async (app) => {
    // Sec-WebSocket-Protocol: bearer, <jwt> — the server answers with the sub-protocol `bearer`.
    await app.register(websocket, {
      options: { maxPayload: 4096, handleProtocols: (p) => (p.has('bearer') ? 'bearer' : false) },
    });
    app.get<{ Querystring: { access_token?: string; tenant?: string } }>(
      '/stream',
      {
        websocket: true,
        config: { public: true },
        schema: {
          tags,
          summary: '실시간 스트림 / WebSocket of alarm, incident and entity events ({type, tenant, data})',
          querystring: Type.Object({
            access_token: Type.Optional(Type.String()),
            // browsers cannot send NGSILD-Tenant on a WebSocket either
            tenant: Type.Optional(Type.String()),
          }),
        },
        preValidation: async (req) => {
          const h = req.headers;
          const proto = (typeof h['sec-websocket-protocol'] === 'string' ? h['sec-websocket-protocol'] : '')
            .split(',')
            .map((x) => x.trim());
          const token = req.query.access_token ?? (proto[0] === 'bearer' ? proto[1] : undefined);
          const authorization = token
            ? `Bearer ${token}`
            : typeof h.authorization === 'string'
              ? h.authorization
              : undefined;
          if (!authorization)
            throw new DosiError(E.UNAUTHENTICATED, { detail: 'access_token or Authorization needed' });
          req.principal = await deps.authenticate({
            authorization,
            ...(typeof h['ngsild-tenant'] === 'string'
              ? { tenantHeader: h['ngsild-tenant'] }
              : req.query.tenant
                ? { tenantHeader: req.query.tenant }
                : {}),
          });
          assertCan(req.principal, 'alarm:read');
        },
      },
      (socket, req) => {
        const tenant = principalOf(req).tenant;
        const remove = deps.hub.add(tenant, socket);
        socket.on('close', remove);
        socket.on('message', () => undefined); // the stream is one-way; client messages are ignored
        socket.send(JSON.stringify({ type: 'hello', tenant, data: { at: new Date().toISOString() } }));
      },
    );
  };
}
