// Tables of the rules engine and of alarms and incidents. Forward-only; ids 0700_* belong to rules.
// Plain PostgreSQL so the same SQL runs on PGlite and on a server.
import type { Migration } from '../../storage/index.ts';

export const rulesMigrations: Migration[] = [
  {
    id: '0700_rules',
    sql: `CREATE TABLE rules (
      tenant text NOT NULL REFERENCES tenants (code) ON DELETE CASCADE,
      id text NOT NULL,
      version integer NOT NULL,
      body jsonb NOT NULL,
      enabled boolean NOT NULL,
      disabled_reason text,
      deleted boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL,
      PRIMARY KEY (tenant, id)
    );
    -- every save is a new version; history is never rewritten
    CREATE TABLE rule_versions (
      tenant text NOT NULL,
      id text NOT NULL,
      version integer NOT NULL,
      body jsonb NOT NULL,
      enabled boolean NOT NULL,
      change text NOT NULL,
      saved_at timestamptz NOT NULL,
      saved_by text NOT NULL,
      PRIMARY KEY (tenant, id, version),
      FOREIGN KEY (tenant, id) REFERENCES rules (tenant, id) ON DELETE CASCADE
    );
    -- evaluation state per rule × entity; due_at = when a timer tick must look again
    CREATE TABLE rule_states (
      tenant text NOT NULL,
      rule_id text NOT NULL,
      entity_id text NOT NULL,
      entity_type text,
      state jsonb NOT NULL,
      due_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant, rule_id, entity_id),
      FOREIGN KEY (tenant, rule_id) REFERENCES rules (tenant, id) ON DELETE CASCADE
    );
    CREATE INDEX rule_states_due_idx ON rule_states (due_at) WHERE due_at IS NOT NULL`,
  },
  {
    id: '0710_alarms',
    sql: `CREATE TABLE incidents (
      tenant text NOT NULL REFERENCES tenants (code) ON DELETE CASCADE,
      id text NOT NULL,
      title text NOT NULL,
      description text,
      severity text NOT NULL,
      state text NOT NULL,
      assignee text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant, id)
    );
    CREATE TABLE alarms (
      tenant text NOT NULL REFERENCES tenants (code) ON DELETE CASCADE,
      id text NOT NULL,
      rule_id text,
      rule_version integer,
      entity_id text NOT NULL,
      entity_type text,
      severity text NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'warning', 'info')),
      category text NOT NULL,
      sub_category text,
      title text NOT NULL,
      state text NOT NULL CHECK (state IN ('open', 'acknowledged', 'dispatched', 'resolved', 'closed')),
      cleared_at timestamptz,
      count integer NOT NULL DEFAULT 1,
      first_seen timestamptz NOT NULL,
      last_seen timestamptz NOT NULL,
      assignee text,
      escalation_level integer NOT NULL DEFAULT 0,
      escalate_after_min integer NOT NULL,
      next_escalation_at timestamptz,
      incident_id text,
      detail jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant, id),
      FOREIGN KEY (tenant, incident_id) REFERENCES incidents (tenant, id) ON DELETE SET NULL (incident_id)
    );
    -- de-duplication: one live alarm per rule × entity, also across processes
    CREATE UNIQUE INDEX alarms_live_idx ON alarms (tenant, rule_id, entity_id)
      WHERE state IN ('open', 'acknowledged', 'dispatched');
    CREATE INDEX alarms_list_idx ON alarms (tenant, last_seen DESC);
    CREATE INDEX alarms_escalation_idx ON alarms (next_escalation_at) WHERE next_escalation_at IS NOT NULL;
    CREATE TABLE alarm_audit (
      seq bigserial PRIMARY KEY,
      tenant text NOT NULL,
      subject text NOT NULL CHECK (subject IN ('alarm', 'incident')),
      subject_id text NOT NULL,
      at timestamptz NOT NULL,
      by text NOT NULL,
      action text NOT NULL,
      from_state text,
      to_state text,
      note text
    );
    CREATE INDEX alarm_audit_subject_idx ON alarm_audit (tenant, subject, subject_id, seq)`,
  },
];
