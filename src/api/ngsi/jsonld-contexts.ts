// /jsonldContexts (NGSI-LD 1.8 §5.13): clients host their @context documents in dosi.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DosiError, E } from '../../kernel/index.ts';
import type { NgsiDeps } from './deps.ts';
import { queryOf, str } from './params.ts';

export function jsonldContextRoutes(deps: NgsiDeps) {
  return async (app: FastifyInstance) => {
    app.post('/jsonldContexts', async (req, reply) => {
      const body = req.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object' || Array.isArray(body) || !('@context' in body)) {
        throw new DosiError(E.NGSI_BAD_DATA, {
          detail: 'the body must be a JSON-LD document with an @context member',
        });
      }
      const id = randomUUID();
      // Validate by resolving it before it is stored.
      try {
        await deps.contexts.resolve(body['@context']);
      } catch (err) {
        throw new DosiError(E.NGSI_BAD_DATA, {
          detail: `the @context is not valid: ${(err as Error).message}`,
        });
      }
      await deps.contextStore.put(id, body, 'Hosted');
      return reply.code(201).header('location', `/ngsi-ld/v1/jsonldContexts/${id}`).send();
    });

    app.get('/jsonldContexts', async (req, reply) => {
      const details = str(queryOf(req), 'details') === 'true';
      const kind = str(queryOf(req), 'kind');
      const all = (await deps.contextStore.list()).filter((c) => !kind || c.kind === kind);
      return reply
        .type('application/json')
        .send(
          details
            ? all.map((c) => ({ URL: urlOf(c.id), localId: c.id, kind: c.kind, createdAt: c.createdAt }))
            : all.map((c) => urlOf(c.id)),
        );
    });

    app.get<{ Params: { id: string } }>('/jsonldContexts/:id', async (req, reply) => {
      const c = await deps.contextStore.get(req.params.id);
      if (!c) throw new DosiError(E.NGSI_NOT_FOUND, { what: '@context', id: req.params.id });
      return reply.type('application/ld+json').send(c.body);
    });

    app.delete<{ Params: { id: string } }>('/jsonldContexts/:id', async (req, reply) => {
      if (!(await deps.contextStore.delete(req.params.id)))
        throw new DosiError(E.NGSI_NOT_FOUND, { what: '@context', id: req.params.id });
      deps.contexts.invalidate(req.params.id);
      return reply.code(204).send();
    });
  };
}

function urlOf(id: string): string {
  return /^https?:/.test(id) ? id : `/ngsi-ld/v1/jsonldContexts/${id}`;
}
