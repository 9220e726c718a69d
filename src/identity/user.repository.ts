// SQL for users and their per-tenant roles (memberships).
import type { Queryable } from '../storage/index.ts';
import { isRole } from './rules.ts';
import { ROLES, type Role, type User } from './types.ts';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  platform_admin: boolean;
  disabled: boolean;
  created_at: string;
}

/** A user with what only this module may see. */
export interface UserRecord extends User {
  passwordHash: string;
}

const COLUMNS = 'id, username, display_name, email, password_hash, platform_admin, disabled, created_at';

function toRecord(r: UserRow, roles: Record<string, Role[]>): UserRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    email: r.email,
    platformAdmin: r.platform_admin,
    disabled: r.disabled,
    roles,
    createdAt: r.created_at,
    passwordHash: r.password_hash,
  };
}

export function publicUser(u: UserRecord): User {
  const { passwordHash: _omit, ...user } = u;
  return user;
}

export async function insertUser(q: Queryable, u: UserRecord): Promise<boolean> {
  const res = await q.query(
    `INSERT INTO users (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (username) DO NOTHING`,
    [u.id, u.username, u.displayName, u.email, u.passwordHash, u.platformAdmin, u.disabled, u.createdAt],
  );
  return res.rowCount > 0;
}

/** By id (urn:dosi:user:…) or by user name. */
export async function selectUser(q: Queryable, idOrName: string): Promise<UserRecord | null> {
  const col = idOrName.startsWith('urn:') ? 'id' : 'username';
  const row = (
    await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE ${col} = $1`, [
      idOrName.startsWith('urn:') ? idOrName : idOrName.toLowerCase(),
    ])
  ).rows[0];
  if (!row) return null;
  const roles = await selectRoleMap(q, [row.id]);
  return toRecord(row, roles.get(row.id) ?? {});
}

/** All users, or the members of one tenant (then only their roles in that tenant are shown). */
export async function selectUsers(q: Queryable, tenant?: string): Promise<UserRecord[]> {
  const rows = tenant
    ? (
        await q.query<UserRow>(
          `SELECT ${COLUMNS} FROM users WHERE id IN (SELECT user_id FROM memberships WHERE tenant = $1) ORDER BY username`,
          [tenant],
        )
      ).rows
    : (await q.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY username`)).rows;
  const roles = await selectRoleMap(
    q,
    rows.map((r) => r.id),
    tenant,
  );
  return rows.map((r) => toRecord(r, roles.get(r.id) ?? {}));
}

async function selectRoleMap(
  q: Queryable,
  ids: string[],
  tenant?: string,
): Promise<Map<string, Record<string, Role[]>>> {
  const out = new Map<string, Record<string, Role[]>>();
  if (ids.length === 0) return out;
  const res = await q.query<{ user_id: string; tenant: string; role: string }>(
    `SELECT user_id, tenant, role FROM memberships WHERE user_id = ANY($1::text[]) ${tenant ? 'AND tenant = $2' : ''} ORDER BY tenant`,
    tenant ? [ids, tenant] : [ids],
  );
  for (const r of res.rows) {
    if (!isRole(r.role)) continue; // a role removed from ROLES grants nothing
    const byTenant = out.get(r.user_id) ?? {};
    (byTenant[r.tenant] ??= []).push(r.role);
    out.set(r.user_id, byTenant);
  }
  for (const byTenant of out.values())
    for (const t of Object.keys(byTenant)) byTenant[t] = ROLES.filter((x) => byTenant[t]?.includes(x));
  return out;
}

/** Roles of an enabled user in one tenant; empty when none (or disabled, or not a user). */
export async function selectRolesIn(q: Queryable, userId: string, tenant: string): Promise<Role[]> {
  const res = await q.query<{ role: string }>(
    'SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.user_id = $1 AND m.tenant = $2 AND NOT u.disabled',
    [userId, tenant],
  );
  const have = new Set(res.rows.map((r) => r.role));
  return ROLES.filter((r) => have.has(r));
}

export async function insertMembership(
  q: Queryable,
  userId: string,
  tenant: string,
  role: Role,
): Promise<void> {
  await q.query(
    'INSERT INTO memberships (user_id, tenant, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [userId, tenant, role],
  );
}

export async function deleteMembership(
  q: Queryable,
  userId: string,
  tenant: string,
  role: Role,
): Promise<boolean> {
  return (
    (
      await q.query('DELETE FROM memberships WHERE user_id = $1 AND tenant = $2 AND role = $3', [
        userId,
        tenant,
        role,
      ])
    ).rowCount > 0
  );
}

export async function updateUser(
  q: Queryable,
  id: string,
  set: { passwordHash?: string; disabled?: boolean },
): Promise<void> {
  if (set.passwordHash !== undefined)
    await q.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, set.passwordHash]);
  if (set.disabled !== undefined)
    await q.query('UPDATE users SET disabled = $2 WHERE id = $1', [id, set.disabled]);
}
