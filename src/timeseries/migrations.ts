// Time-series storage: temporal_instances becomes a table RANGE-partitioned by month on created_at
// (cheap retention by dropping whole months, partition pruning on the time axis), plus the tables
// of retention policies, rollups, the rollup watermark and job leases.
//
// 0270 rebuilds the table in one transaction: rename the old table away, create the partitioned
// parent with a DEFAULT partition and one partition per month present in the data (and the next
// two months), copy every row, drop the old table and recreate its indexes on the parent. The
// bigserial sequence is detached from the old table first and reattached after, so instance ids
// continue. Writers are blocked for the duration of the copy (migrations run at start-up).
import type { Migration } from '../storage/index.ts';

/**
 * The value of an instance as a number: a JSON number under "value", a boolean as 1/0 (as the
 * temporal API's aggregation and the ingestion writer count it), else NULL.
 */
export const NUM_OF_INSTANCE_SQL = `CASE jsonb_typeof(instance -> 'value')
  WHEN 'number' THEN (instance ->> 'value')::double precision
  WHEN 'boolean' THEN CASE WHEN (instance ->> 'value')::boolean THEN 1.0::double precision ELSE 0.0::double precision END END`;

const PARTITIONED = `
ALTER TABLE temporal_instances RENAME TO temporal_instances_old;
ALTER TABLE temporal_instances_old RENAME CONSTRAINT temporal_instances_pkey TO temporal_instances_old_pkey;
ALTER SEQUENCE temporal_instances_instance_id_seq OWNED BY NONE;

CREATE TABLE temporal_instances (
  instance_id bigint NOT NULL DEFAULT nextval('temporal_instances_instance_id_seq'::regclass),
  tenant text NOT NULL,
  entity_id text NOT NULL,
  entity_types text[] NOT NULL,
  attr text NOT NULL,
  dataset_id text,
  observed_at timestamptz,
  created_at timestamptz NOT NULL,
  modified_at timestamptz NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  instance jsonb NOT NULL,
  -- data class of the reading: residents' personal data has its own (shorter) retention
  personal boolean NOT NULL DEFAULT false,
  -- identity of the device message, to recognise retransmissions
  msg_id text,
  -- the value when it is a number: the rollups read this column instead of parsing jsonb
  num double precision,
  -- a unique key of a partitioned table must contain the partition key
  PRIMARY KEY (instance_id, created_at)
) PARTITION BY RANGE (created_at);

-- Rows outside every monthly partition land here; ensurePartitions() moves them out.
CREATE TABLE temporal_instances_default PARTITION OF temporal_instances DEFAULT;

-- Months are UTC calendar months; partition bounds are written as timestamptz with offset +00.
DO $$
DECLARE m timestamp;
BEGIN
  FOR m IN
    SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC') FROM temporal_instances_old
    UNION
    SELECT generate_series(date_trunc('month', now() AT TIME ZONE 'UTC'),
                           date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 months',
                           interval '1 month')
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF temporal_instances FOR VALUES FROM (%L) TO (%L)',
      'temporal_instances_' || to_char(m, '"y"YYYY"m"MM'),
      to_char(m, 'YYYY-MM-DD"T"HH24:MI:SS"+00"'),
      to_char(m + interval '1 month', 'YYYY-MM-DD"T"HH24:MI:SS"+00"'));
  END LOOP;
END $$;

INSERT INTO temporal_instances (instance_id, tenant, entity_id, entity_types, attr, dataset_id, observed_at,
  created_at, modified_at, deleted, instance, num)
SELECT instance_id, tenant, entity_id, entity_types, attr, dataset_id, observed_at,
  created_at, modified_at, deleted, instance, ${NUM_OF_INSTANCE_SQL}
FROM temporal_instances_old;

-- Recreate every secondary index of the old table on the parent (whatever earlier migrations
-- added), after the copy so the indexes are built once. The primary key was declared above.
DO $$
DECLARE defs text[];
DECLARE d text;
BEGIN
  SELECT coalesce(array_agg(pg_get_indexdef(i.indexrelid) ORDER BY c.relname), '{}') INTO defs
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE i.indrelid = 'temporal_instances_old'::regclass AND NOT i.indisprimary;
  DROP TABLE temporal_instances_old;
  FOREACH d IN ARRAY defs LOOP
    EXECUTE regexp_replace(d, ' ON (\\S+\\.)?temporal_instances_old USING ', ' ON temporal_instances USING ');
  END LOOP;
END $$;

ALTER SEQUENCE temporal_instances_instance_id_seq OWNED BY temporal_instances.instance_id;

CREATE INDEX temporal_msg_idx ON temporal_instances (tenant, entity_id, msg_id) WHERE msg_id IS NOT NULL;
-- rows are appended in created_at order: a BRIN index finds a time range in a few page ranges
CREATE INDEX temporal_created_brin_idx ON temporal_instances USING brin (created_at);
`;

