// Request decorations shared by all routes.
import { DosiError, E } from '../kernel/index.ts';
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

/** The principal of an authenticated route; only public routes run without one (reaching here then is a wiring error). */
export function principalOf(req: { principal?: Principal }): Principal {
  if (!req.principal) throw new DosiError(E.UNAUTHENTICATED, { detail: 'no credentials' });
  return req.principal;
}
