// Platform routes of the time-series store under /api/v1: one numeric series at a resolution, and
// the tenant's retention policy. The tenant is the one authenticate() scoped the principal to.
import { principalOf } from '../api/request-context.ts';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DosiError, E, systemClock, type Clock } from '../kernel/index.ts';
import { assertCan } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import { getRetention, ROLLUP_RETENTION_DAYS, setRetention } from './retention-policy.ts';
import { expandAttr, readSeries, type Resolution } from './series.ts';
import * as S from './schemas.ts';

const HOUR_MS = 3_600_000;
/** Default span when `from` is not given: a day of raw or minute points, a month of hours. */
const DEFAULT_SPAN_MS: Record<Resolution, number> = {
  raw: 24 * HOUR_MS,
  '1m': 24 * HOUR_MS,
  '1h': 30 * 24 * HOUR_MS,
};

function instant(name: string, v: string): number {
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new DosiError(E.VALIDATION, { detail: `${name} is not an ISO 8601 date-time` });
  return t;
}

export function timeseriesRoutes(deps: { db: Db; clock?: Clock }): FastifyPluginAsync {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  return (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/series',
      {
        schema: {
          tags: ['timeseries'],
          summary: 'A numeric series of an entity attribute: 1-minute or 1-hour rollups, or raw readings',
          querystring: S.SeriesQuerySchema,
          response: { 200: S.SeriesSchema },
        },
      },
      async (req) => {
        const p = principalOf(req);
        assertCan(p, 'context:read');
        const q = req.query;
        const resolution = q.resolution ?? '1m';
        const to = q.to === undefined ? clock.now().getTime() : instant('to', q.to);
        const from = q.from === undefined ? to - DEFAULT_SPAN_MS[resolution] : instant('from', q.from);
        if (from >= to) throw new DosiError(E.VALIDATION, { detail: 'from must be before to' });
        const attr = expandAttr(q.attr);
        const points = await readSeries(db, {
          tenant: p.tenant,
          entityId: q.entityId,
          attr,
          resolution,
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          limit: q.limit ?? 1000,
        });
        return { entityId: q.entityId, attr, resolution, points };
      },
    );

    app.get(
      '/retention',
      {
        schema: {
          tags: ['timeseries'],
          summary: 'How long readings of the current tenant are kept (days, per data class)',
          response: { 200: S.RetentionSchema },
        },
      },
      async (req) => {
        const p = principalOf(req);
        assertCan(p, 'context:read');
        return {
          tenant: p.tenant,
          ...(await getRetention(db, p.tenant)),
          rollups: { ...ROLLUP_RETENTION_DAYS },
        };
      },
    );

    app.put(
      '/retention',
      {
        schema: {
          tags: ['timeseries'],
          summary: 'Set how long readings of the current tenant are kept (tenant admins)',
          body: S.RetentionBodySchema,
          response: { 200: S.RetentionSchema },
        },
      },
      async (req) => {
        const p = principalOf(req);
        assertCan(p, 'identity:manage');
        const policy = await setRetention(db, p.tenant, req.body);
        return { tenant: p.tenant, ...policy, rollups: { ...ROLLUP_RETENTION_DAYS } };
      },
    );

    return Promise.resolve(); // FastifyPluginAsync: registration itself awaits nothing
  };
}
