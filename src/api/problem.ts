// Renders errors: ETSI ProblemDetails on /ngsi-ld (GS CIM 009 §5.5.2), RFC 9457 problem+json elsewhere.
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DosiError, E, NGSI_ERROR_TYPES, type ErrorDefinition, type Logger } from '../kernel/index.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
}

export function problemFor(err: DosiError, ngsi: boolean): Problem {
  return {
    type: ngsi ? NGSI_ERROR_TYPES[err.def.ngsi] : `urn:dosi:error:${err.code}`,
    title: ngsi ? err.def.ngsi : titleOf(err.def),
    status: err.status,
    detail: err.message,
    code: err.code,
  };
}

function titleOf(def: ErrorDefinition): string {
  return def.code
    .replace(/^DOSI_ERR_/, '')
    .toLowerCase()
    .replace(/_/g, ' ');
}

/** Maps fastify's own errors (body parser, validation, limits) onto our codes. */
export function toDosiError(err: FastifyError | Error, req: FastifyRequest): DosiError | undefined {
  if (err instanceof DosiError) return err;
  const fe = err as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DosiError(E.BAD_CONTENT_TYPE, {
        type: req.headers['content-type'] ?? '(none)',
        expected: 'application/json or application/ld+json',
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DosiError(E.BODY_TOO_LARGE, { limit: req.routeOptions.bodyLimit ?? 'the limit' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DosiError(E.BAD_JSON, { detail: fe.message });
    case 'FST_ERR_CTP_EMPTY_TYPE':
      return new DosiError(E.BAD_CONTENT_TYPE, { type: '(empty)', expected: 'application/json' });
    default:
      break;
  }
  if (fe.validation)
    return new DosiError(E.VALIDATION, {
      detail: `${fe.validationContext ?? 'request'}${fe.message.replace(/^[a-z]+/, '')}`,
    });
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 404) return new DosiError(E.ROUTE_NOT_FOUND, { method: req.method, url: req.url });
    if (fe.statusCode === 429) return new DosiError(E.RATE_LIMITED);
    return new DosiError(E.VALIDATION, { detail: fe.message });
  }
  return undefined;
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).header('content-type', 'application/problem+json').send(problem);
}

export function errorHandler(log: Logger) {
  return (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const ngsi = req.url.startsWith('/ngsi-ld/');
    const known = toDosiError(err, req);
    if (known) {
      if (known.status >= 500) log.error({ err: known, url: req.url }, known.message);
      return sendProblem(reply, problemFor(known, ngsi));
    }
    // Unknown errors leak nothing but a reference to the log line.
    const ref = randomUUID();
    log.error({ err, ref, url: req.url, method: req.method }, 'unhandled error');
    return sendProblem(reply, problemFor(new DosiError(E.INTERNAL, { ref }), ngsi));
  };
}
