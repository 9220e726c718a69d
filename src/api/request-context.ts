// Request decorations shared by all routes.
import type { Principal } from '../identity/types.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook; undefined only on public routes. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Route needs no authentication (health, login, docs). */
    public?: boolean;
  }
}

export {};
