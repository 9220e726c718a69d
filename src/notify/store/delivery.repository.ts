// SQL of the delivery outbox: enqueued in one statement per agency (idempotent per event), claimed
// with a lease so a slow receiver holds only its own row, and kept as the delivery log.
import type { Queryable } from '../../storage/index.ts';

export type Channel = 'webhook' | 'email';

export interface Attempt {
  at: string;
  status: number | null;
  error: string | null;
  ms: number;
}

export interface Delivery {
  id: string;
  tenant: string;
  agencyId: string;
  eventKey: string;
  channel: Channel;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAt: string;
  lastStatus: number | null;
  lastError: string | null;
  history: Attempt[];
  createdAt: string;
  deliveredAt: string | null;
  payload: Record<string, unknown>;
}

interface Row {
  id: string;
  tenant: string;
  agency_id: string;
  event_key: string;
  channel: Channel;
  payload: Record<string, unknown> | string;
  state: Delivery['state'];
  attempts: number;
  next_at: Date | string;
  last_status: number | null;
  last_error: string | null;
  history: Attempt[] | string;
  created_at: Date | string;
  delivered_at: Date | string | null;
}

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const fromRow = (r: Row): Delivery => ({
  id: String(r.id),
  tenant: r.tenant,
  agencyId: r.agency_id,
  eventKey: r.event_key,
  channel: r.channel,
  state: r.state,
  attempts: r.attempts,
  nextAt: iso(r.next_at),
  lastStatus: r.last_status,
  lastError: r.last_error,
  history: parsed(r.history),
  createdAt: iso(r.created_at),
  deliveredAt: r.delivered_at === null ? null : iso(r.delivered_at),
  payload: parsed(r.payload),
});

export async function enqueue(
  q: Queryable,
  d: { tenant: string; agencyId: string; eventKey: string; channel: Channel; payload: unknown; at: string },
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO notify_deliveries (tenant, agency_id, event_key, channel, payload, state, next_at, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, 'pending', $6, $6) ON CONFLICT (agency_id, event_key, channel) DO NOTHING`,
    [d.tenant, d.agencyId, d.eventKey, d.channel, JSON.stringify(d.payload), d.at],
  );
  return r.rowCount > 0;
}

/** Due rows, leased until `leaseUntil` so no other worker takes them meanwhile. */
export async function claimDue(
  q: Queryable,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<Delivery[]> {
  const r = await q.query<Row>(
    `UPDATE notify_deliveries SET next_at = $2
     WHERE id IN (SELECT id FROM notify_deliveries WHERE state = 'pending' AND next_at <= $1
                  ORDER BY next_at LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [now, leaseUntil, limit],
  );
  return r.rows.map(fromRow);
}

export async function recordAttempt(
  q: Queryable,
  id: string,
  a: Attempt,
  next: { state: Delivery['state']; nextAt: string },
): Promise<void> {
  await q.query(
    `UPDATE notify_deliveries SET attempts = attempts + 1, state = $2, next_at = $3, last_status = $4,
       last_error = $5, history = history || $6::jsonb,
       delivered_at = CASE WHEN $2 = 'delivered' THEN $7::timestamptz ELSE delivered_at END
     WHERE id = $1::bigint`,
    [id, next.state, next.nextAt, a.status, a.error, JSON.stringify([a]), a.at],
  );
}

export interface DeliveryFilter {
  state?: Delivery['state'] | undefined;
  agencyId?: string | undefined;
  /** Hand-overs of one alarm or incident: event keys are `{subject}:{id}:{at}` (handover.ts). */
  subject?: { kind: 'alarm' | 'incident'; id: string } | undefined;
  limit: number;
}

export async function listDeliveries(q: Queryable, tenant: string, f: DeliveryFilter): Promise<Delivery[]> {
  const params: unknown[] = [tenant];
  const where = ['tenant = $1'];
  if (f.state) where.push(`state = $${params.push(f.state)}`);
  if (f.agencyId) where.push(`agency_id = $${params.push(f.agencyId)}`);
  if (f.subject) where.push(`starts_with(event_key, $${params.push(`${f.subject.kind}:${f.subject.id}:`)})`);
  const r = await q.query<Row>(
    `SELECT * FROM notify_deliveries WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.push(f.limit)}`,
    params,
  );
  return r.rows.map(fromRow);
}
