// SQL of the subscriptions table. Every statement carries tenant = $1. The body holds the stored
// (expanded) subscription; is_active, expires_at and throttling repeat it for SQL filtering.
import type { Queryable } from '../../../storage/index.ts';
import type { DeliveryStatus, Subscription } from '../domain/types.ts';

export interface StoredSubscription {
  sub: Subscription;
  status: DeliveryStatus;
}

interface Row {
  body: Subscription;
  last_triggered: string | null;
  last_notification: string | null;
  times_sent: number;
  times_failed: number;
  last_success: string | null;
  last_failure: string | null;
  status: 'ok' | 'failed' | null;
}

const COLS =
  'body, last_triggered, last_notification, times_sent, times_failed, last_success, last_failure, status';

function fromRow(r: Row): StoredSubscription {
  const status: DeliveryStatus = { timesSent: r.times_sent, timesFailed: r.times_failed };
  if (r.status !== null) status.status = r.status;
  if (r.last_notification !== null) status.lastNotification = r.last_notification;
  if (r.last_success !== null) status.lastSuccess = r.last_success;
  if (r.last_failure !== null) status.lastFailure = r.last_failure;
  if (r.last_triggered !== null) status.lastTriggered = r.last_triggered;
  return { sub: r.body, status };
}

const columns = (s: Subscription) => [
  JSON.stringify(s),
  s.isActive,
  s.expiresAt ?? null,
  s.throttling ?? null,
  s.modifiedAt,
];

export function createSubscriptionRepository() {
  return {
    /** false when the id is taken in this tenant. */
    async insert(q: Queryable, tenant: string, s: Subscription): Promise<boolean> {
      const res = await q.query(
        `INSERT INTO subscriptions (tenant, id, body, is_active, expires_at, throttling, modified_at, created_at)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8) ON CONFLICT (tenant, id) DO NOTHING RETURNING id`,
        [tenant, s.id, ...columns(s), s.createdAt],
      );
      return res.rowCount > 0;
    },

    async get(
      q: Queryable,
      tenant: string,
      id: string,
      forUpdate = false,
    ): Promise<StoredSubscription | undefined> {
      const res = await q.query<Row>(
        `SELECT ${COLS} FROM subscriptions WHERE tenant = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
        [tenant, id],
      );
      const row = res.rows[0];
      return row ? fromRow(row) : undefined;
    },

    async list(
      q: Queryable,
      tenant: string,
      page: { limit: number; offset: number },
    ): Promise<StoredSubscription[]> {
      const res = await q.query<Row>(
        `SELECT ${COLS} FROM subscriptions WHERE tenant = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`,
        [tenant, page.limit, page.offset],
      );
      return res.rows.map(fromRow);
    },

    async count(q: Queryable, tenant: string): Promise<number> {
      const res = await q.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM subscriptions WHERE tenant = $1',
        [tenant],
      );
      return res.rows[0]?.n ?? 0;
    },

    /** Subscriptions that may fire at `now`: active and not expired. */
    async live(q: Queryable, tenant: string, now: string): Promise<StoredSubscription[]> {
      const res = await q.query<Row>(
        `SELECT ${COLS} FROM subscriptions WHERE tenant = $1 AND is_active AND (expires_at IS NULL OR expires_at > $2) ORDER BY id`,
        [tenant, now],
      );
      return res.rows.map(fromRow);
    },

    async replace(q: Queryable, tenant: string, s: Subscription): Promise<boolean> {
      const res = await q.query(
        'UPDATE subscriptions SET body = $3::jsonb, is_active = $4, expires_at = $5, throttling = $6, modified_at = $7 WHERE tenant = $1 AND id = $2',
        [tenant, s.id, ...columns(s)],
      );
      return res.rowCount > 0;
    },

    async delete(q: Queryable, tenant: string, id: string): Promise<boolean> {
      return (
        (await q.query('DELETE FROM subscriptions WHERE tenant = $1 AND id = $2', [tenant, id])).rowCount > 0
      );
    },

    /**
     * Records that a notification is triggered at `now`, unless throttling forbids it (§5.2.12).
     * One conditional UPDATE, so concurrent writers (or processes) cannot both pass.
     */
    async claimTrigger(q: Queryable, tenant: string, id: string, now: string): Promise<boolean> {
      const res = await q.query(
        `UPDATE subscriptions SET last_triggered = $3 WHERE tenant = $1 AND id = $2
           AND (throttling IS NULL OR last_triggered IS NULL OR last_triggered <= $3::timestamptz - throttling * interval '1 second')`,
        [tenant, id, now],
      );
      return res.rowCount > 0;
    },

    /** §5.2.14: timesSent counts every attempt, timesFailed the failed ones. */
    async recordOutcome(q: Queryable, tenant: string, id: string, ok: boolean, at: string): Promise<void> {
      const set = ok
        ? "last_success = $3, status = 'ok'"
        : "times_failed = times_failed + 1, last_failure = $3, status = 'failed'";
      await q.query(
        `UPDATE subscriptions SET times_sent = times_sent + 1, last_notification = $3, ${set} WHERE tenant = $1 AND id = $2`,
        [tenant, id, at],
      );
    },
  };
}

export type SubscriptionRepository = ReturnType<typeof createSubscriptionRepository>;
