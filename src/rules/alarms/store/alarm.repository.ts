// SQL of alarms and of the audit trail shared by alarms and incidents. Every statement is scoped by
// tenant = $1 except the escalation scan, which runs for all tenants on a processing node.
import type { Queryable } from '../../../storage/index.ts';
import type { Category, Severity } from '../../domain/types.ts';
import type { Alarm, AuditEntry, State } from '../domain/lifecycle.ts';

interface AlarmRow {
  tenant: string;
  id: string;
  rule_id: string | null;
  rule_version: number | null;
  entity_id: string;
  entity_type: string | null;
  severity: Severity;
  category: Category;
  sub_category: string | null;
  title: string;
  state: State;
  cleared_at: Date | string | null;
  count: number;
  first_seen: Date | string;
  last_seen: Date | string;
  assignee: string | null;
  escalation_level: number;
  escalate_after_min: number;
  next_escalation_at: Date | string | null;
  incident_id: string | null;
  detail: Record<string, unknown>;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

function toAlarm(r: AlarmRow): Alarm {
  return {
    id: r.id,
    tenant: r.tenant,
    ruleId: r.rule_id,
    ruleVersion: r.rule_version,
    entityId: r.entity_id,
    entityType: r.entity_type,
    severity: r.severity,
    category: r.category,
    subCategory: r.sub_category,
    title: r.title,
    state: r.state,
    clearedAt: isoOrNull(r.cleared_at),
    count: r.count,
    firstSeen: iso(r.first_seen),
    lastSeen: iso(r.last_seen),
    assignee: r.assignee,
    escalationLevel: r.escalation_level,
    escalateAfterMin: r.escalate_after_min,
    nextEscalationAt: isoOrNull(r.next_escalation_at),
    incidentId: r.incident_id,
    detail: r.detail,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function insertAlarm(q: Queryable, a: Alarm): Promise<void> {
  await q.query(
    `INSERT INTO alarms (tenant, id, rule_id, rule_version, entity_id, entity_type, severity, category,
       sub_category, title, state, cleared_at, count, first_seen, last_seen, assignee, escalation_level,
       escalate_after_min, next_escalation_at, incident_id, detail, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
    [
      a.tenant,
      a.id,
      a.ruleId,
      a.ruleVersion,
      a.entityId,
      a.entityType,
      a.severity,
      a.category,
      a.subCategory,
      a.title,
      a.state,
      a.clearedAt,
      a.count,
      a.firstSeen,
      a.lastSeen,
      a.assignee,
      a.escalationLevel,
      a.escalateAfterMin,
      a.nextEscalationAt,
      a.incidentId,
      JSON.stringify(a.detail),
      a.createdAt,
      a.updatedAt,
    ],
  );
}

/** Writes the mutable members of an alarm. */
export async function updateAlarm(q: Queryable, a: Alarm): Promise<void> {
  await q.query(
    `UPDATE alarms SET state = $3, cleared_at = $4, count = $5, last_seen = $6, assignee = $7,
       escalation_level = $8, next_escalation_at = $9, incident_id = $10, detail = $11, updated_at = $12,
       severity = $13, rule_version = $14
     WHERE tenant = $1 AND id = $2`,
    [
      a.tenant,
      a.id,
      a.state,
      a.clearedAt,
      a.count,
      a.lastSeen,
      a.assignee,
      a.escalationLevel,
      a.nextEscalationAt,
      a.incidentId,
      JSON.stringify(a.detail),
      a.updatedAt,
      a.severity,
      a.ruleVersion,
    ],
  );
}

const SELECT = 'SELECT * FROM alarms';

export async function getAlarm(
  q: Queryable,
  tenant: string,
  id: string,
  lock = false,
): Promise<Alarm | undefined> {
  const r = await q.query<AlarmRow>(`${SELECT} WHERE tenant = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [
    tenant,
    id,
  ]);
  return r.rows[0] ? toAlarm(r.rows[0]) : undefined;
}

/** The live (open, acknowledged or dispatched) alarm of rule × entity, locked. */
export async function liveAlarm(
  q: Queryable,
  tenant: string,
  ruleId: string,
  entityId: string,
): Promise<Alarm | undefined> {
  const r = await q.query<AlarmRow>(
    `${SELECT} WHERE tenant = $1 AND rule_id = $2 AND entity_id = $3
       AND state IN ('open', 'acknowledged', 'dispatched') FOR UPDATE`,
    [tenant, ruleId, entityId],
  );
  return r.rows[0] ? toAlarm(r.rows[0]) : undefined;
}

export interface AlarmFilter {
  state?: State[];
  severity?: Severity[];
  category?: string[];
  entityId?: string;
  ruleId?: string;
  incidentId?: string;
  /** lastSeen ≥ since, and < until. */
  since?: string;
  until?: string;
  limit: number;
  offset: number;
}

export async function listAlarms(
  q: Queryable,
  tenant: string,
  f: AlarmFilter,
): Promise<{ alarms: Alarm[]; total: number }> {
  const where = ['tenant = $1'];
  const params: unknown[] = [tenant];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.state?.length) add('state = ANY(?::text[])', f.state);
  if (f.severity?.length) add('severity = ANY(?::text[])', f.severity);
  if (f.category?.length) add('category = ANY(?::text[])', f.category);
  if (f.entityId) add('entity_id = ?', f.entityId);
  if (f.ruleId) add('rule_id = ?', f.ruleId);
  if (f.incidentId) add('incident_id = ?', f.incidentId);
  if (f.since) add('last_seen >= ?', f.since);
  if (f.until) add('last_seen < ?', f.until);
  const w = where.join(' AND ');
  const total = await q.query<{ n: string }>(`SELECT count(*) AS n FROM alarms WHERE ${w}`, params);
  const rows = await q.query<AlarmRow>(
    `${SELECT} WHERE ${w} ORDER BY last_seen DESC, id LIMIT ${Math.trunc(f.limit)} OFFSET ${Math.trunc(f.offset)}`,
    params,
  );
  return { alarms: rows.rows.map(toAlarm), total: Number(total.rows[0]?.n ?? 0) };
}

/** Open alarms whose escalation step is due, across tenants, locked and skipped by other processes. */
export async function dueEscalations(q: Queryable, now: string, limit: number): Promise<Alarm[]> {
  const r = await q.query<AlarmRow>(
    `${SELECT} WHERE next_escalation_at <= $1 AND state = 'open' ORDER BY next_escalation_at LIMIT $2
     FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  return r.rows.map(toAlarm);
}

export async function addAudit(
  q: Queryable,
  tenant: string,
  subject: 'alarm' | 'incident',
  id: string,
  e: AuditEntry,
): Promise<void> {
  await q.query(
    `INSERT INTO alarm_audit (tenant, subject, subject_id, at, by, action, from_state, to_state, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [tenant, subject, id, e.at, e.by, e.action, e.from ?? null, e.to ?? null, e.note ?? null],
  );
}

export async function auditOf(
  q: Queryable,
  tenant: string,
  subject: 'alarm' | 'incident',
  id: string,
): Promise<AuditEntry[]> {
  const r = await q.query<{
    at: Date | string;
    by: string;
    action: string;
    from_state: State | null;
    to_state: State | null;
    note: string | null;
  }>(
    `SELECT at, by, action, from_state, to_state, note FROM alarm_audit
     WHERE tenant = $1 AND subject = $2 AND subject_id = $3 ORDER BY seq`,
    [tenant, subject, id],
  );
  return r.rows.map((x) => ({
    at: iso(x.at),
    by: x.by,
    action: x.action,
    ...(x.from_state ? { from: x.from_state } : {}),
    ...(x.to_state ? { to: x.to_state } : {}),
    ...(x.note !== null ? { note: x.note } : {}),
  }));
}
