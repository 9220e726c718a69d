// Tables of the waste service. Forward-only; ids 2000_* belong to services/waste.
import type { Migration } from '../../../storage/index.ts';

export const wasteMigrations: Migration[] = [
  {
    id: '2000_waste',
    sql: `CREATE TABLE waste_bins (
      tenant text NOT NULL REFERENCES tenants (code) ON DELETE CASCADE,
      entity_id text NOT NULL,
      device_id text,
      name text,
      -- 동 (administrative neighbourhood) taken from the device name, for filters
      area text,
      lon double precision,
      lat double precision,
      threshold double precision NOT NULL,
      capacity_l double precision,
      -- incremental state: rate model, recent readings, pending drop (domain BinTrack)
      track jsonb NOT NULL,
      fill double precision,
      fill_at timestamptz,
      rate double precision,
      predicted_full_at timestamptz,
      status text NOT NULL DEFAULT 'ok',
      temperature double precision,
      last_emptied_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant, entity_id)
    );
    CREATE INDEX waste_bins_due_idx ON waste_bins (tenant, predicted_full_at);
    CREATE TABLE waste_emptyings (
      tenant text NOT NULL,
      entity_id text NOT NULL,
      at timestamptz NOT NULL,
      fill_before double precision,
      fill_after double precision,
      source text NOT NULL,
      reported_by text,
      PRIMARY KEY (tenant, entity_id, at),
      FOREIGN KEY (tenant, entity_id) REFERENCES waste_bins (tenant, entity_id) ON DELETE CASCADE
    );
    CREATE INDEX waste_emptyings_at_idx ON waste_emptyings (tenant, at)`,
  },
  {
    id: '2001_waste_plans',
    sql: `CREATE TABLE waste_fleets (
      tenant text PRIMARY KEY REFERENCES tenants (code) ON DELETE CASCADE,
      -- domain Fleet: depot, trucks, shift hours, speed, planning knobs
      body jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by text
    );
    CREATE TABLE waste_plans (
      tenant text NOT NULL REFERENCES tenants (code) ON DELETE CASCADE,
      id text NOT NULL,
      created_at timestamptz NOT NULL,
      created_by text,
      shift_start timestamptz NOT NULL,
      shift_end timestamptz NOT NULL,
      -- active: the plan trucks follow; superseded: replaced by a newer plan of the same shift; completed
      status text NOT NULL,
      -- routes with their stops, unserved bins, parameters and figures (domain plan)
      body jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant, id)
    );
    CREATE INDEX waste_plans_recent_idx ON waste_plans (tenant, created_at DESC);
    CREATE INDEX waste_plans_active_idx ON waste_plans (tenant) WHERE status = 'active'`,
  },
];
