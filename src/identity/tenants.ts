// Tenant use cases. A tenant is a municipality; its code is the NGSILD-Tenant header value.
import { DosiError, E, type Clock, type Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { checkBounds, checkTenantCode, checkTimeZone } from './rules.ts';
import {
  deleteTenantRow,
  insertTenant,
  selectDefaultTenant,
  selectTenant,
  selectTenants,
} from './tenant.repository.ts';
import type { NewTenant, Tenant } from './types.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Seoul';
/** Existence answers are cached this long; deletion by another process is seen after at most this. */
const KNOWN_TTL_MS = 10_000;

export function createTenants(deps: { db: Db; clock: Clock; log: Logger }) {
  const known = new Map<string, number>(); // code → cache expiry (ms)

  function toTenant(input: NewTenant): Tenant {
    const code = checkTenantCode(input.code);
    return {
      code,
      nameKo: input.nameKo?.trim() || code,
      nameEn: input.nameEn?.trim() || code,
      adminCode: input.adminCode?.trim() ?? '',
      timeZone: checkTimeZone(code, input.timeZone ?? DEFAULT_TIME_ZONE),
      bounds: checkBounds(code, input.bounds ?? null),
      createdAt: deps.clock.now().toISOString(),
    };
  }

  function remember(code: string): void {
    known.set(code, deps.clock.now().getTime() + KNOWN_TTL_MS);
  }

  const ops = {
    async createTenant(input: NewTenant): Promise<Tenant> {
      const created = await insertTenant(deps.db, toTenant(input));
      if (!created) throw new DosiError(E.TENANT_EXISTS, { tenant: input.code });
      deps.log.info({ tenant: created.code }, 'tenant created');
      remember(created.code);
      return created;
    },
    async findTenant(code: string): Promise<Tenant | null> {
      return selectTenant(deps.db, code);
    },
    async getTenant(code: string): Promise<Tenant> {
      const t = await selectTenant(deps.db, code);
      if (!t) throw new DosiError(E.TENANT_UNKNOWN, { tenant: code });
      return t;
    },
    async listTenants(): Promise<Tenant[]> {
      return selectTenants(deps.db);
    },
    /** Creates the tenant with defaults when missing (NGSI-LD brokers create tenants on first use). */
    async ensureTenant(code: string): Promise<Tenant> {
      const created = await insertTenant(deps.db, toTenant({ code }));
      if (created) deps.log.info({ tenant: code }, 'tenant created on first use');
      remember(code);
      return created ?? (await ops.getTenant(code));
    },
    /** Deletes the tenant with its memberships and API keys (the context data is not ours to delete). */
    async deleteTenant(code: string): Promise<void> {
      known.delete(code);
      if (!(await deleteTenantRow(deps.db, code))) throw new DosiError(E.TENANT_UNKNOWN, { tenant: code });
      deps.log.info({ tenant: code }, 'tenant deleted');
    },
    /** Cached: called on every authenticated request. */
    async tenantExists(code: string): Promise<boolean> {
      const until = known.get(code);
      if (until !== undefined && until > deps.clock.now().getTime()) return true;
      const t = await selectTenant(deps.db, code);
      if (t) remember(code);
      else known.delete(code);
      return t !== null;
    },
    /** The tenant `preferred` if it exists, else the oldest tenant, else null. */
    async defaultTenant(preferred: string): Promise<string | null> {
      return selectDefaultTenant(deps.db, preferred);
    },
  };
  return ops;
}

export type Tenants = ReturnType<typeof createTenants>;
