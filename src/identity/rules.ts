// Validation of identity input. Pure: every failure is a coded DosiError listing what is wrong.
import { DosiError, E } from '../kernel/index.ts';
import { ROLES, type Bounds, type Role } from './types.ts';

/** Tenant codes double as NGSILD-Tenant header values and URL segments, so they stay plain. */
export const TENANT_CODE_RE = /^[a-z][a-z0-9_-]{1,39}$/;
/** Lower-case; e-mail-like names are allowed. */
export const USERNAME_RE = /^[a-z0-9][a-z0-9._@-]{1,63}$/;
export const PASSWORD_MIN = 10;
/** Long enough for any passphrase, short enough that hashing cannot be abused. */
export const PASSWORD_MAX = 1024;

export function isTenantCode(code: string): boolean {
  return TENANT_CODE_RE.test(code);
}

export function checkTenantCode(code: string): string {
  if (!isTenantCode(code)) {
    throw new DosiError(E.TENANT_INVALID, {
      tenant: code,
      detail: `must match ${TENANT_CODE_RE.source} (lower-case letter first, 2–40 characters)`,
    });
  }
  return code;
}

export function checkTimeZone(code: string, tz: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    throw new DosiError(E.TENANT_INVALID, { tenant: code, detail: `unknown IANA time zone ${tz}` });
  }
}

export function checkBounds(code: string, b: Bounds | null): Bounds | null {
  if (b === null) return null;
  const ok =
    Array.isArray(b) &&
    b.length === 4 &&
    b.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    b[0] >= -180 &&
    b[2] <= 180 &&
    b[1] >= -90 &&
    b[3] <= 90 &&
    b[0] <= b[2] &&
    b[1] <= b[3];
  if (!ok)
    throw new DosiError(E.TENANT_INVALID, {
      tenant: code,
      detail: 'bounds must be [minLon, minLat, maxLon, maxLat] in WGS 84 degrees',
    });
  return [b[0], b[1], b[2], b[3]];
}

export function normalizeUsername(username: string): string {
  const u = username.trim().toLowerCase();
  if (!USERNAME_RE.test(u))
    throw new DosiError(E.USER_INVALID, { detail: `user name must match ${USERNAME_RE.source}` });
  return u;
}

export function checkPassword(password: string): string {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN)
    throw new DosiError(E.USER_INVALID, { detail: `the password needs at least ${PASSWORD_MIN} characters` });
  if (password.length > PASSWORD_MAX)
    throw new DosiError(E.USER_INVALID, {
      detail: `the password may have at most ${PASSWORD_MAX} characters`,
    });
  return password;
}

export function checkEmail(email: string): string {
  if (!/^[^\s@]+@[^\s@]+$/.test(email))
    throw new DosiError(E.USER_INVALID, { detail: `not an e-mail address: ${email}` });
  return email;
}

export function isRole(r: unknown): r is Role {
  return typeof r === 'string' && (ROLES as readonly string[]).includes(r);
}

export function checkRole(r: string): Role {
  if (!isRole(r)) throw new DosiError(E.ROLE_INVALID, { role: r, roles: ROLES.join(', ') });
  return r;
}

/** Deduplicated, in the order of ROLES so that output is stable. */
export function checkRoles(roles: readonly string[]): Role[] {
  const set = new Set(roles.map(checkRole));
  return ROLES.filter((r) => set.has(r));
}
