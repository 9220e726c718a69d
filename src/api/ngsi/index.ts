// The NGSI-LD API (ETSI GS CIM 009 v1.8) under /ngsi-ld/v1. Hidden from the OpenAPI document:
// the ETSI specification is its contract.
import type { FastifyPluginAsync } from 'fastify';
import type { NgsiDeps } from './deps.ts';
import { entityRoutes } from './entities.ts';
import { batchRoutes } from './batch.ts';
import { discoveryRoutes } from './discovery.ts';
import { jsonldContextRoutes } from './jsonld-contexts.ts';
import { subscriptionRoutes } from './subscriptions.ts';
import { temporalRoutes } from './temporal.ts';

export function ngsiRoutes(deps: NgsiDeps): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRoute', (route) => {
      route.schema = { ...(route.schema ?? {}), hide: true };
    });
    await app.register(entityRoutes(deps));
    await app.register(batchRoutes(deps));
    await app.register(discoveryRoutes(deps));
    await app.register(jsonldContextRoutes(deps));
    await app.register(subscriptionRoutes(deps));
    await app.register(temporalRoutes(deps));
  };
}
