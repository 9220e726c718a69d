// HTTP routes of ingestion: device readings over HTTP (device secret), LoRaWAN network-server
// uplink webhooks (ChirpStack v4, The Things Stack v3; platform credentials with context:write) and
// the dead-letter store (list, inspect, replay; device:manage). A 2xx is sent only once durable.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createHash } from 'node:crypto';
import { DosiError, E } from '../kernel/index.ts';
import { assertCan } from '../identity/index.ts';
import type { Db } from '../storage/index.ts';
import { principalOf } from '../api/request-context.ts';
import { deadLetterRepository } from './dead-letters.ts';
import type { DeviceDirectory, IngestService, Outcome } from './ingest.service.ts';
import { REJECT_REASONS, type RawMessage } from './types.ts';

export interface IngestRoutesDeps {
  db: Db;
  ingest: IngestService;
  devices: DeviceDirectory;
}

const Accepted = Type.Object({
  stored: Type.Integer({
    description: 'attribute values stored (0 when this was a retransmission already stored)',
  }),
  duplicate: Type.Boolean(),
  entityId: Type.String(),
});

const DeadLetterSchema = Type.Object({
  id: Type.String(),
  tenant: Type.Union([Type.String(), Type.Null()]),
  deviceId: Type.Union([Type.String(), Type.Null()]),
  transport: Type.String(),
  topic: Type.String(),
  reason: Type.String(),
  detail: Type.String(),
  payloadText: Type.Union([Type.String(), Type.Null()]),
  payloadBase64: Type.String(),
  receivedAt: Type.String(),
  replayedAt: Type.Union([Type.String(), Type.Null()]),
  replayResult: Type.Union([Type.String(), Type.Null()]),
});

const ReasonSchema = Type.Union(REJECT_REASONS.map((r) => Type.Literal(r)));

/** Device credentials from `Authorization: Basic base64({deviceId}@{tenant}:{secret})` or `X-Device-Key`. */
function deviceSecret(headers: Record<string, string | string[] | undefined>): string | undefined {
  const key = headers['x-device-key'];
  if (typeof key === 'string' && key) return key;
  const auth = headers.authorization;
  if (typeof auth !== 'string') return undefined;
  const [scheme, value] = auth.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer' && value) return value;
  if (scheme?.toLowerCase() === 'basic' && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    return i >= 0 ? decoded.slice(i + 1) : undefined;
  }
  return undefined;
}

function answer(reply: FastifyReply, out: Outcome) {
  if (out.ok)
    return reply
      .code(out.stored ? 201 : 200)
      .send({ stored: out.stored ? out.values : 0, duplicate: !out.stored, entityId: out.entityId });
  throw new DosiError(E.INGEST_REJECTED, { reason: out.reason, detail: out.detail });
}

