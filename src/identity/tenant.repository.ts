// SQL for tenants. Rows map to the Tenant type; timestamps come from the injected clock.
import type { Queryable } from '../storage/index.ts';
import type { Bounds, Tenant } from './types.ts';

interface TenantRow {
  code: string;
  name_ko: string;
  name_en: string;
  admin_code: string;
  time_zone: string;
  bounds: Bounds | null;
  created_at: string;
}

const COLUMNS = 'code, name_ko, name_en, admin_code, time_zone, bounds, created_at';

function toTenant(r: TenantRow): Tenant {
  return {
    code: r.code,
    nameKo: r.name_ko,
    nameEn: r.name_en,
    adminCode: r.admin_code,
    timeZone: r.time_zone,
    bounds: r.bounds,
    createdAt: r.created_at,
  };
}

/** Inserts unless the code exists; returns the new tenant, or null when it already existed. */
export async function insertTenant(q: Queryable, t: Tenant): Promise<Tenant | null> {
  const res = await q.query<TenantRow>(
    `INSERT INTO tenants (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
     ON CONFLICT (code) DO NOTHING RETURNING ${COLUMNS}`,
    [
      t.code,
      t.nameKo,
      t.nameEn,
      t.adminCode,
      t.timeZone,
      t.bounds === null ? null : JSON.stringify(t.bounds),
      t.createdAt,
    ],
  );
  const row = res.rows[0];
  return row ? toTenant(row) : null;
}

export async function selectTenant(q: Queryable, code: string): Promise<Tenant | null> {
  const row = (await q.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE code = $1`, [code])).rows[0];
  return row ? toTenant(row) : null;
}

export async function selectTenants(q: Queryable): Promise<Tenant[]> {
  return (await q.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants ORDER BY code`)).rows.map(toTenant);
}

export async function deleteTenantRow(q: Queryable, code: string): Promise<boolean> {
  return (await q.query('DELETE FROM tenants WHERE code = $1', [code])).rowCount > 0;
}

/** The tenant used when a request names none: `preferred` if it exists, else the oldest. */
export async function selectDefaultTenant(q: Queryable, preferred: string): Promise<string | null> {
  const res = await q.query<{ code: string }>(
    'SELECT code FROM tenants ORDER BY (code = $1) DESC, created_at, code LIMIT 1',
    [preferred],
  );
  return res.rows[0]?.code ?? null;
}
