// Tables of NGSI-LD subscriptions and of the durable notification outbox (plain PostgreSQL, so the
// embedded engine and the server agree).
import type { Migration } from '../../../storage/index.ts';

export const subscriptionMigrations: Migration[] = [
  {
    id: '0300_subscriptions',
    sql: `
CREATE TABLE subscriptions (
  tenant text NOT NULL,
  id text NOT NULL,
  body jsonb NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  expires_at timestamptz,
  throttling double precision,
  last_triggered timestamptz,
  last_notification timestamptz,
  times_sent integer NOT NULL DEFAULT 0,
  times_failed integer NOT NULL DEFAULT 0,
  last_success timestamptz,
  last_failure timestamptz,
  status text CHECK (status IN ('ok', 'failed')),
  created_at timestamptz NOT NULL,
  modified_at timestamptz NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX subscriptions_live_idx ON subscriptions (tenant) WHERE is_active;

CREATE TABLE notification_outbox (
  id bigserial PRIMARY KEY,
  tenant text NOT NULL,
  subscription_id text NOT NULL,
  payload jsonb NOT NULL,
  endpoint jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  created_at timestamptz NOT NULL,
  delivered_at timestamptz
);
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX notification_outbox_subscription_idx ON notification_outbox (tenant, subscription_id);
`,
  },
];
