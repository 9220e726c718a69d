// Tables of the context broker. Plain PostgreSQL (no extension) so PGlite and the server agree;
// geometry is prefiltered by bounding-box columns and decided exactly in code (src/context/geo).
import type { Migration } from '../../storage/index.ts';

export const contextMigrations: Migration[] = [
  {
    id: '0200_context_entities',
    sql: `
CREATE TABLE entities (
  tenant text NOT NULL,
  id text NOT NULL,
  types text[] NOT NULL,
  scope text[],
  attrs jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL,
  modified_at timestamptz NOT NULL,
  loc_minx double precision,
  loc_miny double precision,
  loc_maxx double precision,
  loc_maxy double precision,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX entities_types_idx ON entities USING gin (types);
CREATE INDEX entities_loc_idx ON entities (tenant, loc_miny, loc_minx) WHERE loc_miny IS NOT NULL;
CREATE INDEX entities_modified_idx ON entities (tenant, modified_at);

CREATE TABLE temporal_instances (
  instance_id bigserial PRIMARY KEY,
  tenant text NOT NULL,
  entity_id text NOT NULL,
  entity_types text[] NOT NULL,
  attr text NOT NULL,
  dataset_id text,
  observed_at timestamptz,
  created_at timestamptz NOT NULL,
  modified_at timestamptz NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  instance jsonb NOT NULL
);
CREATE INDEX temporal_entity_attr_idx ON temporal_instances (tenant, entity_id, attr, observed_at);
CREATE INDEX temporal_modified_idx ON temporal_instances (tenant, entity_id, modified_at);

CREATE TABLE jsonld_contexts (
  id text PRIMARY KEY,
  body jsonb NOT NULL,
  kind text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
`,
  },
];
