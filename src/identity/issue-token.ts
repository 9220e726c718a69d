// Issuing access tokens for users (login, CLI) and for named non-user subjects (CLI, services).
import { DosiError, E } from '../kernel/index.ts';
import { checkRoles } from './rules.ts';
import type { Tenants } from './tenants.ts';
import type { TokenSigner } from './tokens.ts';
import type { IssuedToken, Role, User } from './types.ts';
import { USER_URN_PREFIX, type Users } from './users.ts';

export const DEFAULT_TENANT = 'hanam';
const MAX_TTL = 31_536_000;

export type IssueTokenInput =
  | {
      /** A user, its id or its user name. */
      user: User | string;
      /** Default: a tenant the user has roles in (hanam first), or the default tenant for platform admins. */
      tenant?: string;
      /** Narrow the token to these roles (each must be held). Default: all roles in the tenant. */
      roles?: readonly string[];
      ttlSeconds?: number;
    }
  | {
      /** A non-user subject such as 'svc:waste-optimizer'; scoped to one tenant and the given roles. */
      subject: string;
      name?: string;
      tenant: string;
      roles: readonly string[];
      ttlSeconds?: number;
    };

export function createTokenIssuer(deps: {
  signer: TokenSigner;
  users: Users;
  tenants: Tenants;
  defaultTtl: number;
}) {
  function ttl(s: number | undefined): number {
    const v = s ?? deps.defaultTtl;
    if (!Number.isInteger(v) || v < 1 || v > MAX_TTL)
      throw new DosiError(E.VALIDATION, { detail: `ttlSeconds must be an integer in 1…${MAX_TTL}` });
    return v;
  }

  async function pickTenant(user: User, wanted: string | undefined): Promise<string> {
    const mine = Object.keys(user.roles).sort(
      (a, b) => Number(b === DEFAULT_TENANT) - Number(a === DEFAULT_TENANT) || a.localeCompare(b),
    );
    const tenant =
      wanted ?? mine[0] ?? (user.platformAdmin ? await deps.tenants.defaultTenant(DEFAULT_TENANT) : null);
    if (tenant === null)
      throw new DosiError(E.FORBIDDEN, { detail: `user ${user.username} has no role in any tenant` });
    if (!(await deps.tenants.tenantExists(tenant))) throw new DosiError(E.TENANT_UNKNOWN, { tenant });
    return tenant;
  }

  async function forUser(input: Extract<IssueTokenInput, { user: unknown }>): Promise<IssuedToken> {
    const user = await deps.users.getUser(typeof input.user === 'string' ? input.user : input.user.id);
    if (user.disabled)
      throw new DosiError(E.UNAUTHENTICATED, { detail: `user ${user.username} is disabled` });
    const tenant = await pickTenant(user, input.tenant);
    const held = user.roles[tenant] ?? [];
    if (held.length === 0 && !user.platformAdmin) throw new DosiError(E.TENANT_MISMATCH, { tenant });
    // Platform administrators act as tenant admins wherever they have no role of their own.
    const available: Role[] = held.length > 0 ? held : ['admin'];
    const roles = input.roles ? checkRoles(input.roles) : available;
    const extra = roles.filter((r) => !available.includes(r));
    if (extra.length > 0 && !user.platformAdmin)
      throw new DosiError(E.FORBIDDEN, {
        detail: `user ${user.username} does not hold ${extra.join(', ')} in ${tenant}`,
      });
    const tenants = [...new Set([...Object.keys(user.roles), tenant])].sort();
    const ttlSeconds = ttl(input.ttlSeconds);
    const { token, claims } = await deps.signer.issue(
      {
        sub: user.id,
        preferred_username: user.username,
        name: user.displayName,
        tenant,
        tenants,
        roles,
        platform_admin: user.platformAdmin,
      },
      ttlSeconds,
    );
    return { token, expiresIn: ttlSeconds, tenant, roles, claims };
  }

  async function forSubject(input: Extract<IssueTokenInput, { subject: unknown }>): Promise<IssuedToken> {
    const subject = input.subject.trim();
    if (subject === '' || subject.startsWith(USER_URN_PREFIX))
      throw new DosiError(E.VALIDATION, {
        detail: 'a token subject must be non-empty and not a user id; pass user instead',
      });
    const roles = checkRoles(input.roles);
    if (roles.length === 0)
      throw new DosiError(E.VALIDATION, { detail: 'a subject token needs at least one role' });
    if (!(await deps.tenants.tenantExists(input.tenant)))
      throw new DosiError(E.TENANT_UNKNOWN, { tenant: input.tenant });
    const ttlSeconds = ttl(input.ttlSeconds);
    const { token, claims } = await deps.signer.issue(
      {
        sub: subject,
        preferred_username: subject,
        name: input.name ?? subject,
        tenant: input.tenant,
        tenants: [input.tenant],
        roles,
        platform_admin: false,
      },
      ttlSeconds,
    );
    return { token, expiresIn: ttlSeconds, tenant: input.tenant, roles, claims };
  }

  return {
    issueToken: (input: IssueTokenInput): Promise<IssuedToken> =>
      'user' in input ? forUser(input) : forSubject(input),
  };
}
