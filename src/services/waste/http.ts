// Routes under /api/v1/waste. Everyone in the tenant reads bins and KPIs; operators and service
// managers report emptyings and change a bin's threshold; device managers install the sensor profile.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { assertCan, type Action, type Principal } from '../../identity/index.ts';
import { DosiError, E } from '../../kernel/index.ts';
import type { Fleet } from './domain/plan.ts';
import type { WasteService } from './waste.service.ts';
import * as S from './http.schemas.ts';

function as(req: FastifyRequest, action: Action): Principal {
  const p = req.principal;
  if (!p) throw new DosiError(E.UNAUTHENTICATED, { detail: 'no credentials' });
  assertCan(p, action);
  return p;
}

function parseBbox(s: string | undefined): [number, number, number, number] | undefined {
  if (s === undefined) return undefined;
  const v = s.split(',').map(Number);
  const [a, b, c, d] = v;
  if (v.length !== 4 || a === undefined || b === undefined || c === undefined || d === undefined)
    throw new DosiError(E.WASTE_INVALID, { detail: 'bbox is minLon,minLat,maxLon,maxLat' });
  if (v.some((x) => !Number.isFinite(x)) || a > c || b > d)
    throw new DosiError(E.WASTE_INVALID, { detail: `bad bbox ${s}` });
  return [a, b, c, d];
}

