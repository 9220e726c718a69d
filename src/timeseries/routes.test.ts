// The time-series routes in a minimal app wired like build.ts (principal from the request, problem+json
// errors): series at each resolution, attribute names, permissions and retention validation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { backends } from '../../test/helpers/backends.ts';
import { errorHandler } from '../api/problem.ts';
import '../api/request-context.ts';
import { fixedClock, silentLogger } from '../kernel/index.ts';
import type { Role } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import { rollupOnce } from './rollup.ts';
import { timeseriesRoutes } from './routes.ts';
import { ATTR, insertReadings, migrateAll } from './test-support.ts';

const E1 = 'urn:ngsi-ld:AirQualityObserved:hanam-1';

async function buildApp(db: Db): Promise<FastifyInstance> {
  const app = Fastify({
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  });
  app.setErrorHandler(errorHandler(silentLogger));
  // Stands in for authenticate(): tenant and role from test headers.
  app.addHook('onRequest', async (req) => {
    req.principal = {
      kind: 'user',
      subject: 'urn:dosi:test',
      tenant: String(req.headers['x-tenant'] ?? 'hanam'),
      roles: [String(req.headers['x-role'] ?? 'admin') as Role],
      platformAdmin: false,
    };
  });
  await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 't', version: '0' } } });
  await app.register(timeseriesRoutes({ db, clock: fixedClock('2031-04-10T12:00:00.000Z') }), {
    prefix: '/api/v1',
  });
  await app.ready();
  return app;
}

