// SQL of published CAP alerts.
import type { Queryable } from '../../storage/index.ts';
import type { CapAlert } from '../domain/cap.ts';

export interface StoredCap {
  tenant: string;
  incidentId: string | null;
  alert: CapAlert;
}

interface Row {
  tenant: string;
  incident_id: string | null;
  alert: CapAlert | string;
}

const fromRow = (r: Row): StoredCap => ({
  tenant: r.tenant,
  incidentId: r.incident_id,
  alert: typeof r.alert === 'string' ? (JSON.parse(r.alert) as CapAlert) : r.alert,
});

export async function insertCap(q: Queryable, c: StoredCap): Promise<void> {
  await q.query(
    'INSERT INTO cap_alerts (id, tenant, incident_id, alert, sent_at) VALUES ($1, $2, $3, $4::jsonb, $5)',
    [c.alert.identifier, c.tenant, c.incidentId, JSON.stringify(c.alert), c.alert.sent],
  );
}

export async function getCap(q: Queryable, id: string): Promise<StoredCap | undefined> {
  const r = await q.query<Row>('SELECT tenant, incident_id, alert FROM cap_alerts WHERE id = $1', [id]);
  return r.rows[0] ? fromRow(r.rows[0]) : undefined;
}

export async function recentCaps(
  q: Queryable,
  tenant: string | undefined,
  limit: number,
): Promise<StoredCap[]> {
  const r = tenant
    ? await q.query<Row>(
        'SELECT tenant, incident_id, alert FROM cap_alerts WHERE tenant = $1 ORDER BY sent_at DESC LIMIT $2',
        [tenant, limit],
      )
    : await q.query<Row>('SELECT tenant, incident_id, alert FROM cap_alerts ORDER BY sent_at DESC LIMIT $1', [
        limit,
      ]);
  return r.rows.map(fromRow);
}