export function wasteRoutes(deps: { waste: WasteService }): FastifyPluginAsync {
  const w = deps.waste;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['waste'];

    app.get(
      '/waste/bins',
      {
        schema: {
          tags,
          summary: '수거함 목록 / Bins with fill, rate and predicted full time',
          querystring: S.BinListQuery,
          response: { 200: S.BinListSchema },
        },
      },
      async (req) => {
        const q = req.query;
        const bbox = parseBbox(q.bbox);
        return w.list(as(req, 'context:read').tenant, {
          ...(q.dong ? { area: q.dong } : {}),
          ...(bbox ? { bbox } : {}),
          ...(q.predictedFullBefore ? { predictedFullBefore: q.predictedFullBefore } : {}),
          limit: q.limit ?? 100,
          offset: q.offset ?? 0,
        });
      },
    );
    app.get(
      '/waste/bins/:id',
      {
        schema: {
          tags,
          summary: '수거함 상세 / One bin with its history summary and emptyings',
          params: S.IdParams,
          response: { 200: S.BinDetailSchema },
        },
      },
      async (req) => w.get(as(req, 'context:read').tenant, req.params.id),
    );
    app.patch(
      '/waste/bins/:id',
      {
        schema: {
          tags,
          summary: '수거함 설정 / Set a bin threshold or capacity',
          params: S.IdParams,
          body: S.BinPatchBody,
          response: { 200: S.BinSchema },
        },
      },
      async (req) => {
        const b = req.body;
        return w.setBin(as(req, 'context:write').tenant, req.params.id, {
          ...(b.threshold !== undefined ? { threshold: b.threshold } : {}),
          ...(b.capacityL !== undefined ? { capacityL: b.capacityL } : {}),
        });
      },
    );
    app.post(
      '/waste/bins/:id/emptied',
      {
        schema: {
          tags,
          summary: '수거 완료 보고 / A truck reports the bin emptied',
          params: S.IdParams,
          body: S.EmptiedBody,
          response: { 201: S.EmptiedSchema },
        },
      },
      async (req, reply) => {
        const p = as(req, 'context:write');
        return reply.code(201).send(await w.emptied(p.tenant, req.params.id, p.subject, req.body.at));
      },
    );
    app.get(
      '/waste/due',
      {
        schema: {
          tags,
          summary: '수거 대상 / Bins predicted to reach their threshold before a time (route planning input)',
          querystring: S.DueQuery,
          response: { 200: S.DueSchema },
        },
      },
      async (req) => ({
        before: req.query.before,
        bins: await w.due(as(req, 'context:read').tenant, req.query.before),
      }),
    );
    app.get(
      '/waste/kpis',
      {
        schema: {
          tags,
          summary: '수거 지표 / Collections, fill at collection and overflow alarms in a range',
          querystring: S.KpiQuery,
          response: { 200: S.KpiSchema },
        },
      },
      async (req) => w.kpis(as(req, 'context:read').tenant, req.query.from, req.query.to),
    );
    app.put(
      '/waste/sensor-profile',
      {
        schema: {
          tags,
          summary: '채움 센서 프로파일 / Install the fill-level sensor device profile in the tenant',
          response: { 200: S.ProfileSchema },
        },
      },
      async (req) => {
        const p = await w.ensureProfile(as(req, 'device:manage').tenant);
        return { id: p.id, entityType: p.entityType };
      },
    );

    // ---- Collection plans ----
    const pl = w.planning;
    app.get(
      '/waste/fleet',
      {
        schema: {
          tags,
          summary: "수거 차량 / The tenant's depot, trucks and planning settings",
          response: { 200: S.FleetSchema },
        },
      },
      async (req) => pl.fleet(as(req, 'context:read').tenant),
    );
    app.put(
      '/waste/fleet',
      {
        schema: {
          tags,
          summary:
            '수거 차량 설정 / Set the depot, trucks and planning settings (fields not given keep their value)',
          body: S.FleetBody,
          response: { 200: S.FleetSchema },
        },
      },
      async (req) => {
        const p = as(req, 'context:write');
        const current = await pl.fleet(p.tenant);
        return pl.setFleet(p.tenant, { ...current, ...req.body } as Fleet, p.subject);
      },
    );
    app.post(
      '/waste/plans',
      {
        schema: {
          tags,
          summary:
            '수거 계획 생성 / Plan a collection shift: choose the bins, route the trucks (supersedes the active plan)',
          body: S.PlanBody,
          response: { 201: S.PlanSchema },
        },
      },
      async (req, reply) => {
        const p = as(req, 'context:write');
        return reply.code(201).send(await pl.create(p.tenant, p.subject, req.body));
      },
    );
    app.get(
      '/waste/plans',
      {
        schema: {
          tags,
          summary: '수거 계획 목록 / Plans, newest first',
          querystring: S.PlanListQuery,
          response: { 200: S.PlanListSchema },
        },
      },
      async (req) => pl.list(as(req, 'context:read').tenant, req.query.limit ?? 20, req.query.offset ?? 0),
    );
    app.get(
      '/waste/plans/current',
      { schema: { tags, summary: '현재 수거 계획 / The active plan', response: { 200: S.PlanSchema } } },
      async (req) => pl.current(as(req, 'context:read').tenant),
    );
    app.get(
      '/waste/plans/:id',
      {
        schema: {
          tags,
          summary: '수거 계획 / One plan with its routes',
          params: S.PlanIdParams,
          response: { 200: S.PlanSchema },
        },
      },
      async (req) => pl.get(as(req, 'context:read').tenant, req.params.id),
    );
    app.get(
      '/waste/plans/:id/geojson',
      {
        schema: {
          tags,
          summary: '수거 경로 GeoJSON / The plan as GeoJSON (depot, route lines, stops)',
          params: S.PlanIdParams,
          querystring: S.ExportQuery,
        },
      },
      async (req, reply) => {
        const gj = await pl.geojson(as(req, 'context:read').tenant, req.params.id, req.query.truck);
        return reply.type('application/geo+json').send(JSON.stringify(gj));
      },
    );
    app.get(
      '/waste/plans/:id/gpx',
      {
        schema: {
          tags,
          summary: '수거 경로 GPX / The plan as GPX 1.1 for in-truck navigation',
          params: S.PlanIdParams,
          querystring: S.ExportQuery,
        },
      },
      async (req, reply) => {
        const truck = req.query.truck;
        const gpx = await pl.gpx(as(req, 'context:read').tenant, req.params.id, truck);
        const file = `collection-plan${truck ? `-${truck.replace(/[^\w-]/g, '_')}` : ''}.gpx`;
        return reply
          .type('application/gpx+xml; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file}"`)
          .send(gpx);
      },
    );

    app.get(
      '/waste/simulation',
      {
        schema: {
          tags,
          summary:
            '수거 방식 비교 / A simulated month: fixed daily round vs collection planned from the sensors, on the simulated bins',
          querystring: S.SimulationQuery,
          response: { 200: S.SimulationSchema },
        },
      },
      async (req) =>
        w.simulation(as(req, 'context:read').tenant, {
          days: req.query.days ?? 30,
          seed: req.query.seed ?? 1,
        }),
    );
  };
}
