// Tables of the notify module: agencies per tenant, the durable delivery outbox (which is also the
// delivery log), and published CAP alerts.
import type { Migration } from '../../storage/index.ts';

export const notifyMigrations: readonly Migration[] = [
  {
    id: '0860_notify',
    sql: `
CREATE TABLE notify_agencies (
  id text PRIMARY KEY,
  tenant text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  url text NOT NULL,
  email text,
  secret text NOT NULL,
  categories jsonb NOT NULL,
  enabled boolean NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX notify_agencies_tenant_idx ON notify_agencies (tenant);
CREATE TABLE notify_deliveries (
  id bigserial PRIMARY KEY,
  tenant text NOT NULL,
  agency_id text NOT NULL,
  event_key text NOT NULL,
  channel text NOT NULL,
  payload jsonb NOT NULL,
  state text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_at timestamptz NOT NULL,
  last_status integer,
  last_error text,
  history jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  UNIQUE (agency_id, event_key, channel)
);
CREATE INDEX notify_deliveries_due_idx ON notify_deliveries (next_at) WHERE state = 'pending';
CREATE INDEX notify_deliveries_tenant_idx ON notify_deliveries (tenant, id DESC);
CREATE TABLE cap_alerts (
  id text PRIMARY KEY,
  tenant text NOT NULL,
  incident_id text,
  alert jsonb NOT NULL,
  sent_at timestamptz NOT NULL
);
CREATE INDEX cap_alerts_sent_idx ON cap_alerts (sent_at DESC);
`,
  },
];
