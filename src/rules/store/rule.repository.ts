// SQL of rules and their versions. Every statement is scoped by tenant = $1.
import type { Queryable } from '../../storage/index.ts';
import type { Rule, RuleInput } from '../domain/types.ts';

interface RuleRow {
  tenant: string;
  id: string;
  version: number;
  body: Omit<RuleInput, 'enabled'>;
  enabled: boolean;
  disabled_reason: string | null;
  updated_at: Date | string;
  updated_by: string;
}

export interface RuleVersion {
  version: number;
  rule: Rule;
  change: string;
  savedAt: string;
  savedBy: string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

function toRule(r: RuleRow): Rule {
  return {
    ...r.body,
    id: r.id,
    tenant: r.tenant,
    version: r.version,
    enabled: r.enabled,
    ...(r.disabled_reason ? { disabledReason: r.disabled_reason } : {}),
    updatedAt: iso(r.updated_at),
    updatedBy: r.updated_by,
  };
}

const COLS = 'tenant, id, version, body, enabled, disabled_reason, updated_at, updated_by';

export function bodyOf(r: RuleInput | Rule): Omit<RuleInput, 'enabled'> {
  const { name, description, severity, category, subCategory, target, condition, escalateAfterMin } = r;
  return {
    name,
    ...(description !== undefined ? { description } : {}),
    severity,
    category,
    ...(subCategory !== undefined ? { subCategory } : {}),
    target,
    condition,
    ...(escalateAfterMin !== undefined ? { escalateAfterMin } : {}),
  };
}

export async function getRule(
  q: Queryable,
  tenant: string,
  id: string,
  lock = false,
): Promise<Rule | undefined> {
  const r = await q.query<RuleRow>(
    `SELECT ${COLS} FROM rules WHERE tenant = $1 AND id = $2 AND NOT deleted${lock ? ' FOR UPDATE' : ''}`,
    [tenant, id],
  );
  return r.rows[0] ? toRule(r.rows[0]) : undefined;
}

export async function listRules(q: Queryable, tenant: string, onlyEnabled = false): Promise<Rule[]> {
  const r = await q.query<RuleRow>(
    `SELECT ${COLS} FROM rules WHERE tenant = $1 AND NOT deleted${onlyEnabled ? ' AND enabled' : ''} ORDER BY id`,
    [tenant],
  );
  return r.rows.map(toRule);
}

/**
 * Changes with every save of any rule of the tenant: every save appends a version and versions are
 * never removed (deletion is a version too).
 */
export async function rulesStamp(q: Queryable, tenant: string): Promise<string> {
  const r = await q.query<{ n: string }>('SELECT count(*)::text AS n FROM rule_versions WHERE tenant = $1', [
    tenant,
  ]);
  return r.rows[0]?.n ?? '0';
}

/** Writes the rule as its current version and appends that version to the history. */
export async function saveRule(q: Queryable, rule: Rule, change: string, deleted = false): Promise<void> {
  await q.query(
    `INSERT INTO rules (${COLS}, deleted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (tenant, id) DO UPDATE SET version = EXCLUDED.version, body = EXCLUDED.body,
       enabled = EXCLUDED.enabled, disabled_reason = EXCLUDED.disabled_reason,
       updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by, deleted = EXCLUDED.deleted`,
    [
      rule.tenant,
      rule.id,
      rule.version,
      JSON.stringify(bodyOf(rule)),
      rule.enabled,
      rule.disabledReason ?? null,
      rule.updatedAt,
      rule.updatedBy,
      deleted,
    ],
  );
  await q.query(
    `INSERT INTO rule_versions (tenant, id, version, body, enabled, change, saved_at, saved_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      rule.tenant,
      rule.id,
      rule.version,
      JSON.stringify(bodyOf(rule)),
      rule.enabled,
      change,
      rule.updatedAt,
      rule.updatedBy,
    ],
  );
}

export async function ruleExists(
  q: Queryable,
  tenant: string,
  id: string,
): Promise<{ deleted: boolean; version: number } | undefined> {
  const r = await q.query<{ deleted: boolean; version: number }>(
    'SELECT deleted, version FROM rules WHERE tenant = $1 AND id = $2 FOR UPDATE',
    [tenant, id],
  );
  return r.rows[0];
}

export async function listVersions(q: Queryable, tenant: string, id: string): Promise<RuleVersion[]> {
  const r = await q.query<RuleRow & { change: string; saved_at: Date | string; saved_by: string }>(
    `SELECT tenant, id, version, body, enabled, NULL AS disabled_reason, saved_at AS updated_at,
       saved_by AS updated_by, change, saved_at, saved_by
     FROM rule_versions WHERE tenant = $1 AND id = $2 ORDER BY version`,
    [tenant, id],
  );
  return r.rows.map((row) => ({
    version: row.version,
    rule: toRule(row),
    change: row.change,
    savedAt: iso(row.saved_at),
    savedBy: row.saved_by,
  }));
}