export function ingestRoutes(deps: IngestRoutesDeps): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // Raw bytes whatever the content type: garbage must reach the dead-letter store as it came.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.post(
      '/ingest/:tenant/:deviceId',
      {
        config: { public: true },
        schema: {
          tags: ['ingest'],
          summary: '장치 측정값 전송 / A device sends a reading (JSON, as its profile describes)',
          description:
            'Device credentials: `Authorization: Basic base64({deviceId}@{tenant}:{secret})`, `Authorization: Bearer {secret}` or `X-Device-Key: {secret}`. An `Idempotency-Key` header makes retries safe. 201 once stored durably; a refused reading answers 400 with the reason and is kept in the dead-letter store.',
          security: [],
          params: Type.Object({ tenant: Type.String(), deviceId: Type.String() }),
          response: { 200: Accepted, 201: Accepted },
        },
      },
      async (req, reply) => {
        const { tenant, deviceId } = req.params;
        const payload = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const idem = req.headers['idempotency-key'];
        const raw: RawMessage = {
          tenant,
          deviceId,
          transport: 'http',
          topic: `POST /api/v1/ingest/${tenant}/${deviceId}`,
          payload,
          receivedAt: deps.ingest.now(),
          ...(typeof idem === 'string' && idem
            ? {
                dupBefore: new Date().toISOString(),
                msgId: createHash('sha1').update(idem).digest('hex').slice(0, 20),
              }
            : {}),
        };
        const secret = deviceSecret(req.headers);
        const auth = secret ? await deps.devices.authenticate(tenant, deviceId, secret) : 'bad_credentials';
        if (typeof auth === 'string') {
          const detail =
            auth === 'unknown_device'
              ? `no device ${deviceId} in tenant ${tenant}`
              : secret
                ? 'wrong device secret'
                : 'no device credentials';
          await deps.ingest.reject(raw, auth, detail);
          throw new DosiError(E.INGEST_UNAUTHENTICATED, { reason: auth, detail });
        }
        return answer(reply, await deps.ingest.accept(raw, auth));
      },
    );

    for (const kind of ['chirpstack', 'tts'] as const) {
      app.post(
        `/ingest/:tenant/lorawan/${kind}`,
        {
          schema: {
            tags: ['ingest'],
            summary:
              kind === 'chirpstack'
                ? 'ChirpStack v4 HTTP integration (uplink events; ?event=up) / ChirpStack 업링크 웹훅'
                : 'The Things Stack v3 webhook (uplink messages) / TTS 업링크 웹훅',
            description:
              'Configure the network server to send an `X-API-Key` header with a dosi API key (role operator or admin). Other ChirpStack events (join, status, …) are acknowledged with 204 and ignored.',
            params: Type.Object({ tenant: Type.String() }),
            querystring: Type.Object({ event: Type.Optional(Type.String()) }),
            response: { 200: Accepted, 201: Accepted, 204: Type.Null() },
          },
        },
        async (req, reply) => {
          const p = principalOf(req);
          assertCan(p, 'context:write');
          if (p.tenant !== req.params.tenant)
            throw new DosiError(E.FORBIDDEN, {
              detail: `credentials of tenant ${p.tenant} cannot write to ${req.params.tenant}`,
            });
          if (kind === 'chirpstack' && req.query.event !== undefined && req.query.event !== 'up')
            return reply.code(204).send(null);
          const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          return answer(
            reply,
            await deps.ingest.lora(req.params.tenant, kind, body, `POST ${req.url.split('?')[0] ?? ''}`),
          );
        },
      );
    }

    app.get(
      '/dead-letters',
      {
        schema: {
          tags: ['ingest'],
          summary: '거부된 메시지 목록 / Refused device messages, newest first',
          querystring: Type.Object({
            reason: Type.Optional(ReasonSchema),
            deviceId: Type.Optional(Type.String()),
            before: Type.Optional(
              Type.String({ pattern: '^[0-9]{1,18}$', description: 'page: ids below this' }),
            ),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          }),
          response: { 200: Type.Array(DeadLetterSchema) },
        },
      },
      async (req) => {
        const p = principalOf(req);
        assertCan(p, 'device:manage');
        return deadLetterRepository.list(deps.db, {
          tenant: p.tenant,
          reason: req.query.reason,
          deviceId: req.query.deviceId,
          before: req.query.before,
          limit: req.query.limit,
        });
      },
    );

    app.get(
      '/dead-letters/stats',
      {
        schema: {
          tags: ['ingest'],
          summary: '거부 사유별 건수 / Refused messages by reason',
          response: { 200: Type.Record(Type.String(), Type.Integer()) },
        },
      },
      async (req) => {
        const p = principalOf(req);
        assertCan(p, 'device:manage');
        return deadLetterRepository.countByReason(deps.db, p.tenant);
      },
    );

    app.get(
      '/dead-letters/:id',
      {
        schema: {
          tags: ['ingest'],
          summary: '거부된 메시지 / One refused message with its payload',
          params: Type.Object({ id: Type.String() }),
          response: { 200: DeadLetterSchema },
        },
      },
      async (req) => {
        const p = principalOf(req);
        assertCan(p, 'device:manage');
        const l = await deadLetterRepository.get(deps.db, p.tenant, req.params.id);
        if (!l) throw new DosiError(E.DEAD_LETTER_NOT_FOUND, { id: req.params.id });
        return l;
      },
    );

    app.post(
      '/dead-letters/:id/replay',
      {
        schema: {
          tags: ['ingest'],
          summary:
            '재처리 / Run a refused message through ingestion again (after fixing the profile or device)',
          params: Type.Object({ id: Type.String() }),
          response: {
            200: Type.Object({
              ok: Type.Boolean(),
              stored: Type.Optional(Type.Integer()),
              reason: Type.Optional(Type.String()),
              detail: Type.Optional(Type.String()),
            }),
          },
        },
      },
      async (req) => {
        const p = principalOf(req);
        assertCan(p, 'device:manage');
        const out = await deps.ingest.replay(p.tenant, req.params.id);
        if (!out) throw new DosiError(E.DEAD_LETTER_NOT_FOUND, { id: req.params.id });
        return out.ok
          ? { ok: true, stored: out.stored ? out.values : 0 }
          : { ok: false, reason: out.reason, detail: out.detail };
      },
    );
  };
}
