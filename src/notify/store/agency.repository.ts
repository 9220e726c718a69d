// SQL of agencies (receivers of hand-overs). The secret is read only to sign.
import type { Queryable } from '../../storage/index.ts';

export const AGENCY_KINDS = ['police-112', 'fire-119', 'disaster-room'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export interface Agency {
  id: string;
  tenant: string;
  name: string;
  kind: AgencyKind;
  url: string;
  /** Also told by e-mail (with DOSI_SMTP_URL). */
  email: string | null;
  /** Alarm categories handed over to it; empty = all. */
  categories: string[];
  enabled: boolean;
  createdAt: string;
}

interface Row {
  id: string;
  tenant: string;
  name: string;
  kind: AgencyKind;
  url: string;
  email: string | null;
  secret: string;
  categories: string[] | string;
  enabled: boolean;
  created_at: Date | string;
}

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const fromRow = (r: Row): Agency & { secret: string } => ({
  id: r.id,
  tenant: r.tenant,
  name: r.name,
  kind: r.kind,
  url: r.url,
  email: r.email,
  categories: typeof r.categories === 'string' ? (JSON.parse(r.categories) as string[]) : r.categories,
  enabled: r.enabled,
  createdAt: iso(r.created_at),
  secret: r.secret,
});

export async function insertAgency(q: Queryable, a: Agency, secret: string): Promise<void> {
  await q.query(
    `INSERT INTO notify_agencies (id, tenant, name, kind, url, email, secret, categories, enabled, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
    [
      a.id,
      a.tenant,
      a.name,
      a.kind,
      a.url,
      a.email,
      secret,
      JSON.stringify(a.categories),
      a.enabled,
      a.createdAt,
    ],
  );
}

export async function listAgencies(q: Queryable, tenant: string): Promise<(Agency & { secret: string })[]> {
  const r = await q.query<Row>('SELECT * FROM notify_agencies WHERE tenant = $1 ORDER BY created_at, id', [
    tenant,
  ]);
  return r.rows.map(fromRow);
}

export async function getAgency(
  q: Queryable,
  id: string,
): Promise<(Agency & { secret: string }) | undefined> {
  const r = await q.query<Row>('SELECT * FROM notify_agencies WHERE id = $1', [id]);
  return r.rows[0] ? fromRow(r.rows[0]) : undefined;
}

export async function deleteAgency(q: Queryable, tenant: string, id: string): Promise<boolean> {
  const r = await q.query('DELETE FROM notify_agencies WHERE tenant = $1 AND id = $2', [tenant, id]);
  return r.rowCount > 0;
}
