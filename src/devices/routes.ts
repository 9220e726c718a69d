// Device registry routes under /api/v1: device profiles, devices, secret rotation and CSV import.
// Reading needs context:read; every change needs device:manage. Secrets appear only in the responses
// that create them (with cache-control: no-store); hashes never leave the registry.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { assertCan, type Principal } from '../identity/index.ts';
import { principalOf } from '../api/request-context.ts';
import type { DeviceService } from './device.service.ts';
import type { DevicePatch, NewDevice } from './device-input.ts';
import { mqttUsername } from './types.ts';
import * as S from './routes.schemas.ts';

function reader(req: FastifyRequest): Principal {
  const p = principalOf(req);
  assertCan(p, 'context:read');
  return p;
}

function manager(req: FastifyRequest): Principal {
  const p = principalOf(req);
  assertCan(p, 'device:manage');
  return p;
}

const tags = ['devices'];

export function deviceRoutes(deps: { devices: DeviceService }): FastifyPluginAsync {
  const svc = deps.devices;
  return (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    // CSV bodies, for the import route of this plugin only (the app parses JSON types alone).
    app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => {
      done(null, typeof body === 'string' ? body : body.toString('utf8'));
    });

    app.get(
      '/device-profiles',
      {
        schema: {
          tags,
          summary: '장치 프로필 목록 / List device profiles',
          response: { 200: Type.Array(S.ProfileSchema) },
        },
      },
      async (req) => svc.listProfiles(reader(req).tenant),
    );

    app.post(
      '/device-profiles',
      {
        schema: {
          tags,
          summary: '장치 프로필 생성 / Create a device profile',
          body: S.NewProfileSchema,
          response: { 201: S.ProfileSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await svc.createProfile(manager(req).tenant, req.body)),
    );

    app.get(
      '/device-profiles/:id',
      {
        schema: {
          tags,
          summary: '장치 프로필 조회 / One device profile',
          params: S.IdParams,
          response: { 200: S.ProfileSchema },
        },
      },
      async (req) => svc.getProfile(reader(req).tenant, req.params.id),
    );

    app.put(
      '/device-profiles/:id',
      {
        schema: {
          tags,
          summary: '장치 프로필 교체 / Replace a device profile (its entity type is fixed once in use)',
          params: S.IdParams,
          body: S.ReplaceProfileSchema,
          response: { 200: S.ProfileSchema },
        },
      },
      async (req) => svc.updateProfile(manager(req).tenant, req.params.id, req.body),
    );

    app.delete(
      '/device-profiles/:id',
      {
        schema: {
          tags,
          summary: '장치 프로필 삭제 / Delete a device profile no device uses',
          params: S.IdParams,
          response: { 204: Type.Null() },
        },
      },
      async (req, reply) => {
        await svc.deleteProfile(manager(req).tenant, req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/devices',
      {
        schema: {
          tags,
          summary: '장치 목록 / List devices (paged; filter by profile or online)',
          querystring: S.DeviceListQuery,
          response: { 200: S.DeviceListSchema },
        },
      },
      async (req) => {
        const q = req.query;
        return svc.listDevices(reader(req).tenant, {
          ...(q.profile !== undefined ? { profileId: q.profile } : {}),
          ...(q.online !== undefined ? { online: q.online } : {}),
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
          ...(q.offset !== undefined ? { offset: q.offset } : {}),
        });
      },
    );

    app.post(
      '/devices',
      {
        schema: {
          tags,
          summary: '장치 등록 (비밀키는 한 번만 표시) / Register a device; its secret is returned once',
          body: S.NewDeviceSchema,
          response: { 201: S.CreatedDeviceSchema },
        },
      },
      async (req, reply) => {
        const p = manager(req);
        const { location, ...rest } = req.body;
        const input: NewDevice = {
          ...rest,
          ...(location !== undefined ? { location: location as [number, number] } : {}),
        };
        const { device, secret } = await svc.createDevice(p.tenant, input);
        return reply
          .code(201)
          .header('cache-control', 'no-store')
          .send({ device, secret, mqttUsername: mqttUsername(p.tenant, device.id) });
      },
    );

    app.post(
      '/devices/import',
      {
        schema: {
          tags,
          summary:
            '장치 일괄 등록 (CSV) / Import devices from CSV: header id,profile[,name,lon,lat,devEui]; errors per line',
          description:
            'Content-Type text/csv (UTF-8, a BOM is fine). Every row is imported on its own: the answer is 200 with the created devices (and their secrets, shown once) and the rows that failed, by line number.',
          consumes: ['text/csv'],
          body: Type.String({ description: 'CSV text' }),
          response: { 200: S.ImportResultSchema },
        },
      },
      async (req, reply) => {
        const p = manager(req);
        const result = await svc.importCsv(p.tenant, req.body);
        return reply.header('cache-control', 'no-store').send(result);
      },
    );

    app.get(
      '/devices/:id',
      {
        schema: {
          tags,
          summary: '장치 조회 / One device (never its secret)',
          params: S.IdParams,
          response: { 200: S.DeviceSchema },
        },
      },
      async (req) => svc.getDevice(reader(req).tenant, req.params.id),
    );

    app.patch(
      '/devices/:id',
      {
        schema: {
          tags,
          summary: '장치 수정 / Change name, location, DevEUI, profile or disable a device',
          params: S.IdParams,
          body: S.DevicePatchSchema,
          response: { 200: S.DeviceSchema },
        },
      },
      async (req) => {
        const p = manager(req);
        const { location, ...rest } = req.body;
        const patch: DevicePatch = {
          ...rest,
          ...(location !== undefined ? { location: location as [number, number] | null } : {}),
        };
        return svc.updateDevice(p.tenant, req.params.id, patch);
      },
    );

    app.delete(
      '/devices/:id',
      {
        schema: {
          tags,
          summary: '장치 삭제 / Delete a device (and its entity unless keepEntity=true)',
          params: S.IdParams,
          querystring: S.DeleteDeviceQuery,
          response: { 204: Type.Null() },
        },
      },
      async (req, reply) => {
        const p = manager(req);
        await svc.deleteDevice(p.tenant, req.params.id, { keepEntity: req.query.keepEntity === true });
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/devices/:id/secret',
      {
        schema: {
          tags,
          summary: '장치 비밀키 재발급 / Rotate a device secret; the new one is returned once',
          params: S.IdParams,
          response: { 200: S.RotatedSecretSchema },
        },
      },
      async (req, reply) => {
        const p = manager(req);
        const { secret } = await svc.rotateSecret(p.tenant, req.params.id);
        return reply
          .header('cache-control', 'no-store')
          .send({ secret, mqttUsername: mqttUsername(p.tenant, req.params.id) });
      },
    );

    return Promise.resolve();
  };
}
