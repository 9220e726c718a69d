// First-start demo setup: the tenant hanam (하남시) and an `admin` login printed once by the server.
import { randomInt } from 'node:crypto';
import { DosiError, E } from '../kernel/index.ts';
import type { Tenants } from './tenants.ts';
import type { NewTenant } from './types.ts';
import type { Users } from './users.ts';

/**
 * Hanam-si, Gyeonggi-do. Admin code 41450 is the 행정표준코드 (KOSTAT's 2018 boundary file uses 31180).
 * Bounds: the KOSTAT 2018 municipal boundary spans [127.140, 37.469, 127.286, 37.592]; rounded outward.
 */
export const HANAM: Required<NewTenant> = {
  code: 'hanam',
  nameKo: '하남시',
  nameEn: 'Hanam-si',
  adminCode: '41450',
  timeZone: 'Asia/Seoul',
  bounds: [127.13, 37.46, 127.29, 37.6],
};

export interface DemoOptions {
  tenant?: string;
  username?: string;
  /** Fixed password (tests, scripted installs); default: 20 random characters. */
  password?: string;
}

export interface DemoResult {
  /** True when the admin user was created now; only then is the password returned. */
  created: boolean;
  tenant: string;
  username: string;
  password?: string;
}

const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/l/I

export function randomPassword(length = 20): string {
  let s = '';
  for (let i = 0; i < length; i++) s += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return s;
}

/** Idempotent, also when two processes start together: the loser of the race reports created=false. */
export async function ensureDemo(
  deps: { tenants: Tenants; users: Users },
  opts: DemoOptions = {},
): Promise<DemoResult> {
  const tenant = opts.tenant ?? HANAM.code;
  if (!(await deps.tenants.findTenant(tenant))) {
    try {
      await deps.tenants.createTenant(tenant === HANAM.code ? HANAM : { code: tenant });
    } catch (err) {
      if (!(err instanceof DosiError && err.def === E.TENANT_EXISTS)) throw err;
    }
  }
  const username = opts.username ?? 'admin';
  const password = opts.password ?? randomPassword();
  try {
    const user = await deps.users.createUser({
      username,
      password,
      displayName: 'Administrator',
      platformAdmin: true,
    });
    await deps.users.grantRole(user.id, tenant, 'admin');
    return { created: true, tenant, username: user.username, password };
  } catch (err) {
    if (err instanceof DosiError && err.def === E.USER_EXISTS)
      return { created: false, tenant, username: username.toLowerCase() };
    throw err;
  }
}
