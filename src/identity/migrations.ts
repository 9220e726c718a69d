// Tables of the identity module. Forward-only; ids 0100_* belong to identity.
import type { Migration } from '../storage/index.ts';

export const identityMigrations: Migration[] = [
  {
    id: '0100_identity_tenants',
    // The CHECK repeats TENANT_CODE_RE (rules.ts) so that rows written by hand stay valid header values.
    sql: `CREATE TABLE tenants (
      code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_-]{1,39}$'),
      name_ko text NOT NULL,
      name_en text NOT NULL,
      admin_code text NOT NULL DEFAULT '',
      time_zone text NOT NULL DEFAULT 'Asia/Seoul',
      bounds jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  },
  {
    id: '0101_identity_users',
    sql: `CREATE TABLE users (
      id text PRIMARY KEY,
      username text NOT NULL UNIQUE,
      display_name text NOT NULL,
      email text,
      password_hash text NOT NULL,
      platform_admin boolean NOT NULL DEFAULT false,
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  },
  {
    id: '0102_identity_memberships',
    sql: `CREATE TABLE memberships (
      user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      tenant text NOT NULL REFERENCES tenants (code) ON DELETE CASCADE,
      role text NOT NULL,
      PRIMARY KEY (user_id, tenant, role)
    );
    CREATE INDEX memberships_tenant_idx ON memberships (tenant)`,
  },
  {
    id: '0103_identity_api_keys',
    sql: `CREATE TABLE api_keys (
      id text PRIMARY KEY,
      tenant text NOT NULL REFERENCES tenants (code) ON DELETE CASCADE,
      name text NOT NULL,
      prefix text NOT NULL,
      hash text NOT NULL,
      roles text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX api_keys_prefix_idx ON api_keys (prefix);
    CREATE INDEX api_keys_tenant_idx ON api_keys (tenant)`,
  },
  {
    id: '0104_identity_platform_secrets',
    sql: `CREATE TABLE platform_secrets (name text PRIMARY KEY, value text NOT NULL)`,
  },
];
