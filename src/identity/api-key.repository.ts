// API keys: format, hashing and SQL. Keys are 190 bits of randomness, so a plain SHA-256 is a safe
// verifier (no slow hash needed: there is nothing to brute-force that is cheaper than the key space).
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../storage/index.ts';
import { isRole } from './rules.ts';
import type { ApiKey } from './types.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** dosi_<prefix 8>_<secret 32>; base62 so the `_` separators are unambiguous. */
export const API_KEY_RE = /^dosi_([A-Za-z0-9]{8})_([A-Za-z0-9]{32})$/;

function randomBase62(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

export function newApiKeySecret(): { key: string; prefix: string } {
  const prefix = randomBase62(8);
  return { key: `dosi_${prefix}_${randomBase62(32)}`, prefix };
}

export function parseApiKey(key: string): { prefix: string } | null {
  const m = API_KEY_RE.exec(key.trim());
  return m?.[1] ? { prefix: m[1] } : null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key.trim()).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

interface ApiKeyRow {
  id: string;
  tenant: string;
  name: string;
  prefix: string;
  hash: string;
  roles: string[];
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const COLUMNS = 'id, tenant, name, prefix, hash, roles, created_at, last_used_at, revoked_at';

function toApiKey(r: ApiKeyRow): ApiKey {
  return {
    id: r.id,
    tenant: r.tenant,
    name: r.name,
    prefix: r.prefix,
    roles: r.roles.filter(isRole),
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export async function insertApiKey(q: Queryable, k: ApiKey, hash: string): Promise<void> {
  await q.query(
    `INSERT INTO api_keys (id, tenant, name, prefix, hash, roles, created_at) VALUES ($1, $2, $3, $4, $5, $6::text[], $7)`,
    [k.id, k.tenant, k.name, k.prefix, hash, k.roles, k.createdAt],
  );
}

/** The live key matching `key`, or null. */
export async function findLiveApiKey(q: Queryable, key: string): Promise<ApiKey | null> {
  const parsed = parseApiKey(key);
  if (!parsed) return null;
  const hash = hashApiKey(key);
  const res = await q.query<ApiKeyRow>(
    `SELECT ${COLUMNS} FROM api_keys WHERE prefix = $1 AND revoked_at IS NULL`,
    [parsed.prefix],
  );
  const row = res.rows.find((r) => sameHash(r.hash, hash));
  return row ? toApiKey(row) : null;
}

/** Records use at most once a minute, so that verification is not a write per request. */
export async function touchApiKey(q: Queryable, id: string, at: string): Promise<void> {
  await q.query(
    `UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
    [id, at],
  );
}

export async function selectApiKeys(q: Queryable, tenant: string): Promise<ApiKey[]> {
  return (
    await q.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE tenant = $1 ORDER BY created_at, id`, [
      tenant,
    ])
  ).rows.map(toApiKey);
}

/** Marks the key revoked; `tenant` (when given) must own it. Returns false when no such key. */
export async function revokeApiKeyRow(
  q: Queryable,
  id: string,
  at: string,
  tenant?: string,
): Promise<boolean> {
  const res = await q.query(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2::timestamptz) WHERE id = $1 ${tenant !== undefined ? 'AND tenant = $3' : ''}`,
    tenant !== undefined ? [id, at, tenant] : [id, at],
  );
  return res.rowCount > 0;
}
