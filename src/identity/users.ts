// User use cases: accounts, per-tenant roles and password checks.
import { randomUUID } from 'node:crypto';
import { DosiError, E, type Clock, type Logger } from '../kernel/index.ts';
import type { Db } from '../storage/index.ts';
import { dummyVerifier, hashPassword, verifyPassword as verifyHash } from './passwords.ts';
import { USERNAME_RE, checkEmail, checkPassword, checkRole, normalizeUsername } from './rules.ts';
import type { Tenants } from './tenants.ts';
import type { NewUser, Role, User } from './types.ts';
import {
  deleteMembership,
  insertMembership,
  insertUser,
  publicUser,
  selectUser,
  selectUsers,
  updateUser,
  type UserRecord,
} from './user.repository.ts';

export const USER_URN_PREFIX = 'urn:dosi:user:';

export function createUsers(deps: { db: Db; clock: Clock; log: Logger; tenants: Tenants }) {
  const dummy = dummyVerifier();

  async function record(idOrName: string): Promise<UserRecord> {
    const u = await selectUser(deps.db, idOrName);
    if (!u) throw new DosiError(E.USER_UNKNOWN, { user: idOrName });
    return u;
  }

  async function membership(
    idOrName: string,
    tenant: string,
    role: string,
  ): Promise<{ user: UserRecord; role: Role }> {
    const r = checkRole(role);
    const user = await record(idOrName);
    if (!(await deps.tenants.findTenant(tenant))) throw new DosiError(E.TENANT_UNKNOWN, { tenant });
    return { user, role: r };
  }

  return {
    /** For the other identity use cases: includes the password hash. */
    userRecord: record,

    async createUser(input: NewUser): Promise<User> {
      const username = normalizeUsername(input.username);
      const rec: UserRecord = {
        id: `${USER_URN_PREFIX}${randomUUID()}`,
        username,
        displayName: input.displayName?.trim() || username,
        email: input.email === undefined || input.email === '' ? null : checkEmail(input.email.trim()),
        platformAdmin: input.platformAdmin ?? false,
        disabled: false,
        roles: {},
        createdAt: deps.clock.now().toISOString(),
        passwordHash: await hashPassword(checkPassword(input.password)),
      };
      if (!(await insertUser(deps.db, rec))) throw new DosiError(E.USER_EXISTS, { user: username });
      deps.log.info({ user: rec.id, username, platformAdmin: rec.platformAdmin }, 'user created');
      return publicUser(rec);
    },

    async getUser(idOrName: string): Promise<User> {
      return publicUser(await record(idOrName));
    },

    /** All users, or the members of `tenant` with only their roles there. */
    async listUsers(tenant?: string): Promise<User[]> {
      return (await selectUsers(deps.db, tenant)).map(publicUser);
    },

    async grantRole(idOrName: string, tenant: string, role: string): Promise<User> {
      const m = await membership(idOrName, tenant, role);
      await insertMembership(deps.db, m.user.id, tenant, m.role);
      deps.log.info({ user: m.user.id, tenant, role: m.role }, 'role granted');
      return publicUser(await record(m.user.id));
    },

    async revokeRole(idOrName: string, tenant: string, role: string): Promise<User> {
      const m = await membership(idOrName, tenant, role);
      if (await deleteMembership(deps.db, m.user.id, tenant, m.role))
        deps.log.info({ user: m.user.id, tenant, role: m.role }, 'role revoked');
      return publicUser(await record(m.user.id));
    },

    async setPassword(idOrName: string, password: string): Promise<void> {
      const user = await record(idOrName);
      await updateUser(deps.db, user.id, { passwordHash: await hashPassword(checkPassword(password)) });
      deps.log.info({ user: user.id }, 'password changed');
    },

    async setDisabled(idOrName: string, disabled: boolean): Promise<User> {
      const user = await record(idOrName);
      await updateUser(deps.db, user.id, { disabled });
      deps.log.info({ user: user.id, disabled }, 'user enabled flag changed');
      return { ...publicUser(user), disabled };
    },

    /** The user, or E.BAD_CREDENTIALS; unknown and disabled users cost one hash like the others. */
    async verifyPassword(username: string, password: string): Promise<User> {
      const name = typeof username === 'string' ? username.trim().toLowerCase() : '';
      const user = USERNAME_RE.test(name) ? await selectUser(deps.db, name) : null;
      if (!user || user.disabled || typeof password !== 'string') {
        await dummy(typeof password === 'string' ? password : '');
        throw new DosiError(E.BAD_CREDENTIALS);
      }
      if (!(await verifyHash(user.passwordHash, password))) throw new DosiError(E.BAD_CREDENTIALS);
      return publicUser(user);
    },
  };
}

export type Users = ReturnType<typeof createUsers>;
