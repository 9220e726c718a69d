// Routes under /api/v1 for cameras: a convenience POST that creates the Camera entity (cameras may
// equally be created through NGSI-LD), visibility queries, the detection webhook and the wall.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { assertCan, type Action, type Principal } from '../identity/index.ts';
import { principalOf } from '../api/request-context.ts';
import type { CamerasService } from './cameras.service.ts';
import * as S from './http.schemas.ts';

function as(req: FastifyRequest, action: Action): Principal {
  const p = principalOf(req);
  assertCan(p, action);
  return p;
}

const tags = ['cameras'];

export function cameraRoutes(deps: { cameras: CamerasService }): FastifyPluginAsync {
  const c = deps.cameras;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/cameras',
      {
        schema: {
          tags,
          summary: '카메라 목록 / List cameras',
          querystring: S.PageQuery,
          response: { 200: Type.Array(S.CameraSchema) },
        },
      },
      async (req) => c.list(as(req, 'camera:read').tenant, req.query.limit ?? 100, req.query.offset ?? 0),
    );
    app.post(
      '/cameras',
      {
        schema: {
          tags,
          summary: '카메라 등록 / Create a camera (an NGSI-LD entity of type Camera)',
          body: S.NewCameraBody,
          response: { 201: S.CameraSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await c.create(as(req, 'camera:manage').tenant, req.body)),
    );
    app.get(
      '/cameras/visible',
      {
        schema: {
          tags,
          summary: '이 지점을 보는 카메라 / Cameras that see a point, nearest first',
          querystring: S.VisibleQuery,
          response: { 200: S.SeenBySchema },
        },
      },
      async (req) =>
        c.visible(as(req, 'camera:read').tenant, [req.query.lon, req.query.lat], req.query.limit ?? 10),
    );
    app.get(
      '/cameras/wall',
      {
        schema: {
          tags,
          summary: '선별 관제 / Cameras ranked by recent weighted detections',
          querystring: S.LimitQuery,
          response: { 200: S.WallSchema },
        },
      },
      async (req) => c.wall(as(req, 'camera:read').tenant, req.query.limit ?? 16),
    );
    app.get(
      '/cameras/:id',
      {
        schema: {
          tags,
          summary: '카메라 조회 / One camera',
          params: S.IdParams,
          response: { 200: S.CameraSchema },
        },
      },
      async (req) => c.get(as(req, 'camera:read').tenant, req.params.id),
    );
    app.get(
      '/alarms/:id/cameras',
      {
        schema: {
          tags: ['alarms', 'cameras'],
          summary: '경보 지점을 보는 카메라 / Cameras that see the alarm’s entity, nearest first',
          params: S.IdParams,
          querystring: S.LimitQuery,
          response: { 200: S.SeenBySchema },
        },
      },
      async (req) => c.forAlarm(as(req, 'camera:read').tenant, req.params.id, req.query.limit ?? 10),
    );
    await app.register(detectionRoute(c));
  };
}

/** Its own scope: the body arrives raw, so a refused one is kept exactly as it came. */
function detectionRoute(c: CamerasService): FastifyPluginAsync {
  return async (instance) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/cameras/:id/detections',
      {
        schema: {
          tags,
          summary: 'AI 영상분석 이벤트 / Detection webhook of edge analytics (API key with camera:detect)',
          params: S.IdParams,
          body: S.DetectionBody,
          response: { 201: S.DetectionAccepted },
        },
        // The handler checks the body itself (precise messages, dead letters); the schema documents it.
        validatorCompiler: () => () => true,
      },
      async (req, reply) => {
        const p = as(req, 'camera:detect');
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const r = await c.detect(p.tenant, req.params.id, raw);
        const cam = await c.get(p.tenant, req.params.id);
        return reply.code(201).send({ id: r.id, camera: cam.id, ...r.detection });
      },
    );
  };
}
