// API key use cases: machine credentials bound to one tenant and a fixed set of roles.
import { randomUUID } from 'node:crypto';
import { DosiError, E, type Clock, type Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import {
  findLiveApiKey,
  hashApiKey,
  insertApiKey,
  newApiKeySecret,
  revokeApiKeyRow,
  selectApiKeys,
  touchApiKey,
} from './api-key.repository.ts';
import { checkRoles } from './rules.ts';
import type { Tenants } from './tenants.ts';
import type { ApiKey, Role } from './types.ts';

export const API_KEY_URN_PREFIX = 'urn:dosi:apikey:';

export interface NewApiKey {
  tenant: string;
  name: string;
  roles: readonly string[];
}

export function createApiKeys(deps: { db: Db; clock: Clock; log: Logger; tenants: Tenants }) {
  return {
    /** The secret `key` is returned here only; dosi keeps its SHA-256. */
    async createApiKey(input: NewApiKey): Promise<{ key: string; apiKey: ApiKey }> {
      const name = input.name.trim();
      if (name.length === 0 || name.length > 100)
        throw new DosiError(E.APIKEY_INVALID, { detail: 'the name needs 1–100 characters' });
      const roles = checkRoles(input.roles);
      if (roles.length === 0)
        throw new DosiError(E.APIKEY_INVALID, { detail: 'at least one role is needed' });
      if (!(await deps.tenants.findTenant(input.tenant)))
        throw new DosiError(E.TENANT_UNKNOWN, { tenant: input.tenant });
      const { key, prefix } = newApiKeySecret();
      const apiKey: ApiKey = {
        id: `${API_KEY_URN_PREFIX}${randomUUID()}`,
        tenant: input.tenant,
        name,
        prefix,
        roles,
        createdAt: deps.clock.now().toISOString(),
        lastUsedAt: null,
        revokedAt: null,
      };
      await insertApiKey(deps.db, apiKey, hashApiKey(key));
      deps.log.info({ apiKey: apiKey.id, tenant: apiKey.tenant, prefix, roles }, 'API key created');
      return { key, apiKey };
    },

    async verifyApiKey(key: string): Promise<{ id: string; tenant: string; roles: Role[] }> {
      const found = await findLiveApiKey(deps.db, key);
      if (!found)
        throw new DosiError(E.UNAUTHENTICATED, { detail: 'the API key is unknown, malformed or revoked' });
      await touchApiKey(deps.db, found.id, deps.clock.now().toISOString());
      return { id: found.id, tenant: found.tenant, roles: found.roles };
    },

    /** Revokes the key; with `tenant`, only a key of that tenant (so tenant admins cannot reach others). */
    async revokeApiKey(id: string, tenant?: string): Promise<void> {
      if (!(await revokeApiKeyRow(deps.db, id, deps.clock.now().toISOString(), tenant)))
        throw new DosiError(E.APIKEY_UNKNOWN, { id });
      deps.log.info({ apiKey: id }, 'API key revoked');
    },

    /** Never includes secrets or hashes. */
    async listApiKeys(tenant: string): Promise<ApiKey[]> {
      return selectApiKeys(deps.db, tenant);
    },
  };
}

export type ApiKeys = ReturnType<typeof createApiKeys>;
