// SQL of incidents; their alarms link back through alarms.incident_id (an alarm is in one incident).
import type { Queryable } from '../../../storage/index.ts';
import type { Severity } from '../../domain/types.ts';
import type { Incident, State } from '../domain/lifecycle.ts';

interface IncidentRow {
  tenant: string;
  id: string;
  title: string;
  description: string | null;
  severity: Severity;
  state: State;
  assignee: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  alarm_ids: string[] | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    tenant: r.tenant,
    title: r.title,
    description: r.description,
    severity: r.severity,
    state: r.state,
    assignee: r.assignee,
    alarmIds: r.alarm_ids ?? [],
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

const SELECT = `SELECT i.*, (SELECT array_agg(a.id ORDER BY a.id) FROM alarms a
  WHERE a.tenant = i.tenant AND a.incident_id = i.id) AS alarm_ids FROM incidents i`;

export async function getIncident(
  q: Queryable,
  tenant: string,
  id: string,
  lock = false,
): Promise<Incident | undefined> {
  if (lock) await q.query('SELECT 1 FROM incidents WHERE tenant = $1 AND id = $2 FOR UPDATE', [tenant, id]);
  const r = await q.query<IncidentRow>(`${SELECT} WHERE i.tenant = $1 AND i.id = $2`, [tenant, id]);
  return r.rows[0] ? toIncident(r.rows[0]) : undefined;
}

export async function listIncidents(
  q: Queryable,
  tenant: string,
  states: State[] | undefined,
  limit: number,
  offset: number,
): Promise<Incident[]> {
  const r = await q.query<IncidentRow>(
    `${SELECT} WHERE i.tenant = $1 ${states?.length ? 'AND i.state = ANY($2::text[])' : ''}
     ORDER BY i.updated_at DESC, i.id LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
    states?.length ? [tenant, states] : [tenant],
  );
  return r.rows.map(toIncident);
}

export async function saveIncident(q: Queryable, i: Incident): Promise<void> {
  await q.query(
    `INSERT INTO incidents (tenant, id, title, description, severity, state, assignee, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (tenant, id) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description,
       severity = EXCLUDED.severity, state = EXCLUDED.state, assignee = EXCLUDED.assignee,
       updated_at = EXCLUDED.updated_at`,
    [i.tenant, i.id, i.title, i.description, i.severity, i.state, i.assignee, i.createdAt, i.updatedAt],
  );
}

/** Links alarms to an incident (or unlinks with null); returns the ids that exist in the tenant. */
export async function linkAlarms(
  q: Queryable,
  tenant: string,
  alarmIds: string[],
  incidentId: string | null,
): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `UPDATE alarms SET incident_id = $3 WHERE tenant = $1 AND id = ANY($2::text[]) RETURNING id`,
    [tenant, alarmIds, incidentId],
  );
  return r.rows.map((x) => x.id);
}

export async function severitiesOf(
  q: Queryable,
  tenant: string,
  alarmIds: string[],
): Promise<{ id: string; severity: Severity; incident_id: string | null }[]> {
  const r = await q.query<{ id: string; severity: Severity; incident_id: string | null }>(
    'SELECT id, severity, incident_id FROM alarms WHERE tenant = $1 AND id = ANY($2::text[]) FOR UPDATE',
    [tenant, alarmIds],
  );
  return r.rows;
}