const TABLES = `
CREATE TABLE retention_policies (
  tenant text NOT NULL,
  data_class text NOT NULL CHECK (data_class IN ('default', 'personal')),
  days integer NOT NULL CHECK (days BETWEEN 1 AND 3650),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, data_class)
);

CREATE TABLE timeseries_rollups (
  tenant text NOT NULL,
  entity_id text NOT NULL,
  attr text NOT NULL,
  resolution text NOT NULL CHECK (resolution IN ('1m', '1h')),
  bucket timestamptz NOT NULL,
  count bigint NOT NULL,
  sum double precision NOT NULL,
  min double precision NOT NULL,
  max double precision NOT NULL,
  last double precision NOT NULL,
  last_at timestamptz NOT NULL,
  PRIMARY KEY (tenant, entity_id, attr, resolution, bucket)
);
-- retention of rollups deletes by age
CREATE INDEX timeseries_rollups_age_idx ON timeseries_rollups (resolution, bucket);

-- Process-time watermark of the rollups: rows with created_at <= at are aggregated.
CREATE TABLE timeseries_watermarks (
  name text PRIMARY KEY,
  at timestamptz NOT NULL
);
INSERT INTO timeseries_watermarks (name, at) VALUES ('rollup', '-infinity');

-- A lease lets one process at a time run a job made of many short transactions.
CREATE TABLE timeseries_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  until timestamptz NOT NULL
);
`;

// Every index of temporal_instances is paid by every reading: three earned less than they cost.
// - temporal_types_idx (GIN on entity_types): no query filters the history by this column (a type
//   restriction is applied to each entity's latest row, after DISTINCT ON).
// - temporal_modified_idx (tenant, entity_id, modified_at): the attribute-level
//   (tenant, entity_id, attr, modified_at) index serves the same reads by its prefix.
// - temporal_entity_attr_created_idx: createdAt as timeproperty is rare; such reads use the
//   (tenant, entity_id, attr) prefix of the observedAt index and filter.
const CONSOLIDATED = `
DROP INDEX IF EXISTS temporal_types_idx;
DROP INDEX IF EXISTS temporal_modified_idx;
DROP INDEX IF EXISTS temporal_entity_attr_created_idx;
`;

export const timeseriesMigrations: Migration[] = [
  { id: '0270_timeseries_partitioned', sql: PARTITIONED },
  { id: '0271_timeseries_tables', sql: TABLES },
  { id: '0272_temporal_indexes_consolidated', sql: CONSOLIDATED },
];

/** The secondary indexes temporal_instances keeps (besides its primary key). */
export const TEMPORAL_INDEXES = [
  'temporal_created_brin_idx',
  'temporal_entity_attr_idx',
  'temporal_entity_attr_modified_idx',
  'temporal_msg_idx',
  'temporal_tenant_entity_idx',
] as const;
