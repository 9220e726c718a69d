// Retention policies per tenant and data class: how many days readings are kept. Residents'
// personal data (data class 'personal') is kept for a shorter time than other readings.
import { DosiError, E } from '../kernel/index.ts';
import type { Queryable } from '../storage/index.ts';

export const DATA_CLASSES = ['default', 'personal'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/** Days kept when a tenant has set nothing. */
export const DEFAULT_RETENTION_DAYS: Readonly<Record<DataClass, number>> = { default: 730, personal: 30 };
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

/** Rollups outlive the raw rows: 1-minute rollups 90 days, 1-hour rollups 5 years. */
export const ROLLUP_RETENTION_DAYS = { '1m': 90, '1h': 5 * 365 } as const;

export type RetentionPolicy = Record<DataClass, number>;

/** Checks a policy before it is stored; throws E.VALIDATION (400) with every problem listed. */
export function validateRetention(p: RetentionPolicy): void {
  const problems: string[] = [];
  for (const c of DATA_CLASSES) {
    const d = p[c];
    if (!Number.isInteger(d) || d < MIN_RETENTION_DAYS || d > MAX_RETENTION_DAYS)
      problems.push(
        `${c} must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`,
      );
  }
  if (problems.length === 0 && p.personal > p.default)
    problems.push('personal data may not be kept longer than other data (personal ≤ default)');
  if (problems.length) throw new DosiError(E.VALIDATION, { detail: problems.join('; ') });
}

/** The tenant's policy, defaults filled in where it has set nothing. */
export async function getRetention(q: Queryable, tenant: string): Promise<RetentionPolicy> {
  const r = await q.query<{ data_class: DataClass; days: number }>(
    'SELECT data_class, days FROM retention_policies WHERE tenant = $1',
    [tenant],
  );
  const out: RetentionPolicy = { ...DEFAULT_RETENTION_DAYS };
  for (const row of r.rows) out[row.data_class] = row.days;
  return out;
}

export async function setRetention(
  q: Queryable,
  tenant: string,
  p: RetentionPolicy,
): Promise<RetentionPolicy> {
  validateRetention(p);
  await q.query(
    `INSERT INTO retention_policies (tenant, data_class, days)
     SELECT $1, c, d FROM unnest($2::text[], $3::int[]) AS u(c, d)
     ON CONFLICT (tenant, data_class) DO UPDATE SET days = EXCLUDED.days, updated_at = now()`,
    [tenant, [...DATA_CLASSES], DATA_CLASSES.map((c) => p[c])],
  );
  return { default: p.default, personal: p.personal };
}
