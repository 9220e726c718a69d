// Per-request NGSI-LD plumbing: tenant, @context (Link header or inline), Accept negotiation and
// the Link/@context of the response. NGSI-LD 1.8 §6.3.5 (Link), §6.3.4 (content types), §6.3.6 (Accept).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DosiError, E } from '../../kernel/index.ts';
import {
  formatLinkHeader,
  isLdContextError,
  parseLinkHeader,
  type ActiveContext,
} from '../../context/jsonld/index.ts';
import type { NgsiDeps } from './deps.ts';

export type MediaType = 'application/json' | 'application/ld+json' | 'application/geo+json';

export interface NgsiRequest {
  tenant: string;
  ctx: ActiveContext;
  accept: MediaType;
}

function mediaOf(req: FastifyRequest): string | undefined {
  return req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
}

export function tenantOf(req: FastifyRequest): string {
  const p = req.principal;
  if (!p) throw new DosiError(E.UNAUTHENTICATED, { detail: 'no principal' });
  return p.tenant;
}

/** Picks the response media type from Accept; 406 when none can be produced. */
export function negotiate(req: FastifyRequest, allowGeo: boolean): MediaType {
  const header = req.headers.accept;
  if (!header) return 'application/json';
  const ranges = header
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.trim().split(';');
      const qp = params.find((p) => p.trim().startsWith('q='));
      return { type: type.trim().toLowerCase(), q: qp ? Number(qp.trim().slice(2)) : 1 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const r of ranges) {
    if (r.type === 'application/ld+json') return 'application/ld+json';
    if (r.type === 'application/geo+json' && allowGeo) return 'application/geo+json';
    if (r.type === 'application/json' || r.type === '*/*' || r.type === 'application/*')
      return 'application/json';
  }
  throw new DosiError(E.NOT_ACCEPTABLE, { accept: header });
}

async function resolve(deps: NgsiDeps, ctx: unknown): Promise<ActiveContext> {
  try {
    return await deps.contexts.resolve(ctx);
  } catch (err) {
    if (isLdContextError(err)) {
      if (err.kind === 'LdContextNotAvailable') throw new DosiError(E.NGSI_CONTEXT, { detail: err.message });
      throw new DosiError(err.kind === 'InvalidRequest' ? E.NGSI_INVALID_REQUEST : E.NGSI_BAD_DATA, {
        detail: err.message,
      });
    }
    throw err;
  }
}

/** For requests with a JSON body: checks the content type and where the @context comes from. */
export async function withBody(
  req: FastifyRequest,
  deps: NgsiDeps,
  opts: { allowGeo?: boolean; mergePatch?: boolean } = {},
): Promise<NgsiRequest & { body: unknown }> {
  const media = mediaOf(req);
  const allowed = [
    'application/json',
    'application/ld+json',
    ...(opts.mergePatch ? ['application/merge-patch+json'] : []),
  ];
  if (!media || !allowed.includes(media))
    throw new DosiError(E.BAD_CONTENT_TYPE, { type: media ?? '(none)', expected: allowed.join(' or ') });
  const body: unknown = req.body;
  const link = parseLinkHeader(req.headers.link);
  let ctxSource: unknown;
  if (media === 'application/ld+json') {
    // §6.3.5: with application/ld+json the @context is in the body and a Link header is an error.
    if (link)
      throw new DosiError(E.NGSI_INVALID_REQUEST, {
        detail: 'a JSON-LD Link header must not be used with Content-Type application/ld+json',
      });
    const first = Array.isArray(body) ? (body[0] as unknown) : body;
    const ctx =
      first && typeof first === 'object' ? (first as Record<string, unknown>)['@context'] : undefined;
    if (ctx === undefined)
      throw new DosiError(E.NGSI_BAD_DATA, {
        detail: 'a body sent as application/ld+json must carry an @context',
      });
    ctxSource = ctx;
  } else {
    if (body && typeof body === 'object' && '@context' in body)
      throw new DosiError(E.NGSI_BAD_DATA, {
        detail: 'an @context in the body needs Content-Type application/ld+json',
      });
    ctxSource = link;
  }
  return {
    tenant: tenantOf(req),
    ctx: await resolve(deps, ctxSource),
    accept: negotiate(req, opts.allowGeo ?? false),
    body,
  };
}

/** For requests without a body (GET, DELETE): the @context comes from the Link header. */
export async function withoutBody(
  req: FastifyRequest,
  deps: NgsiDeps,
  opts: { allowGeo?: boolean } = {},
): Promise<NgsiRequest> {
  const accept = negotiate(req, opts.allowGeo ?? false);
  return { tenant: tenantOf(req), ctx: await resolve(deps, parseLinkHeader(req.headers.link)), accept };
}

/** Sends a JSON payload in the negotiated media type, with the @context as a Link header or inline. */
export function sendJson(reply: FastifyReply, r: NgsiRequest, payload: unknown, status = 200): FastifyReply {
  reply.code(status);
  if (r.accept === 'application/ld+json') {
    const ctx = r.ctx.asJsonLdContext();
    const withCtx = (o: unknown) =>
      o && typeof o === 'object' && !Array.isArray(o) ? { ...o, '@context': ctx } : o;
    return reply
      .type('application/ld+json')
      .send(Array.isArray(payload) ? payload.map(withCtx) : withCtx(payload));
  }
  const url = r.ctx.linkUrl ?? r.ctx.contextUrls[0];
  if (url) reply.header('link', formatLinkHeader(url));
  return reply.type(r.accept).send(payload);
}