for (const backend of await backends()) {
  describe(`time-series routes on ${backend.name}`, { skip: backend.skip }, () => {
    let db: Db;
    let app: FastifyInstance;
    before(async () => {
      db = await backend.open();
      await migrateAll(db);
      await insertReadings(db, [
        {
          entityId: E1,
          attr: ATTR('pm10'),
          value: 10,
          observedAt: '2031-04-10T10:00:05Z',
          createdAt: '2031-04-10T10:00:06Z',
        },
        {
          entityId: E1,
          attr: ATTR('pm10'),
          value: 30,
          observedAt: '2031-04-10T10:00:35Z',
          createdAt: '2031-04-10T10:00:36Z',
        },
        {
          entityId: E1,
          attr: ATTR('pm10'),
          value: 20,
          observedAt: '2031-04-10T10:01:10Z',
          createdAt: '2031-04-10T10:01:11Z',
        },
        {
          entityId: E1,
          attr: ATTR('pm10'),
          value: 50,
          observedAt: '2031-04-10T11:30:00Z',
          createdAt: '2031-04-10T11:30:01Z',
        },
        {
          entityId: E1,
          attr: 'urn:x:level',
          value: 1.5,
          observedAt: '2031-04-10T11:00:00Z',
          createdAt: '2031-04-10T11:00:01Z',
        },
        {
          tenant: 'goyang',
          entityId: E1,
          attr: ATTR('pm10'),
          value: 99,
          observedAt: '2031-04-10T10:00:00Z',
          createdAt: '2031-04-10T10:00:01Z',
        },
      ]);
      await rollupOnce(db, new Date('2031-04-10T12:00:00Z'));
      app = await buildApp(db);
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    const series = async (qs: string, headers: Record<string, string> = {}) => {
      const res = await app.inject({
        url: `/api/v1/series?entityId=${encodeURIComponent(E1)}&${qs}`,
        headers,
      });
      return { status: res.statusCode, body: res.json() };
    };

    it('answers 1-minute and 1-hour rollups of the tenant, short names expanded', async () => {
      const m = await series('attr=pm10&resolution=1m&from=2031-04-10T10:00:00Z&to=2031-04-10T11:00:00Z');
      assert.equal(m.status, 200);
      assert.deepEqual(m.body, {
        entityId: E1,
        attr: ATTR('pm10'),
        resolution: '1m',
        points: [
          { t: '2031-04-10T10:00:00.000Z', count: 2, avg: 20, min: 10, max: 30, last: 30 },
          { t: '2031-04-10T10:01:00.000Z', count: 1, avg: 20, min: 20, max: 20, last: 20 },
        ],
      });
      const h = await series(
        `attr=${encodeURIComponent(ATTR('pm10'))}&resolution=1h&from=2031-04-10T10:30:00Z`,
      );
      assert.deepEqual(h.body.points, [
        { t: '2031-04-10T10:00:00.000Z', count: 3, avg: 20, min: 10, max: 30, last: 20 },
        { t: '2031-04-10T11:00:00.000Z', count: 1, avg: 50, min: 50, max: 50, last: 50 },
      ]);
      const other = await series('attr=pm10&resolution=1h', { 'x-tenant': 'goyang' });
      assert.deepEqual(
        other.body.points.map((p: { last: number }) => p.last),
        [99],
      );
    });

    it('answers raw readings, keeps absolute IRIs and honours limit', async () => {
      const raw = await series('attr=pm10&resolution=raw&limit=3');
      assert.deepEqual(
        raw.body.points.map((p: { t: string; last: number; count: number }) => [p.t, p.last, p.count]),
        [
          ['2031-04-10T10:00:05.000Z', 10, 1],
          ['2031-04-10T10:00:35.000Z', 30, 1],
          ['2031-04-10T10:01:10.000Z', 20, 1],
        ],
      );
      const iri = await series('attr=urn:x:level&resolution=raw');
      assert.deepEqual(
        [iri.body.attr, iri.body.points.length, iri.body.points[0].avg],
        ['urn:x:level', 1, 1.5],
      );
    });

    it('refuses bad queries as problem+json', async () => {
      const backwards = await series('attr=pm10&from=2031-04-10T11:00:00Z&to=2031-04-10T10:00:00Z');
      assert.deepEqual([backwards.status, backwards.body.code], [400, 'DOSI_ERR_HTTP_VALIDATION']);
      const badRes = await series('attr=pm10&resolution=5m');
      assert.deepEqual([badRes.status, badRes.body.code], [400, 'DOSI_ERR_HTTP_VALIDATION']);
      const noAttr = await app.inject({ url: `/api/v1/series?entityId=${E1}` });
      assert.equal(noAttr.statusCode, 400);
    });

    it('reads retention for any member and lets only admins change it', async () => {
      const get = await app.inject({ url: '/api/v1/retention', headers: { 'x-role': 'viewer' } });
      assert.deepEqual(get.json(), {
        tenant: 'hanam',
        default: 730,
        personal: 30,
        rollups: { '1m': 90, '1h': 1825 },
      });
      const put = (body: unknown, role = 'admin') =>
        app.inject({
          method: 'PUT',
          url: '/api/v1/retention',
          payload: body as object,
          headers: { 'x-role': role },
        });
      const denied = await put({ default: 100, personal: 10 }, 'operator');
      assert.deepEqual([denied.statusCode, denied.json().code], [403, 'DOSI_ERR_AUTH_FORBIDDEN']);
      const longer = await put({ default: 10, personal: 20 });
      assert.equal(longer.statusCode, 400);
      assert.match(longer.json().detail, /personal ≤ default/);
      const tooLong = await put({ default: 4000, personal: 20 });
      assert.equal(tooLong.statusCode, 400);
      const ok = await put({ default: 100, personal: 10 });
      assert.deepEqual([ok.statusCode, ok.json().default, ok.json().personal], [200, 100, 10]);
      const after = await app.inject({ url: '/api/v1/retention' });
      assert.deepEqual([after.json().default, after.json().personal], [100, 10]);
      const goyang = await app.inject({ url: '/api/v1/retention', headers: { 'x-tenant': 'goyang' } });
      assert.equal(goyang.json().default, 730);
    });

    it('documents the routes under the timeseries tag', () => {
      const doc = app.swagger() as { paths: Record<string, Record<string, { tags?: string[] }>> };
      assert.deepEqual(doc.paths['/api/v1/series']?.get?.tags, ['timeseries']);
      assert.deepEqual(doc.paths['/api/v1/retention']?.put?.tags, ['timeseries']);
    });
  });
}
