// Tables of the ingestion path: the dead-letter store (every refused device message, kept with its
// reason so nothing is ever silently dropped).
import type { Migration } from '../storage/index.ts';

export const ingestMigrations: Migration[] = [
  {
    id: '0500_ingest_dead_letters',
    sql: `
CREATE TABLE dead_letters (
  id bigserial PRIMARY KEY,
  tenant text,
  device_id text,
  transport text NOT NULL,
  topic text NOT NULL,
  reason text NOT NULL,
  detail text NOT NULL,
  payload bytea NOT NULL,
  received_at timestamptz NOT NULL,
  replayed_at timestamptz,
  replay_result text
);
CREATE INDEX dead_letters_tenant_idx ON dead_letters (tenant, id DESC);
CREATE INDEX dead_letters_reason_idx ON dead_letters (tenant, reason, id DESC);
`,
  },
];
