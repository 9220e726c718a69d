// SQL of the notification outbox: rows are claimed with FOR UPDATE SKIP LOCKED (several workers or
// processes never take the same row) and kept after delivery or final failure, never deleted.
import type { Queryable } from '../../../storage/index.ts';
import type { Delivery, Notification } from '../domain/notification.ts';

export interface OutboxRow {
  id: number;
  tenant: string;
  subscriptionId: string;
  payload: Notification;
  delivery: Delivery;
  /** Attempts made before this one. */
  attempts: number;
}

interface Row {
  id: number;
  tenant: string;
  subscription_id: string;
  payload: Notification;
  endpoint: Delivery;
  attempts: number;
}

export function createOutboxRepository() {
  return {
    async insert(
      q: Queryable,
      tenant: string,
      subscriptionId: string,
      payload: Notification,
      delivery: Delivery,
      now: string,
    ): Promise<number> {
      const res = await q.query<{ id: number }>(
        `INSERT INTO notification_outbox (tenant, subscription_id, payload, endpoint, next_attempt_at, created_at)
         VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $5) RETURNING id`,
        [tenant, subscriptionId, JSON.stringify(payload), JSON.stringify(delivery), now],
      );
      return res.rows[0]?.id ?? 0;
    },

    /**
     * Takes up to `limit` due rows and leases them until `leaseUntil`: if this process dies
     * mid-delivery, another worker retries them once the lease ends (at-least-once delivery).
     */
    async claim(q: Queryable, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
      const res = await q.query<Row>(
        `WITH due AS (
           SELECT id FROM notification_outbox WHERE state = 'pending' AND next_attempt_at <= $1
           ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED
         )
         UPDATE notification_outbox o SET next_attempt_at = $2 FROM due WHERE o.id = due.id
         RETURNING o.id, o.tenant, o.subscription_id, o.payload, o.endpoint, o.attempts`,
        [now, leaseUntil, limit],
      );
      return res.rows
        .map((r) => ({
          id: r.id,
          tenant: r.tenant,
          subscriptionId: r.subscription_id,
          payload: r.payload,
          delivery: r.endpoint,
          attempts: r.attempts,
        }))
        .sort((a, b) => a.id - b.id);
    },

    async delivered(q: Queryable, id: number, at: string): Promise<void> {
      await q.query(
        `UPDATE notification_outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = $2, last_error = NULL WHERE id = $1`,
        [id, at],
      );
    },

    async retry(q: Queryable, id: number, nextAt: string, error: string): Promise<void> {
      await q.query(
        'UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1',
        [id, nextAt, error],
      );
    },

    async failed(q: Queryable, id: number, error: string): Promise<void> {
      await q.query(
        `UPDATE notification_outbox SET state = 'failed', attempts = attempts + 1, last_error = $2 WHERE id = $1`,
        [id, error],
      );
    },

    /** Pending rows of a deleted subscription are parked as failed, with the reason. */
    async cancel(q: Queryable, tenant: string, subscriptionId: string, reason: string): Promise<void> {
      await q.query(
        `UPDATE notification_outbox SET state = 'failed', last_error = $3 WHERE tenant = $1 AND subscription_id = $2 AND state = 'pending'`,
        [tenant, subscriptionId, reason],
      );
    },

    /** When the earliest pending row is due, if any. */
    async nextDue(q: Queryable): Promise<string | undefined> {
      const res = await q.query<{ at: string | null }>(
        `SELECT min(next_attempt_at) AS at FROM notification_outbox WHERE state = 'pending'`,
      );
      return res.rows[0]?.at ?? undefined;
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
