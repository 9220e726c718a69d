// The operations console: its settings and base-map data (authenticated), and the built web app
// (web/dist, public). The console is a separate Vite build that talks to dosi over HTTP only.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import Type from 'typebox';
import { hanamDongs } from '../../sim/index.ts';
import { principalOf } from '../request-context.ts';

/** Where `npm run build:web` writes the console. */
export const WEB_DIST = join(import.meta.dirname, '..', '..', '..', 'web', 'dist');

const ATTRIBUTION = '행정구역 경계 © 통계청 KOSTAT 2018, KOGL type 1 (공공누리 제1유형)';

/** Tenants whose dong boundaries ship with dosi (the demo city). Others get an empty collection. */
let hanam: unknown[] | undefined;
function boundariesOf(tenant: string): {
  type: 'FeatureCollection';
  attribution: string;
  features: unknown[];
} {
  hanam ??= hanamDongs().map((d) => ({
    type: 'Feature',
    properties: { code: d.code, name: d.nameKo, name_eng: d.nameEn ?? null },
    geometry: d.geometry,
  }));
  return { type: 'FeatureCollection', attribution: ATTRIBUTION, features: tenant === 'hanam' ? hanam : [] };
}

const ConsoleConfig = Type.Object({
  tileUrl: Type.Union([Type.String(), Type.Null()]),
  attribution: Type.String(),
});

/** /api/v1 routes the console needs besides the platform API. */
export function consoleRoutes(deps: { mapTileUrl?: string | undefined }): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/console/config',
      {
        config: { public: true },
        schema: {
          tags: ['console'],
          summary: 'Console settings: map tile URL',
          response: { 200: ConsoleConfig },
        },
      },
      async () => ({ tileUrl: deps.mapTileUrl ?? null, attribution: ATTRIBUTION }),
    );
    app.get(
      '/tenants/:code/boundaries',
      {
        schema: {
          tags: ['console'],
          summary: "GeoJSON of the tenant's administrative dong boundaries (offline base map)",
          params: Type.Object({ code: Type.String() }),
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        const { code } = req.params as { code: string };
        // Only the tenant the request is scoped to: another tenant's code reads as an empty map.
        void reply.header('cache-control', 'private, max-age=3600');
        return boundariesOf(code === p.tenant ? code : '');
      },
    );
  };
}

/** Serves web/dist at / when it was built; otherwise / says how to build it. */
export function consoleStatic(root = WEB_DIST): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), public: true };
      route.schema = { ...(route.schema ?? {}), hide: true };
    });
    if (!existsSync(join(root, 'index.html'))) {
      app.get('/', async (_req, reply) =>
        reply.type('text/plain; charset=utf-8').send('The console is not built: run `npm run build:web`.\n'),
      );
      return;
    }
    // wildcard: false registers one route per built file, so unknown paths keep dosi's problem+json 404.
    await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  };
}
