// The one place that turns request headers into a Principal scoped to exactly one tenant.
import type { Config } from '../config/index.ts';
import { DosiError, E } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import type { ApiKeys } from './api-keys.ts';
import { API_KEY_RE } from './api-key.repository.ts';
import { DEFAULT_TENANT } from './issue-token.ts';
import { isTenantCode } from './rules.ts';
import type { Tenants } from './tenants.ts';
import type { TokenSigner } from './tokens.ts';
import type { AuthRequest, Principal, TokenClaims } from './types.ts';
import { selectRolesIn } from './user.repository.ts';

/**
 * With DOSI_AUTH=none and no NGSILD-Tenant header, requests use the default tenant
 * (NGSI-LD 1.8, multi-tenancy: a request without NGSILD-Tenant addresses the default tenant). Decision: that is
 * `hanam` if it exists, else the oldest tenant, else a tenant `default` created on first use.
 * So the demo data is what an unauthenticated local run sees, and an empty install still works.
 */
export const FALLBACK_TENANT = 'default';

export interface AuthDeps {
  db: Db;
  config: Pick<Config, 'auth'>;
  tenants: Tenants;
  signer: TokenSigner;
  apiKeys: ApiKeys;
}

export function createAuthenticator(deps: AuthDeps): (req: AuthRequest) => Promise<Principal> {
  async function anonymous(tenantHeader: string | undefined): Promise<Principal> {
    let tenant = tenantHeader;
    if (tenant === undefined) tenant = (await deps.tenants.defaultTenant(DEFAULT_TENANT)) ?? FALLBACK_TENANT;
    // ensureTenant validates the code (400 for a bad one) and creates it on first use.
    if (!(await deps.tenants.tenantExists(tenant))) await deps.tenants.ensureTenant(tenant);
    // No authentication at all (loopback-only conformance runs): the caller may do everything.
    return { kind: 'anonymous', subject: 'anonymous', tenant, roles: ['admin'], platformAdmin: true };
  }

  async function mustExist(tenant: string): Promise<void> {
    if (!isTenantCode(tenant) || !(await deps.tenants.tenantExists(tenant)))
      throw new DosiError(E.TENANT_UNKNOWN, { tenant });
  }

  async function fromToken(token: string, tenantHeader: string | undefined): Promise<Principal> {
    const claims: TokenClaims = await deps.signer.verify(token);
    const base = { kind: 'user', subject: claims.sub, platformAdmin: claims.platform_admin } as const;
    const tenant = tenantHeader ?? claims.tenant;
    if (tenant === claims.tenant) {
      // Fast path: the token vouches for its own tenant until it expires.
      await mustExist(tenant);
      return { ...base, tenant, roles: claims.roles };
    }
    if (claims.platform_admin) {
      await mustExist(tenant);
      return { ...base, tenant, roles: ['admin'] };
    }
    // Another tenant: the database decides (roles may have changed since the token was issued).
    // Membership is checked before existence so that outsiders learn nothing about tenant names.
    const roles = isTenantCode(tenant) ? await selectRolesIn(deps.db, claims.sub, tenant) : [];
    if (roles.length === 0) throw new DosiError(E.TENANT_MISMATCH, { tenant });
    return { ...base, tenant, roles };
  }

  async function fromApiKey(key: string, tenantHeader: string | undefined): Promise<Principal> {
    const k = await deps.apiKeys.verifyApiKey(key);
    if (tenantHeader !== undefined && tenantHeader !== k.tenant)
      throw new DosiError(E.TENANT_MISMATCH, { tenant: tenantHeader });
    return { kind: 'apikey', subject: k.id, tenant: k.tenant, roles: k.roles, platformAdmin: false };
  }

  return async (req) => {
    const tenantHeader = req.tenantHeader?.trim() || undefined;
    if (deps.config.auth === 'none') return anonymous(tenantHeader);
    const bearer = parseAuthorization(req.authorization);
    const apiKey = req.apiKey?.trim() || undefined;
    if (bearer !== undefined && apiKey !== undefined)
      throw new DosiError(E.UNAUTHENTICATED, { detail: 'send either Authorization or X-API-Key, not both' });
    // Clients that can only send bearer tokens may pass an API key as one.
    if (apiKey !== undefined) return fromApiKey(apiKey, tenantHeader);
    if (bearer !== undefined)
      return API_KEY_RE.test(bearer) ? fromApiKey(bearer, tenantHeader) : fromToken(bearer, tenantHeader);
    throw new DosiError(E.UNAUTHENTICATED, {
      detail: 'no credentials; send Authorization: Bearer <token> or X-API-Key',
    });
  };
}

/** RFC 6750 §2.1: `Bearer <token>`; the scheme is case-insensitive. */
function parseAuthorization(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const m = /^(\S+)\s+(\S+)\s*$/.exec(header.trim());
  if (!m?.[1] || !m[2]) throw new DosiError(E.UNAUTHENTICATED, { detail: 'malformed Authorization header' });
  if (m[1].toLowerCase() !== 'bearer')
    throw new DosiError(E.UNAUTHENTICATED, {
      detail: `unsupported authorization scheme ${m[1]}; use Bearer`,
    });
  return m[2];
}
