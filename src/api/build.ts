// build(deps) → the HTTP app. Knows no concrete adapter: everything arrives in deps.
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger as PinoLogger } from 'pino';
import { DosiError, E } from '../kernel/index.ts';
import type { Config } from '../config/index.ts';
import type { Db } from '../storage/index.ts';
import type { IdentityService } from '../identity/index.ts';
import { errorHandler } from './problem.ts';
import type { Metrics } from './metrics.ts';
import { opsRoutes } from './routes/ops.ts';
import { identityRoutes } from './routes/identity.ts';
import type { NgsiDeps } from './ngsi/deps.ts';
import { ngsiRoutes } from './ngsi/index.ts';
import type { DeviceService } from '../devices/index.ts';
import { deviceRoutes } from '../devices/routes.ts';
import { ingestRoutes, type IngestService } from '../ingest/index.ts';
import { commandRoutes, type CommandService } from '../ingest/commands.ts';
import { timeseriesRoutes } from '../timeseries/index.ts';
import { rulesRoutes, type RulesModule } from '../rules/index.ts';
import { consoleRoutes, consoleStatic } from './routes/console.ts';
import { wasteRoutes, type WasteService } from '../services/waste/index.ts';
import { cameraRoutes, type CamerasService } from '../cameras/index.ts';
import { capRoutes, notifyRoutes, type NotifyModule } from '../notify/index.ts';
import './request-context.ts';

export interface AppDeps extends NgsiDeps {
  config: Config;
  db: Db;
  log: PinoLogger;
  identity: IdentityService;
  metrics: Metrics;
  devices: DeviceService;
  /** Device ingestion (absent on processing-only nodes). */
  ingestion?: IngestService;
  commands?: CommandService;
  /** Rules, alarms and incidents. */
  rules?: RulesModule;
  /** City services. */
  waste?: WasteService;
  /** Cameras of the operations centre. */
  cameras?: CamerasService;
  /** Agency hand-over, CAP feed and WebSocket stream. */
  notify?: NotifyModule;
  /** Set by the server when shutting down: /readyz then answers 503. */
  isShuttingDown?: () => boolean;
  /** The built console (default web/dist). */
  webRoot?: string;
}

const JSON_TYPES = [
  'application/json',
  'application/ld+json',
  'application/merge-patch+json',
  'application/geo+json',
];

export async function build(deps: AppDeps): Promise<FastifyInstance> {
  const opts: FastifyServerOptions = {
    loggerInstance: deps.log,
    bodyLimit: deps.config.bodyLimit,
    // Per-request lines are off: the metrics histogram counts requests; errors are logged by the handler.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  };
  const app = Fastify(opts) as unknown as FastifyInstance;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '')
      return done(new DosiError(E.BAD_JSON, { detail: 'the body is empty' }), undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new DosiError(E.BAD_JSON, { detail: (err as Error).message }), undefined);
    }
  });

  app.setErrorHandler(errorHandler(deps.log));
  app.setNotFoundHandler((req, reply) => {
    const err = new DosiError(E.ROUTE_NOT_FOUND, { method: req.method, url: req.url.split('?')[0] });
    return errorHandler(deps.log)(err, req, reply);
  });

  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config.public === true || req.method === 'OPTIONS') return;
    if (req.routeOptions.url === undefined) return; // 404s are answered without authentication
    const h = req.headers;
    req.principal = await deps.identity.authenticate({
      ...(typeof h.authorization === 'string' ? { authorization: h.authorization } : {}),
      ...(typeof h['x-api-key'] === 'string' ? { apiKey: h['x-api-key'] } : {}),
      ...(typeof h['ngsild-tenant'] === 'string' ? { tenantHeader: h['ngsild-tenant'] } : {}),
    });
  });
  app.addHook('onResponse', async (req, reply) => {
    deps.metrics.httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'dosi platform API',
        version: '0.1.0',
        description:
          'dosi (도시) platform routes. The NGSI-LD API under /ngsi-ld/v1 follows ETSI GS CIM 009 v1.8.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  });
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), public: true };
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  await app.register(opsRoutes(deps));
  await app.register(identityRoutes({ identity: deps.identity }), { prefix: '/api/v1' });
  await app.register(deviceRoutes({ devices: deps.devices }), { prefix: '/api/v1' });
  if (deps.ingestion)
    await app.register(ingestRoutes({ db: deps.db, ingest: deps.ingestion, devices: deps.devices }), {
      prefix: '/api/v1',
    });
  await app.register(timeseriesRoutes({ db: deps.db }), { prefix: '/api/v1' });
  if (deps.commands) await app.register(commandRoutes({ commands: deps.commands }), { prefix: '/api/v1' });
  if (deps.rules) await app.register(rulesRoutes({ rules: deps.rules }), { prefix: '/api/v1' });
  if (deps.waste) await app.register(wasteRoutes({ waste: deps.waste }), { prefix: '/api/v1' });
  if (deps.cameras) await app.register(cameraRoutes({ cameras: deps.cameras }), { prefix: '/api/v1' });
  if (deps.notify) {
    const { service, hub } = deps.notify;
    const authenticate = (i: Parameters<IdentityService['authenticate']>[0]) => deps.identity.authenticate(i);
    await app.register(notifyRoutes({ notify: service, hub, authenticate }), { prefix: '/api/v1' });
    await app.register(capRoutes({ notify: service }));
  }
  await app.register(ngsiRoutes(deps), { prefix: '/ngsi-ld/v1' });
  // The operations console (web/) and the two routes it needs besides the platform API.
  await app.register(consoleRoutes({ mapTileUrl: deps.config.mapTileUrl }), { prefix: '/api/v1' });
  await app.register(consoleStatic(deps.webRoot));
  return app;
}
