// Platform routes of the identity module under /api/v1: login, the current principal, tenants,
// users and API keys. Authorization is decided here with can()/assertCan(); the tenant of every
// request is the one authenticate() scoped the principal to (NGSILD-Tenant header or token).
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DosiError, E } from '../../kernel/index.ts';
import {
  assertCan,
  type Bounds,
  type IdentityService,
  type Principal,
  type User,
} from '../../identity/index.ts';
import { principalOf } from '../request-context.ts';
import * as S from './identity.schemas.ts';

/** What a tenant admin may see of a user: the roles in their own tenant only. */
function scopedUser(user: User, p: Principal): User {
  if (p.platformAdmin) return user;
  const roles = user.roles[p.tenant];
  return { ...user, roles: roles ? { [p.tenant]: roles } : {} };
}

export function identityRoutes(deps: { identity: IdentityService }): FastifyPluginAsync {
  const id = deps.identity;
  return (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    // RFC 6749 §5.1: token responses must not be cached.
    app.post(
      '/auth/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Log in with user name and password; returns a bearer token',
          security: [],
          body: S.LoginSchema,
          response: { 200: S.TokenSchema },
        },
      },
      async (req, reply) => {
        const user = await id.verifyPassword(req.body.username, req.body.password);
        const t = await id.issueToken({
          user,
          ...(req.body.tenant !== undefined ? { tenant: req.body.tenant } : {}),
        });
        void reply.header('cache-control', 'no-store');
        return {
          access_token: t.token,
          token_type: 'Bearer' as const,
          expires_in: t.expiresIn,
          tenant: t.tenant,
          roles: t.roles,
        };
      },
    );

    app.get(
      '/auth/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'Who am I: the authenticated principal and its tenant',
          response: { 200: S.MeSchema },
        },
      },
      async (req) => {
        const p = principalOf(req);
        if (p.kind !== 'user' || !p.subject.startsWith('urn:dosi:user:')) return { ...p };
        const u = await id.getUser(p.subject);
        return {
          ...p,
          username: u.username,
          displayName: u.displayName,
          tenants: Object.keys(u.roles).sort(),
        };
      },
    );

    app.get(
      '/tenants',
      {
        schema: {
          tags: ['tenants'],
          summary: 'Tenants you may use (all of them for platform administrators)',
          response: { 200: Type.Array(S.TenantSchema) },
        },
      },
      async (req) => {
        const p = principalOf(req);
        const all = await id.listTenants();
        if (p.platformAdmin) return all;
        const mine = await visibleTenants(p);
        return all.filter((t) => mine.has(t.code));
      },
    );

    app.post(
      '/tenants',
      {
        schema: {
          tags: ['tenants'],
          summary: 'Create a tenant (platform administrators)',
          body: S.NewTenantSchema,
          response: { 201: S.TenantSchema },
        },
      },
      async (req, reply) => {
        assertCan(principalOf(req), 'tenant:manage');
        const { bounds, ...rest } = req.body;
        const tenant = await id.createTenant({
          ...rest,
          ...(bounds !== undefined ? { bounds: bounds as Bounds | null } : {}),
        });
        return reply.code(201).send(tenant);
      },
    );

    app.get(
      '/tenants/:code',
      {
        schema: {
          tags: ['tenants'],
          summary: 'One tenant',
          params: S.CodeParams,
          response: { 200: S.TenantSchema },
        },
      },
      async (req) => {
        const p = principalOf(req);
        if (!p.platformAdmin && !(await visibleTenants(p)).has(req.params.code))
          throw new DosiError(E.TENANT_MISMATCH, { tenant: req.params.code });
        return id.getTenant(req.params.code);
      },
    );

    app.delete(
      '/tenants/:code',
      {
        schema: {
          tags: ['tenants'],
          summary: 'Delete a tenant with its memberships and API keys (platform administrators)',
          params: S.CodeParams,
          response: { 204: Type.Null() },
        },
      },
      async (req, reply) => {
        assertCan(principalOf(req), 'tenant:manage');
        await id.deleteTenant(req.params.code);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Members of the current tenant (tenant admins)',
          response: { 200: Type.Array(S.UserSchema) },
        },
      },
      async (req) => {
        const p = principalOf(req);
        assertCan(p, 'identity:manage');
        return (await id.listUsers(p.tenant)).map((u) => scopedUser(u, p));
      },
    );

    app.post(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Create a user with roles in the current tenant (tenant admins)',
          body: S.NewUserSchema,
          response: { 201: S.UserSchema },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        assertCan(p, 'identity:manage');
        const { roles = [], platformAdmin, displayName, email, ...rest } = req.body;
        if (platformAdmin === true) assertCan(p, 'tenant:manage');
        let user = await id.createUser({
          ...rest,
          ...(displayName !== undefined ? { displayName } : {}),
          ...(email !== undefined ? { email } : {}),
          ...(platformAdmin !== undefined ? { platformAdmin } : {}),
        });
        for (const role of roles) user = await id.grantRole(user.id, p.tenant, role);
        return reply.code(201).send(scopedUser(user, p));
      },
    );

    app.post(
      '/users/:id/roles',
      {
        schema: {
          tags: ['users'],
          summary: 'Grant a role in the current tenant (tenant admins)',
          params: S.IdParams,
          body: S.GrantSchema,
          response: { 200: S.UserSchema },
        },
      },
      async (req) => {
        const p = principalOf(req);
        assertCan(p, 'identity:manage');
        return scopedUser(await id.grantRole(req.params.id, p.tenant, req.body.role), p);
      },
    );

    app.delete(
      '/users/:id/roles/:role',
      {
        schema: {
          tags: ['users'],
          summary: 'Revoke a role in the current tenant (tenant admins)',
          params: S.RoleParams,
          response: { 200: S.UserSchema },
        },
      },
      async (req) => {
        const p = principalOf(req);
        assertCan(p, 'identity:manage');
        return scopedUser(await id.revokeRole(req.params.id, p.tenant, req.params.role), p);
      },
    );

    app.get(
      '/api-keys',
      {
        schema: {
          tags: ['api-keys'],
          summary: 'API keys of the current tenant (never their secrets)',
          response: { 200: Type.Array(S.ApiKeySchema) },
        },
      },
      async (req) => {
        const p = principalOf(req);
        assertCan(p, 'identity:manage');
        return id.listApiKeys(p.tenant);
      },
    );

    app.post(
      '/api-keys',
      {
        schema: {
          tags: ['api-keys'],
          summary: 'Create an API key for the current tenant; the secret is returned once',
          body: S.NewApiKeySchema,
          response: { 201: S.CreatedApiKeySchema },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        assertCan(p, 'identity:manage');
        const created = await id.createApiKey({
          tenant: p.tenant,
          name: req.body.name,
          roles: req.body.roles,
        });
        return reply.code(201).header('cache-control', 'no-store').send(created);
      },
    );

    app.delete(
      '/api-keys/:id',
      {
        schema: {
          tags: ['api-keys'],
          summary: 'Revoke an API key of the current tenant',
          params: S.KeyIdParams,
          response: { 204: Type.Null() },
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        assertCan(p, 'identity:manage');
        await id.revokeApiKey(req.params.id, p.tenant);
        return reply.code(204).send(null);
      },
    );

    async function visibleTenants(p: Principal): Promise<Set<string>> {
      if (p.kind !== 'user' || !p.subject.startsWith('urn:dosi:user:')) return new Set([p.tenant]);
      return new Set([p.tenant, ...Object.keys((await id.getUser(p.subject)).roles)]);
    }
    return Promise.resolve(); // FastifyPluginAsync: registration itself awaits nothing
  };
}
