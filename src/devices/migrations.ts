// Tables of the device registry. Forward-only; ids 0400_* belong to devices. Plain PostgreSQL so the
// same SQL runs on PGlite and on a server.
import type { Migration } from '../storage/index.ts';

export const devicesMigrations: Migration[] = [
  {
    id: '0400_devices_profiles',
    sql: `CREATE TABLE device_profiles (
      tenant text NOT NULL REFERENCES tenants (code) ON DELETE CASCADE,
      id text NOT NULL,
      name text NOT NULL,
      entity_type text NOT NULL,
      attributes jsonb NOT NULL,
      reporting_interval_sec integer NOT NULL CHECK (reporting_interval_sec BETWEEN 1 AND 86400),
      codec jsonb,
      data_class text NOT NULL DEFAULT 'default' CHECK (data_class IN ('default', 'personal')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant, id)
    )`,
  },
  {
    id: '0401_devices',
    // ON DELETE RESTRICT on the profile: a profile in use cannot vanish under its devices.
    sql: `CREATE TABLE devices (
      tenant text NOT NULL REFERENCES tenants (code) ON DELETE CASCADE,
      id text NOT NULL CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
      profile_id text NOT NULL,
      entity_id text NOT NULL,
      entity_type text NOT NULL,
      name text,
      lon float8,
      lat float8,
      dev_eui text CHECK (dev_eui ~ '^[0-9a-f]{16}$'),
      secret_hash text NOT NULL,
      last_seen_at timestamptz,
      online boolean NOT NULL DEFAULT false,
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant, id),
      FOREIGN KEY (tenant, profile_id) REFERENCES device_profiles (tenant, id) ON DELETE RESTRICT
    );
    CREATE UNIQUE INDEX devices_dev_eui_idx ON devices (tenant, dev_eui) WHERE dev_eui IS NOT NULL;
    CREATE INDEX devices_profile_idx ON devices (tenant, profile_id);
    CREATE INDEX devices_entity_idx ON devices (tenant, entity_id);
    CREATE INDEX devices_online_idx ON devices (last_seen_at) WHERE online`,
  },
];
