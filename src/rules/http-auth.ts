// Permission check and list parsing shared by the rules and alarms route modules.
import type { FastifyRequest } from 'fastify';
import { assertCan, type Action as Permission, type Principal } from '../identity/index.ts';
import { principalOf } from '../api/request-context.ts';

export function as(req: FastifyRequest, action: Permission): Principal {
  const p = principalOf(req);
  assertCan(p, action);
  return p;
}

export const list = <T extends string>(s: string | undefined) =>
  s === undefined || s === '' ? undefined : (s.split(',').map((x) => x.trim()) as T[]);
