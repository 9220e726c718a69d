// Operations: liveness, readiness, Prometheus metrics and the OpenAPI document.
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { Db } from '../../storage/index.ts';
import type { Metrics } from '../metrics.ts';

export function opsRoutes(deps: {
  db: Db;
  metrics: Metrics;
  isShuttingDown?: () => boolean;
}): FastifyPluginAsync {
  return async (app) => {
    const Health = Type.Object({ status: Type.String(), database: Type.Optional(Type.String()) });
    app.get(
      '/healthz',
      {
        config: { public: true },
        schema: { tags: ['ops'], summary: 'Liveness: the process answers', response: { 200: Health } },
      },
      async () => ({ status: 'ok' }),
    );
    app.get(
      '/readyz',
      {
        config: { public: true },
        schema: {
          tags: ['ops'],
          summary: 'Readiness: the database answers and dosi is not shutting down',
          response: { 200: Health, 503: Health },
        },
      },
      async (_req, reply) => {
        const dbOk = await deps.db.ping();
        const ready = dbOk && !(deps.isShuttingDown?.() ?? false);
        return reply
          .code(ready ? 200 : 503)
          .send({ status: ready ? 'ready' : 'unavailable', database: dbOk ? 'up' : 'down' });
      },
    );
    app.get(
      '/metrics',
      {
        config: { public: true },
        schema: { tags: ['ops'], summary: 'Prometheus metrics (text exposition format)' },
      },
      async (_req, reply) => {
        const text = await deps.metrics.registry.metrics();
        return reply.header('content-type', deps.metrics.registry.contentType).send(text);
      },
    );
    app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  };
}
